package org.openegate.gate.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.mqtt.MessageCallbacks;
import org.openegate.mqtt.Stream;
import org.openegate.mqtt.Topics;
import org.tinylog.Logger;

/**
 * Acceptance 1, 3 and 4 of issue #9 in a real headless browser: Mosquitto, four simulated gates and the console
 * start here; then {@code node src/test/browser/console-e2e.mjs} drives Debian chromium through playwright-core
 * (log in, referrals appear live, the officer decides, the gate reacts; the traveller screen in EN, FR, ES and
 * AR; supervisor and operator views) and this test fails on its failure. Screenshots land in
 * {@code target/browser-artifacts/}. Needs {@code /usr/bin/chromium}, {@code node} and {@code npm ci} in
 * src/test/browser ({@code ./egate test} does both).
 */
class WebBrowserTest {

    static final int GATES = 4;
    static final int REFERRALS = 20;

    @TempDir
    Path dir;

    @Test
    void officerResolvesLiveReferrals_inChromium() throws Exception {
        Path harness = Path.of("src/test/browser").toAbsolutePath();
        assertThat(Path.of("/usr/bin/chromium")).as("Debian chromium (apt-get install chromium)").exists();
        assertThat(harness.resolve("node_modules/playwright-core")).as("npm ci in " + harness).exists();
        Path artifacts = Path.of("target/browser-artifacts").toAbsolutePath();
        Files.createDirectories(artifacts);

        try (ConsoleRig rig = new ConsoleRig(dir, GATES, 300, ConsoleConfig.Security.DEFAULT);
                Decisions decisions = new Decisions(rig.broker.uri())) {
            ProcessBuilder node = new ProcessBuilder("node", "console-e2e.mjs").directory(harness.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            node.environment().put("CONSOLE_URL", rig.baseUrl());
            node.environment().put("SCREEN_URL", "http://127.0.0.1:" + rig.gates.get(0).httpPort() + "/screen/");
            node.environment().put("PASSWORD", ConsoleRig.PASSWORD);
            node.environment().put("ARTIFACTS", artifacts.toString());
            node.environment().put("REFERRALS", String.valueOf(REFERRALS));
            node.environment().put("GATES", String.valueOf(GATES));
            Process process = node.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("browser test finished").isTrue();
            Files.writeString(artifacts.resolve("result.json"), out);
            String last = out.strip().lines().reduce((a, b) -> b).orElse("{}");
            JsonObject result = new JsonObject(last);
            Logger.info("browser test: {}", last);
            assertThat(process.exitValue()).as("node console-e2e.mjs: " + result.getString("error")).isZero();

            assertThat(result.getInteger("decided")).isGreaterThanOrEqualTo(REFERRALS);
            // Acceptance 3 is measured, not asserted (no timing assertions in tests: a loaded CI machine is not the
            // product): referral (gate clock) to the case card in the console's DOM, over >= 20 live cases; the
            // numbers are in result.json and the log line above.
            assertThat(result.getInteger("cases")).isGreaterThanOrEqualTo(REFERRALS);
            assertThat(result.getJsonArray("latenciesMs")).hasSize(result.getInteger("cases"));
            assertThat(result.getJsonArray("screenshots").getList()).contains("console-referral.png",
                    "traveller-screen-en.png", "traveller-screen-fr.png", "traveller-screen-es.png",
                    "traveller-screen-ar.png", "status.png");
            // Every decision was journalled at its gate and published with the officer's id.
            List<JsonObject> published = decisions.awaitAtLeast(result.getInteger("decided"), Duration.ofSeconds(30));
            assertThat(published).allSatisfy(d -> {
                assertThat(d.getString("officerId")).isEqualTo("officer.1");
                assertThat(d.getString("signedBy")).isEqualTo("console-cmd-1");
                assertThat(d.getString("gateState")).isIn("EXIT_OPEN", "REJECTED");
            });
        }
    }

    /** Listens to every gate's decisions stream, as a central system would. */
    static final class Decisions implements AutoCloseable {
        private final MqttAsyncClient client;
        private final List<JsonObject> received = new CopyOnWriteArrayList<>();

        Decisions(String uri) throws MqttException {
            client = new MqttAsyncClient(uri, "decisions-" + System.nanoTime(), new MemoryPersistence());
            client.setCallback(MessageCallbacks.onMessage((topic, m) ->
                    received.add(new JsonObject(new String(m.getPayload(), StandardCharsets.UTF_8)))));
            client.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
            client.subscribe(Topics.fleetFilter(Stream.DECISIONS), 1).waitForCompletion(10_000);
        }

        List<JsonObject> awaitAtLeast(int n, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (received.size() < n && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            return List.copyOf(received);
        }

        @Override
        public void close() throws MqttException {
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
    }
}
