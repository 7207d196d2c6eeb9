package org.openegate.gate.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.function.Supplier;
import org.openegate.gate.flow.GateState;
import org.openegate.gate.flow.GateStateMachine;
import org.openegate.gate.web.TravellerScreen;

/**
 * {@code GET /health}: 200 with the gate's state while it can serve travellers or is busy with one, 503 in FAULT,
 * EMERGENCY, CLOSED or MAINTENANCE (a load balancer or the console then shows the lane as out of service).
 * {@code GET /screen/}: the traveller's kiosk screen ({@link TravellerScreen}).
 * {@code GET /metrics}: Prometheus text format of the Micrometer registry (Vert.x's own metrics and the gate's:
 * {@code egate_crossings_total{outcome}}, {@code egate_step_seconds{step}}, ...).
 */
final class HttpVerticle extends AbstractVerticle {

    private final GateStateMachine gate;
    private final PrometheusMeterRegistry registry;
    private final String host;
    private final int port;
    private final Supplier<JsonObject> details;
    private HttpServer server;

    HttpVerticle(GateStateMachine gate, PrometheusMeterRegistry registry, String host, int port,
            Supplier<JsonObject> details) {
        this.gate = gate;
        this.registry = registry;
        this.host = host;
        this.port = port;
        this.details = details;
    }

    @Override
    public void start(Promise<Void> started) {
        Router router = Router.router(vertx);
        router.get("/health").handler(ctx -> {
            GateState state = gate.state();
            boolean serving = state == GateState.IDLE || state.processing() || state == GateState.EXIT_OPEN
                    || state == GateState.REFERRED || state == GateState.REJECTED;
            JsonObject details = this.details.get();
            // a driver DOWN (docs/gate-eventbus.md "Driver health") outranks the state: the gate is faulted by it
            boolean deviceDown = details.getJsonObject("devices", new JsonObject()).stream()
                    .anyMatch(d -> d.getValue() instanceof JsonObject h && "DOWN".equals(h.getString("status")));
            serving &= !deviceDown;
            JsonObject body = details.put("status", deviceDown ? "DOWN" : serving ? "UP" : "OUT_OF_SERVICE")
                    .put("state", state.name()).put("mode", gate.mode().name());
            ctx.response().setStatusCode(serving ? 200 : 503).putHeader("content-type", "application/json")
                    .end(body.encode());
        });
        router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
        TravellerScreen.mount(vertx, router);
        vertx.createHttpServer().requestHandler(router).listen(port, host).onSuccess(s -> {
            server = s;
            started.complete();
        }).onFailure(started::fail);
    }

    int actualPort() {
        return server.actualPort();
    }
}
