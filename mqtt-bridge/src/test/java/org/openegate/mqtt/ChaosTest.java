package org.openegate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tinylog.Logger;

/**
 * Acceptance 1: chaos against a real Mosquitto. A child JVM ({@link ChaosPublisher}) publishes N events at a
 * steady rate while, in turn, (a) the broker is stopped and restarted, (b) the publishing process is killed with
 * SIGKILL mid-stream and restarted on the same outbox, (c) the broker is frozen with SIGSTOP and resumed. A
 * subscriber with a persistent session (Clean Start false, QoS 1, on a broker with persistence) records every
 * event id. Afterwards: every id arrived (0 lost), and the duplicates of each disruption are at most what was in
 * flight then: the gate's window (32) plus the broker's window towards the subscriber (20).
 *
 * <p>CI version ({@link #chaos_ci}): N = 10,000 at 400 events/s with the pauses SHORTENED to 5 s (broker
 * stopped) and 5 s (frozen); about a minute. Full version ({@link #chaos_full}, tagged "soak", not in the normal
 * suite): N = 100,000 at 1,000 events/s, broker stopped 60 s, frozen 30 s. Run it with
 * {@code mvn -B -q -pl mqtt-bridge test -Dtest=ChaosTest#chaos_full -Degate.excludedGroups=none}.
 */
class ChaosTest {

