package org.openegate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Birth, Will and inbound commands against a real Mosquitto. */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a hung broker or child process must fail, not stall CI
class PresenceAndCommandsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static MqttOptions options(String uri, String gate) {
        return MqttOptions.builder(uri, Topics.of("pc-site", gate))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .build();
    }

    /** A plain Paho client for the "central" side of a test. */
    private static MqttAsyncClient central(String uri, String id) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(uri, id, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        c.connect(o).waitForCompletion(10_000);
        return c;
    }

    private static BlockingQueue<String> subscribeStates(MqttAsyncClient c, String topic) throws Exception {
        BlockingQueue<String> states = new LinkedBlockingQueue<>();
        c.setCallback(MessageCallbacks.onMessage((t, m) -> {
            JsonNode n = OutboxEvent.JSON.readTree(m.getPayload());
            states.add(n.get("state").asText() + (m.isRetained() ? "(retained)" : ""));
        }));
        c.subscribe(new MqttSubscription(topic, 1)).waitForCompletion(10_000);
        return states;
    }

    /** Enqueues one event and waits for its PUBACK: everything sent before it on that connection is processed. */
    private static void sync(Outbox outbox, MqttPublisher publisher, int n) throws Exception {
        outbox.enqueue(TestEvents.event(Stream.HEALTH, n, new Random(n)));
        assertThat(publisher.awaitDrained(WAIT)).isZero();
    }

    @Test
    void presence_birthRetained_willOnCut_offlineOnClose(@TempDir Path dir) throws Exception {
        try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosq"), false);
             Outbox outbox = Outbox.open(dir.resolve("outbox.db"))) {
            MqttOptions opts = options(mosquitto.uri(), "p1");
            String presence = opts.topics().topic(Stream.PRESENCE);
            MqttAsyncClient watcher = central(mosquitto.uri(), "watcher");
            try {
                MqttPublisher publisher = MqttPublisher.start(opts, outbox, TestEvents.CLOCK, new Random(1));
                try {
                sync(outbox, publisher, 1);
                BlockingQueue<String> states = subscribeStates(watcher, presence);
                assertThat(states.poll(30, TimeUnit.SECONDS)).isEqualTo("online(retained)");

                publisher.simulateConnectionCut();
                assertThat(states.poll(30, TimeUnit.SECONDS)).as("the Will").isEqualTo("offline");
                assertThat(states.poll(30, TimeUnit.SECONDS)).as("birth after reconnect").isEqualTo("online");
                sync(outbox, publisher, 2);
                assertThat(publisher.stats().connects()).isEqualTo(2);

                publisher.close();
                assertThat(states.poll(30, TimeUnit.SECONDS)).as("clean close").isEqualTo("offline");
                } finally {
                    publisher.close();
                }
                MqttAsyncClient late = central(mosquitto.uri(), "late");
                try {
                    assertThat(subscribeStates(late, presence).poll(30, TimeUnit.SECONDS))
                            .as("a newcomer sees the retained state").isEqualTo("offline(retained)");
                } finally {
                    late.disconnect().waitForCompletion();
                    late.close();
                }
            } finally {
                watcher.disconnect().waitForCompletion();
                watcher.close();
            }
        }
    }

    @Test
    void signedCommands_reachTheHandler_evenWhenSentWhileTheGateWasOffline(@TempDir Path dir) throws Exception {
        BlockingQueue<SignedCommand> received = new LinkedBlockingQueue<>();
        java.security.KeyPair ops = CommandsTest.p256(11);
        OperatorKeys keys = OperatorKeys.of(java.util.Map.of("ops", ops.getPublic()));
        CommandSigner signer = CommandsTest.signer(ops, "ops", TestEvents.CLOCK);
        CommandHandler handler = c -> {
            received.add(c);
            return CommandReply.ok();
        };
        try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosq"), false);
             Outbox outbox = Outbox.open(dir.resolve("outbox.db"))) {
            MqttOptions opts = options(mosquitto.uri(), "c1");
            try (Operator operator = new Operator(mosquitto.uri(), opts.topics())) {
                MqttPublisher first = MqttPublisher.start(opts, outbox, TestEvents.CLOCK, new Random(2), keys, handler);
                try {
                    sync(outbox, first, 1);
                    Operator.Reply r = operator.send(opts.topics().command("policy"),
                            signer.sign(opts.topics(), CommandType.POLICY, null, Duration.ofMinutes(5)));
                    assertThat(r.status()).isEqualTo("OK");
                    SignedCommand c = received.poll(30, TimeUnit.SECONDS);
                    assertThat(c).isNotNull();
                    assertThat(c.type()).isEqualTo(CommandType.POLICY);
                } finally {
                    first.close();
                }

                // Offline now; the broker keeps the session (Clean Start false, expiry 1 day) and queues this.
                MqttProperties p = new MqttProperties();
                p.setResponseTopic(opts.topics().reply("ops"));
                MqttAsyncClient raw = central(mosquitto.uri(), "raw-operator");
                try {
                    ObjectNode args = OutboxEvent.JSON.createObjectNode().put("mode", "closed");
                    raw.publish(opts.topics().command("mode"), new MqttMessage(
                            signer.sign(opts.topics(), CommandType.MODE, args, Duration.ofMinutes(5)), 1, false, p))
                            .waitForCompletion();
                } finally {
                    raw.disconnect().waitForCompletion();
                    raw.close();
                }
                try (MqttPublisher second = MqttPublisher.start(opts, outbox, TestEvents.CLOCK, new Random(3), keys,
                        handler)) {
                    SignedCommand queued = received.poll(30, TimeUnit.SECONDS);
                    assertThat(queued).isNotNull();
                    assertThat(queued.mode()).contains(CommandType.Mode.CLOSED);
                    assertThat(queued.toString()).doesNotContain("closed");
                    sync(outbox, second, 2);
                }
                assertThat(received).isEmpty();
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
