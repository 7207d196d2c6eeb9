package org.openegate.gate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.mqtt.AsyncApiContract;

/**
 * Acceptance 5: {@code egate demo --broker tcp://HOST:PORT} publishes to an external, real Mosquitto, and every
 * message it sends there (crossings, presence) matches the AsyncAPI document: the topic a channel address, the
 * payload that channel's schema.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DemoBrokerCommandTest {

    private static final Path MOSQUITTO = Path.of(System.getProperty("egate.mosquitto", "/usr/sbin/mosquitto"));

    record Received(String topic, byte[] payload, String eventIdProperty) { }

    @Test
    void demo_withBroker_publishesToIt_andEveryMessageMatchesTheAsyncApiDocument(@TempDir Path dir) throws Exception {
        if (!Files.isExecutable(MOSQUITTO)) {
            fail("Mosquitto is not installed at " + MOSQUITTO + "; apt-get install -y mosquitto (./egate test does it)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                + "user " + System.getProperty("user.name") + "\nlog_dest stderr\nlog_type all\n");
        Process broker = new ProcessBuilder(MOSQUITTO.toString(), "-c", conf.toString()).redirectErrorStream(true).start();
        MqttAsyncClient tap = null;
        try {
            CompletableFuture<Void> running = new CompletableFuture<>();
            Thread log = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (line.contains(" running")) {
                            running.complete(null);
                        }
                    }
                } catch (java.io.IOException e) {
                    running.completeExceptionally(e);
                }
            });
            log.setDaemon(true);
            log.start();
            running.get(20, TimeUnit.SECONDS);
            String uri = "tcp://127.0.0.1:" + port;

            tap = new MqttAsyncClient(uri, "demo-tap", new MemoryPersistence());
            tap.setCallback(new MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage m) {
                    String id = m.getProperties() == null || m.getProperties().getUserProperties() == null ? null
                            : m.getProperties().getUserProperties().stream().filter(u -> u.getKey().equals("eventId"))
                                    .map(u -> u.getValue()).findFirst().orElse(null);
                    synchronized (received) {
                        received.add(new Received(topic, m.getPayload(), id));
                    }
                }

                @Override
                public void disconnected(MqttDisconnectResponse r) {
                }

                @Override
                public void mqttErrorOccurred(MqttException e) {
                }

                @Override
                public void deliveryComplete(IMqttToken t) {
                }

                @Override
                public void connectComplete(boolean reconnect, String u) {
                }

                @Override
                public void authPacketArrived(int code, MqttProperties p) {
                }
            });
            tap.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
            tap.subscribe(new MqttSubscription("egate/#", 1)).waitForCompletion(10_000);

            CliTestSupport.Run run = CliTestSupport.run("demo", "--travellers", "4", "--seed", "3", "--broker", uri,
                    "--home", dir.resolve("home").toString(), "--json", "--drain-timeout", "60");
            assertThat(run.status()).as(run.err()).isZero();
            JsonNode summary = new ObjectMapper().readTree(run.out());
            assertThat(summary.get("published").asInt()).isEqualTo(4);
            assertThat(summary.get("queued").asInt()).isZero();

            // The demo's offline Will arrives after its clean close; then everything it sent is here.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline && received().stream().noneMatch(r -> new String(r.payload(),
                    StandardCharsets.UTF_8).contains("\"offline\""))) {
                Thread.sleep(50);
            }
        } finally {
            if (tap != null) {
                tap.disconnect().waitForCompletion(10_000);
                tap.close();
            }
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }

        AsyncApiContract contract = AsyncApiContract.load();
        List<Received> all = received();
        List<Received> crossings = all.stream().filter(r -> r.topic().endsWith("/crossings")).toList();
        assertThat(crossings).hasSizeGreaterThanOrEqualTo(4);
        assertThat(all).anyMatch(r -> r.topic().endsWith("/presence"));
        for (Received r : all) {
            assertThat(r.topic()).startsWith("egate/v1/");
            assertThat(contract.violations(r.topic(), r.payload()))
                    .as(r.topic() + " " + new String(r.payload(), StandardCharsets.UTF_8)).isEmpty();
        }
        for (Received r : crossings) {
            JsonNode body = new ObjectMapper().readTree(r.payload());
            assertThat(r.eventIdProperty()).isEqualTo(body.get("eventId").asText());
        }
    }

    private final List<Received> received = new ArrayList<>();

    private List<Received> received() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }
}