    static final int WINDOW = 32;
    /** Mosquitto's QoS 1 window towards the subscriber (its default, set explicitly). */
    static final int BROKER_WINDOW = 20;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void chaos_ci(@TempDir Path dir) throws Exception {
        run(dir, 10_000, 400, Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    @Tag("soak")
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void chaos_full(@TempDir Path dir) throws Exception {
        run(dir, 100_000, 1_000, Duration.ofSeconds(60), Duration.ofSeconds(30));
    }

    /** Counts deliveries per event id on the central side. */
    static final class Recorder implements MessageCallbacks.Listener {
        final Map<String, Integer> seen = new ConcurrentHashMap<>();
        final AtomicLong messages = new AtomicLong();

        @Override
        public void messageArrived(String topic, MqttMessage m) throws Exception {
            JsonNode n = OutboxEvent.JSON.readTree(m.getPayload());
            seen.merge(n.get("eventId").asText(), 1, Integer::sum);
            messages.incrementAndGet();
        }
    }

    private void run(Path dir, int total, int rate, Duration brokerDown, Duration brokerFrozen) throws Exception {
        Path outbox = dir.resolve("gate/outbox.db");
        Path progress = dir.resolve("gate/progress");
        Files.createDirectories(outbox.getParent());
        Recorder recorder = new Recorder();
        List<Long> phaseDuplicates = new ArrayList<>();
        // max_queued_messages 0: Mosquitto by default queues at most 1,000 QoS 1 messages per subscriber and drops
        // the rest, after PUBACKing them to the gate. The backlog a gate sends after an outage exceeds that, so the
        // central broker must not cap its subscribers' queues (README, MQTT topics); this test measures the gate.
        try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosq"), true,
                "max_inflight_messages " + BROKER_WINDOW + "\nmax_queued_messages 0\n")) {
            MqttAsyncClient sub = new MqttAsyncClient(mosquitto.uri(), "chaos-central", new MemoryPersistence());
            sub.setCallback(MessageCallbacks.onMessage(recorder));
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(false);
            o.setSessionExpiryInterval(3600L);
            o.setAutomaticReconnect(true);
            o.setAutomaticReconnectDelay(1, 2);
            o.setKeepAliveInterval(5);
            sub.connect(o).waitForCompletion(10_000);
            sub.subscribe(new MqttSubscription("egate/v1/chaos/+/crossings", 1)).waitForCompletion(10_000);
            Process child = startChild(dir, outbox, mosquitto.uri(), total, rate, progress);
            try {
                LongSupplier received = () -> recorder.seen.size();
                LongSupplier enqueued = () -> readProgress(progress);
                LongSupplier dups = () -> recorder.messages.get() - recorder.seen.size();

                awaitAtLeast(received, total / 4, Duration.ofMinutes(2));
                Logger.info("chaos (a): stopping the broker for {} at {} received", brokerDown, received.getAsLong());
                mosquitto.stop();
                Thread.sleep(brokerDown.toMillis()); // the disruption itself, not a wait for a result
                mosquitto.restart();

                awaitAtLeast(enqueued, total / 2, Duration.ofMinutes(5));
                long afterA = dups.getAsLong();
                phaseDuplicates.add(afterA);
                Logger.info("chaos (b): SIGKILL of the publisher at {} enqueued", enqueued.getAsLong());
                child.destroyForcibly().waitFor(); // SIGKILL on Linux
                child = startChild(dir, outbox, mosquitto.uri(), total, rate, progress);

                awaitAtLeast(received, total * 3L / 4, Duration.ofMinutes(5));
                long afterB = dups.getAsLong();
                phaseDuplicates.add(afterB - afterA);
                Logger.info("chaos (c): SIGSTOP of the broker for {} at {} received", brokerFrozen, received.getAsLong());
                mosquitto.signal("STOP");
                Thread.sleep(brokerFrozen.toMillis());
                mosquitto.signal("CONT");

                assertThat(child.waitFor(10, TimeUnit.MINUTES)).as("publisher finished").isTrue();
                assertThat(child.exitValue()).as("publisher drained its outbox; see " + dir.resolve("child.log"))
                        .isZero();
                awaitAtLeast(received, total, Duration.ofMinutes(2));
                phaseDuplicates.add(dups.getAsLong() - afterB);
            } finally {
                child.destroyForcibly();
                sub.disconnect().waitForCompletion(10_000);
                sub.close();
            }
        }
        List<String> lost = new ArrayList<>();
        for (long n = 0; n < total; n++) {
            if (!recorder.seen.containsKey(ChaosPublisher.eventId(n))) {
                lost.add(Long.toString(n));
            }
        }
        long duplicates = recorder.messages.get() - recorder.seen.size();
        Logger.info("chaos: {} events, {} messages received, {} distinct, {} lost, {} duplicates"
                + " (per disruption a, b, c: {})", total, recorder.messages.get(), recorder.seen.size(), lost.size(),
                duplicates, phaseDuplicates);
        assertThat(lost).as("lost event numbers").isEmpty();
        assertThat(recorder.seen.size()).isEqualTo(total);
        // Each disruption may re-send at most what was in flight: the gate's window to the broker, plus the broker's
        // window to the subscriber (a PUBACK from the subscriber lost with the broker or the connection). The SIGKILL
        // adds the harness's own share: the restarted producer enqueues again from its progress file, which trails
        // the outbox by up to one tick of events; those already delivered and deleted are delivered again (measured
        // 58 and 68 in phase b under load 30, with 0 lost). That is the producer's doing, not the publisher's.
        long producerTick = Math.max(1, rate / 10);
        assertThat(phaseDuplicates).hasSize(3)
                .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(WINDOW + BROKER_WINDOW + producerTick));
    }

    private static long readProgress(Path progress) {
        try {
            return Files.exists(progress) ? Long.parseLong(Files.readString(progress).strip()) : 0;
        } catch (java.io.IOException | NumberFormatException e) {
            return 0; // being replaced right now; read again on the next poll
        }
    }

    /** Polls {@code value} until it reaches {@code target}; fails after {@code timeout}. */
    private static void awaitAtLeast(LongSupplier value, long target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (value.getAsLong() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stuck at " + value.getAsLong() + " of " + target + " after " + timeout);
            }
            Thread.sleep(20);
        }
    }

    private static Process startChild(Path dir, Path outbox, String uri, int total, int rate, Path progress)
            throws java.io.IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File log = dir.resolve("child.log").toFile();
        return new ProcessBuilder(java, "-cp", cp, ChaosPublisher.class.getName(), outbox.toString(), uri,
                Integer.toString(total), Integer.toString(rate), progress.toString(), Integer.toString(WINDOW))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    }
}
