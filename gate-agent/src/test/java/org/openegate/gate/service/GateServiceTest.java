package org.openegate.gate.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.gate.config.ConfigLoader;
import org.openegate.gate.config.GateConfig;

/** The service in-process: health, Prometheus metrics, commands on the event bus, travellers decided. */
class GateServiceTest {

    @TempDir
    Path dir;

    private static JsonObject get(HttpClient http, int port, String path, int[] status) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        status[0] = response.statusCode();
        return path.equals("/health") ? new JsonObject(response.body()) : new JsonObject().put("text", response.body());
    }

    @Test
    void service_servesHealthMetricsAndCommands() throws Exception {
        String config = Files.readString(Path.of("src/main/resources/gate-example.yaml"))
                .replace("dataDir: gate-data", "dataDir: data").replace("port: 8088", "port: 0")
                .replace("mrzDelayMs: 300", "mrzDelayMs: 0").replace("chipDelayMs: 800", "chipDelayMs: 0")
                .replace("faceDelayMs: 400", "faceDelayMs: 0").replace("travellerIntervalMs: 1000",
                        "travellerIntervalMs: 10");
        Path file = dir.resolve("gate.yaml");
        Files.writeString(file, config);
        Vertx loader = Vertx.vertx();
        GateConfig gateConfig = ConfigLoader.load(loader, file).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
        loader.close();

        try (GateService service = GateService.start(gateConfig, Clock.systemUTC(), new SecureRandom())) {
            HttpClient http = HttpClient.newHttpClient();
            int[] status = new int[1];
            JsonObject health = get(http, service.httpPort(), "/health", status);
            assertThat(status[0]).isEqualTo(200);
            assertThat(health.getString("status")).isEqualTo("UP");
            assertThat(health.getString("mode")).isEqualTo("OPEN");

            // The simulated travellers are decided; wait for a few crossings in the metrics.
            Instant end = Instant.now().plus(Duration.ofMinutes(4));
            String metrics = "";
            while (Instant.now().isBefore(end) && !metrics.contains("egate_crossings_total")) {
                Thread.sleep(500);
                metrics = get(http, service.httpPort(), "/metrics", status).getString("text");
            }
            assertThat(metrics).contains("egate_crossings_total{outcome=").contains("egate_step_seconds")
                    .contains("vertx_");

            JsonObject reply = service.vertx().eventBus().<JsonObject>request(GateAddresses.COMMAND,
                    new JsonObject().put("command", "MODE").put("mode", "MAINTENANCE"))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).body();
            assertThat(reply.getBoolean("accepted")).isTrue();
            // The traveller inside finishes first; then the lane is out of service.
            end = Instant.now().plus(Duration.ofMinutes(2));
            while (Instant.now().isBefore(end) && !service.controller().machine().state().name().equals("MAINTENANCE")) {
                Thread.sleep(200);
            }
            health = get(http, service.httpPort(), "/health", status);
            assertThat(status[0]).isEqualTo(503);
            assertThat(health.getString("state")).isEqualTo("MAINTENANCE");
            assertThat(health.getString("exitDoor")).isEqualTo("LOCKED");

            Throwable bad = service.vertx().eventBus().request(GateAddresses.COMMAND,
                    new JsonObject().put("command", "MODE").put("mode", "PARTY")).toCompletionStage()
                    .toCompletableFuture().handle((ok, e) -> e).get(30, TimeUnit.SECONDS);
            assertThat(bad).hasMessageContaining("PARTY");
        }
    }
}
