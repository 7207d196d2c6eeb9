package org.openegate.gate.web;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.LinkedHashSet;
import java.util.Set;
import org.openegate.gate.service.GateAddresses;

/**
 * The traveller's kiosk screen, served by the gate itself: {@code GET /screen/} (a full-screen page, EN, FR,
 * ES and AR right-to-left, picked by {@code ?lang=}) and {@code GET /screen/events}, a server-sent-event stream
 * of {@link TravellerView} steps driven by the gate's state on the event bus. The stream carries a step name
 * only, never a reason: see {@link TravellerView}. The screen needs no login (it is the kiosk's own display,
 * bound to the gate's local interface with /health) and holds no personal data.
 */
public final class TravellerScreen {

    private final Set<HttpServerResponse> viewers = new LinkedHashSet<>();
    private String state = "IDLE";
    private String transactionId;
    private String verdict;

    private TravellerScreen() {
    }

    /** Adds the screen's routes to {@code router}; call on the verticle that owns the router. */
    public static void mount(Vertx vertx, Router router) {
        TravellerScreen screen = new TravellerScreen();
        vertx.eventBus().<JsonObject>consumer(GateAddresses.STATE, m -> screen.onState(m.body()));
        vertx.eventBus().<JsonObject>consumer(GateAddresses.OFFICER, m -> screen.onOfficer(m.body()));
        router.get("/screen/events").handler(ctx -> screen.subscribe(ctx.response()));
        router.route("/screen/*").handler(StaticHandler.create("web/screen").setCachingEnabled(false)
                .setIndexPage("index.html"));
    }

    private void onState(JsonObject body) {
        String id = body.getString("transactionId");
        if (id == null || !id.equals(transactionId)) {
            verdict = null; // a verdict belongs to its traveller only
        }
        transactionId = id;
        state = body.getString("state", "FAULT");
        broadcast();
    }

    private void onOfficer(JsonObject body) {
        if (body.getString("transactionId", "").equals(transactionId)) {
            verdict = body.getString("verdict");
            broadcast();
        }
    }

    private String frame() {
        return "data: " + TravellerView.of(state, verdict).toJson().encode() + "\n\n";
    }

    private void subscribe(HttpServerResponse response) {
        response.setChunked(true).putHeader("content-type", "text/event-stream")
                .putHeader("cache-control", "no-store").putHeader("x-content-type-options", "nosniff");
        viewers.add(response);
        response.closeHandler(v -> viewers.remove(response));
        response.write(frame());
    }

    private void broadcast() {
        String frame = frame();
        for (HttpServerResponse viewer : viewers) {
            if (!viewer.closed()) {
                viewer.write(frame);
            }
        }
    }
}
