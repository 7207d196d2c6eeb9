package org.openegate.gate.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openegate.gate.service.GateServiceRealDriversTest.await;

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
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.gate.config.ConfigLoader;
import org.openegate.gate.config.GateConfig;
import org.openegate.gate.sim.SimulatedCardReader;

/**
 * The simulated gate goes through the same driver contract as a real one: its twins sit behind the same driver
 * verticles, so the bus carries the same messages (document presented with an opaque read id for each
 * transaction, the simulated reader's card put down and taken back, camera frame counts, every device UP) and
 * /health lists the same devices. Counterpart of {@link GateServiceRealDriversTest}.
 */
class GateServiceSimulatedDriversTest {

    @TempDir
    Path dir;

    @Test
    void simulatedTwins_speakTheDriverContract() throws Exception {
        String yaml = Files.readString(Path.of("src/main/resources/gate-example.yaml"))
                .replace("dataDir: gate-data", "dataDir: data").replace("port: 8088", "port: 0")
                .replace("mrzDelayMs: 300", "mrzDelayMs: 0").replace("chipDelayMs: 800", "chipDelayMs: 0")
                .replace("faceDelayMs: 400", "faceDelayMs: 0").replace("travellerIntervalMs: 1000",
                        "travellerIntervalMs: 10");
        Path file = dir.resolve("gate.yaml");
        Files.writeString(file, yaml);
        Vertx loader = Vertx.vertx();
        GateConfig config;
        try {
            config = ConfigLoader.load(loader, file).toCompletionStage().toCompletableFuture().get(60,
                    TimeUnit.SECONDS);
        } finally {
            loader.close();
        }

        List<JsonObject> bus = new CopyOnWriteArrayList<>();
        try (GateService service = GateService.start(config, Clock.systemUTC(), new SecureRandom())) {
            for (String address : List.of(GateAddresses.CHIP, GateAddresses.MRZ_DOCUMENT, GateAddresses.CAMERA,
                    GateAddresses.DEVICE_HEALTH, GateAddresses.CROSSING, GateAddresses.STATE)) {
                service.vertx().eventBus().<JsonObject>consumer(address, m -> bus.add(m.body().copy()
                        .put("address", address)));
            }
            await("three simulated crossings", () -> bus.stream()
                    .filter(m -> GateAddresses.CROSSING.equals(m.getString("address"))).count() >= 3);
            await("camera frame counts", () -> bus.stream().anyMatch(m -> "FRAMES".equals(m.getString("event"))));

            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + service.httpPort() + "/health")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonObject devices = new JsonObject(health.body()).getJsonObject("devices");
            assertThat(devices.fieldNames()).containsExactlyInAnyOrder("mrz", "chip", "camera");
            devices.forEach(d -> assertThat(((JsonObject) d.getValue()).getString("status")).as(d.getKey())
                    .isEqualTo("UP"));
        }

        // each decided transaction (that began after the test listened) had its document presented through the MRZ
        // verticle, with an opaque id
        Set<String> watched = bus.stream().filter(m -> GateAddresses.STATE.equals(m.getString("address"))
                && "DOCUMENT".equals(m.getString("state"))).map(m -> m.getString("transactionId"))
                .collect(Collectors.toSet());
        Set<String> decided = bus.stream().filter(m -> GateAddresses.CROSSING.equals(m.getString("address")))
                .map(m -> m.getString("transactionId")).filter(watched::contains).collect(Collectors.toSet());
        assertThat(decided).hasSizeGreaterThanOrEqualTo(2);
        List<JsonObject> presented = bus.stream().filter(m -> "DOCUMENT_PRESENTED".equals(m.getString("event")))
                .toList();
        assertThat(presented.stream().map(m -> m.getString("transactionId")).collect(Collectors.toSet()))
                .containsAll(decided);
        assertThat(presented).allSatisfy(m -> {
            assertThat(m.fieldNames()).containsExactlyInAnyOrder("device", "event", "transactionId", "readId",
                    "address");
            assertThat(m.getString("readId")).matches("[0-9a-f]{24}");
        });
        assertThat(presented.stream().map(m -> m.getString("readId")).distinct()).hasSameSizeAs(presented);
        // the simulated reader: the passport put down for the checks and taken back
        assertThat(bus).anySatisfy(m -> assertThat(m).isEqualTo(new JsonObject().put("device", "chip")
                .put("event", "CARD_INSERTED").put("reader", SimulatedCardReader.READER)
                .put("address", GateAddresses.CHIP)));
        assertThat(bus).anySatisfy(m -> assertThat(m.getString("event")).isEqualTo("CARD_REMOVED"));
        assertThat(bus).noneMatch(m -> "DOWN".equals(m.getString("status")));
        bus.removeIf(m -> GateAddresses.STATE.equals(m.getString("address")));
        // no MRZ line on the bus: a TD3 line is 44 characters of the MRZ alphabet
        assertThat(bus.toString()).doesNotContainPattern("[A-Z0-9<]{44}");
    }
}
