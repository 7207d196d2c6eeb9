package org.openegate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The publisher against a real Mosquitto 2 broker, started and killed by the test. */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a hung broker or child process must fail, not stall CI
class MosquittoTest {

    private static MqttOptions options(String uri, String gate) {
        return MqttOptions.builder(uri, Topics.of("mosq-site", gate))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .build();
    }

    @Test
    void publish_toRealMosquitto_deliversEveryRecordInOrder(@TempDir Path dir) throws Exception {
        List<OutboxEvent> crossings = TestEvents.events(Stream.CROSSINGS, 500, 21);
        List<OutboxEvent> telemetry = TestEvents.events(Stream.TELEMETRY, 50, 22);
        try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosq"), false);
             RecordCounter counter = RecordCounter.start(mosquitto.uri());
             RecordCounter telemetryCounter = RecordCounter.start(mosquitto.uri(), Topics.fleetFilter(Stream.TELEMETRY));
             Outbox outbox = Outbox.open(dir.resolve("outbox.db"));
             MqttPublisher publisher = MqttPublisher.start(options(mosquitto.uri(), "m1"), outbox,
                     TestEvents.CLOCK, new Random(5))) {
            outbox.enqueueAll(telemetry);
            outbox.enqueueAll(crossings);
            assertThat(publisher.awaitDrained(Duration.ofSeconds(90))).isZero();
            assertThat(counter.awaitCount(crossings.size(), Duration.ofSeconds(30))).isEqualTo(crossings.size());
            assertThat(counter.eventIds()).containsExactlyElementsOf(TestEvents.ids(crossings));
            assertThat(counter.mismatches()).isZero();
            assertThat(telemetryCounter.awaitCount(telemetry.size(), Duration.ofSeconds(30))).isEqualTo(telemetry.size());
            assertThat(telemetryCounter.eventIds()).containsExactlyElementsOf(TestEvents.ids(telemetry));
        }
    }

    /**
     * Mosquitto is stopped and started again while 1,000 records stream out. Nothing may be lost: every id
     * arrives (duplicates allowed, at least once), in order of first arrival, and the outbox ends empty.
     */
    @Test
    void brokerRestartMidStream_losesNothing(@TempDir Path dir) throws Exception {
        List<OutboxEvent> crossings = TestEvents.events(Stream.CROSSINGS, 1000, 23);
        try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosq"), true);
             RecordCounter counter = RecordCounter.start(mosquitto.uri(), Topics.fleetFilter(Stream.CROSSINGS), true);
             Outbox outbox = Outbox.open(dir.resolve("outbox.db"));
             MqttPublisher publisher = MqttPublisher.start(options(mosquitto.uri(), "m2"), outbox,
                     TestEvents.CLOCK, new Random(6))) {
            outbox.enqueueAll(crossings);
            counter.awaitCount(200, Duration.ofSeconds(60));
            mosquitto.restart();
            assertThat(publisher.awaitDrained(Duration.ofSeconds(120))).as(mosquitto.log()).isZero();
            assertThat(counter.awaitCount(crossings.size(), Duration.ofSeconds(60))).isEqualTo(crossings.size());
            assertThat(counter.eventIds()).containsExactlyElementsOf(TestEvents.ids(crossings));
            assertThat(publisher.stats().connects()).as("the restart forced a reconnect").isGreaterThanOrEqualTo(2);
        }
    }

    /**
     * MQTT 5 §3.4.2.1: a PUBACK with a reason code of 0x80 or more means the broker did NOT accept the
     * message. Mosquitto's ACL refuses crossings here (0x87 Not authorized); the record must stay queued,
     * while the health event it may publish is delivered and deleted.
     */
    @Test
    void refusedByTheBroker_recordStaysInTheOutbox(@TempDir Path dir) throws Exception {
        Path acl = dir.resolve("acl");
        java.nio.file.Files.writeString(acl, "topic readwrite egate/v1/acl-site/+/presence\n"
                + "topic readwrite egate/v1/acl-site/+/health\n");
        OutboxEvent crossing = TestEvents.event(Stream.CROSSINGS, 1, new Random(41));
        OutboxEvent health = TestEvents.event(Stream.HEALTH, 2, new Random(42));
        try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosq"), false, "acl_file " + acl + "\n");
             RecordCounter counter = RecordCounter.start(mosquitto.uri(), Topics.fleetFilter(Stream.HEALTH));
             Outbox outbox = Outbox.open(dir.resolve("outbox.db"));
             MqttPublisher publisher = MqttPublisher.start(
                     MqttOptions.builder(mosquitto.uri(), Topics.of("acl-site", "a1"))
                             .backoff(Duration.ofMillis(50), Duration.ofMillis(200)).build(),
                     outbox, TestEvents.CLOCK, new Random(7))) {
            outbox.enqueue(crossing);
            outbox.enqueue(health);
            assertThat(counter.awaitCount(1, Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(outbox.awaitDepthAtMost(1, Duration.ofSeconds(30))).isEqualTo(1);
            assertThat(publisher.awaitDrained(Duration.ofSeconds(2))).as("the refused record stays").isEqualTo(1);
            assertThat(outbox.snapshot()).containsExactly(crossing);
            assertThat(publisher.published(Stream.CROSSINGS)).isZero();
            assertThat(publisher.published(Stream.HEALTH)).isEqualTo(1);
        }
    }
}
