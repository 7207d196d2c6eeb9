package org.openegate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Acceptance 3: the disk bound. Telemetry is shed past 95% with an alarm; no record is ever dropped. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OutboxCapacityTest {

    private static final long RESERVE = 200_000;
    private static final long MAX = 1_000_000;
    private static final Outbox.Config BOUNDED = new Outbox.Config(1_000_000, 512, MAX, RESERVE);

    @TempDir
    Path dir;

    private static SecureRandom seeded(long seed) throws Exception {
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(seed);
        return r;
    }

    private static OutboxEvent event(Stream stream, int n, int size, Random random) {
        ObjectNode body = OutboxEvent.JSON.createObjectNode();
        body.put("n", n);
        body.put("pad", "x".repeat(size));
        return OutboxEvent.create(stream, body, TestEvents.CLOCK, random);
    }

    /**
     * The alarms stored so far, once the outbox has stored them: the outbox queues an alarm for its next batch, so it
     * is committed just after the batch that crossed the level. Waits (bounded) until the alarm count stops at a
     * non-zero value, so the assertions see what the outbox settled on.
     */
    private static List<JsonNode> alarms(Outbox outbox) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        List<JsonNode> seen = storedAlarms(outbox);
        while (System.nanoTime() < deadline) {
            Thread.sleep(100);
            List<JsonNode> now = storedAlarms(outbox);
            if (!now.isEmpty() && now.size() == seen.size()) {
                return now;
            }
            seen = now;
        }
        return seen;
    }

    private static List<JsonNode> storedAlarms(Outbox outbox) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (OutboxEvent e : outbox.snapshot()) {
            JsonNode n = OutboxEvent.JSON.readTree(e.payload());
            if (e.stream() == Stream.HEALTH && n.has("alarm")) {
                out.add(n);
            }
        }
        return out;
    }

    @Test
    void pastHighWater_telemetryIsShed_andAnAlarmIsQueuedOnTheHealthStream() throws Exception {
        Random r = new Random(1);
        try (Outbox outbox = Outbox.open(dir.resolve("o.db"), BOUNDED, TestEvents.CLOCK, seeded(1))) {
            List<OutboxEvent> telemetry = new ArrayList<>();
            for (int i = 0; i < 1200; i++) {
                telemetry.add(event(Stream.TELEMETRY, i, 1000, r));
            }
            outbox.enqueueAll(telemetry);
            Outbox.Capacity c = outbox.capacity();
            assertThat(c.usedBytes()).isLessThanOrEqualTo(MAX / 100 * 95 + 2000);
            assertThat(c.level()).isEqualTo(Outbox.Capacity.Level.HIGH);
            assertThat(c.admitsNewTravellers()).isTrue();
            assertThat(outbox.shedCount()).isPositive();
            List<JsonNode> alarms = alarms(outbox);
            assertThat(alarms).hasSize(1);
            assertThat(alarms.get(0).get("level").asText()).isEqualTo("HIGH");
            assertThat(alarms.get(0).get("alarm").asText()).isEqualTo("OUTBOX_CAPACITY");
            // Oldest first: the survivors are the newest telemetry events.
            List<OutboxEvent> left = outbox.snapshot();
            JsonNode last = OutboxEvent.JSON.readTree(left.get(left.size() - 1).payload());
            assertThat(last.has("alarm") || last.get("n").asInt() == 1199).isTrue();
        }
    }

    /**
     * The gate admits travellers while {@code admitsNewTravellers()}; each brings a crossing and a decision
     * and the sensors keep sending telemetry. Once admission stops, the travellers still inside finish (their
     * records fit in the reserve). Pushing records further is refused with FULL, never by dropping one.
     */
    @Test
    void noCrossingIsEverDropped_andNewTravellersAreRefusedBeforeAnyCouldBe() throws Exception {
        Random r = new Random(2);
        Set<String> accepted = new LinkedHashSet<>();
        int travellers = 0;
        try (Outbox outbox = Outbox.open(dir.resolve("o.db"), BOUNDED, TestEvents.CLOCK, seeded(2))) {
            while (outbox.admitsNewTravellers()) {
                travellers++;
                List<OutboxEvent> batch = new ArrayList<>();
                for (Stream s : List.of(Stream.CROSSINGS, Stream.DECISIONS)) {
                    OutboxEvent e = event(s, travellers, 1500, r);
                    batch.add(e);
                    accepted.add(e.eventId());
                }
                for (int k = 0; k < 3; k++) {
                    batch.add(event(Stream.TELEMETRY, k, 800, r));
                }
                outbox.enqueueAll(batch); // one group commit per traveller
            }
            assertThat(travellers).isGreaterThan(100);
            assertThat(outbox.capacity().level()).isEqualTo(Outbox.Capacity.Level.FULL);
            // The traveller already in the gate when admission stopped still gets all records stored.
            OutboxEvent referral = event(Stream.REFERRALS, travellers, 20_000, r);
            outbox.enqueue(referral);
            accepted.add(referral.eventId());

            // Past the reserve: a record is refused, loudly, and nothing already stored goes.
            OutboxException full = null;
            for (int i = 0; i < 1000 && full == null; i++) {
                OutboxEvent e = event(Stream.CROSSINGS, 100_000 + i, 1500, r);
                try {
                    outbox.enqueue(e);
                    accepted.add(e.eventId());
                } catch (OutboxException ex) {
                    full = ex;
                    assertThat(outbox.snapshot()).extracting(OutboxEvent::eventId).doesNotContain(e.eventId());
                }
            }
            assertThat(full).isNotNull();
            assertThat(full.reason()).isEqualTo(OutboxException.Reason.FULL);
            assertThat(full.getMessage()).contains("admitsNewTravellers");

            Set<String> stored = new LinkedHashSet<>();
            for (OutboxEvent e : outbox.snapshot()) {
                if (e.priority() == PriorityClass.RECORD) {
                    stored.add(e.eventId());
                }
            }
            assertThat(stored).containsExactlyElementsOf(accepted);
            assertThat(alarms(outbox)).extracting(a -> a.get("level").asText()).contains("FULL");
            assertThat(outbox.capacity().recordBytes()).isLessThanOrEqualTo(MAX - Outbox.Config.ALARM_ROOM);
        }

        // After a restart the byte count is rebuilt from the file: still FULL, still every record.
        try (Outbox outbox = Outbox.open(dir.resolve("o.db"), BOUNDED, TestEvents.CLOCK, seeded(3))) {
            assertThat(outbox.admitsNewTravellers()).isFalse();
            List<OutboxEvent> records = outbox.snapshot().stream()
                    .filter(e -> e.priority() == PriorityClass.RECORD).toList();
            assertThat(records).extracting(OutboxEvent::eventId).containsExactlyElementsOf(accepted);
            // Draining (PUBACKs) frees the space: admission resumes and the alarm clears.
            for (OutboxEvent e : records) {
                assertThat(outbox.ack(e).get()).isTrue();
            }
            assertThat(outbox.admitsNewTravellers()).isTrue();
            outbox.enqueue(event(Stream.TELEMETRY, 0, 10, r)); // a batch after the change announces it
            assertThat(alarms(outbox)).extracting(a -> a.get("level").asText()).last().isEqualTo("NORMAL");
        }
    }

    @Test
    void config_rejectsABoundSmallerThanFourTravellerReserves() {
        assertThatThrownBy(() -> new Outbox.Config(10, 10, 500_000, 200_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBytes 500000");
        assertThatThrownBy(() -> new Outbox.Config(10, 10, 5_000_000, 1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("travellerReserveBytes 1000");
    }

    /** The alarm is a durable event: queued while the broker is unreachable, it reaches central on connect. */
    @Test
    void theAlarm_reachesTheHealthStream_onARealMosquitto() throws Exception {
        Random r = new Random(4);
        try (Outbox outbox = Outbox.open(dir.resolve("o.db"), BOUNDED, TestEvents.CLOCK, seeded(4))) {
            List<OutboxEvent> telemetry = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                telemetry.add(event(Stream.TELEMETRY, i, 1000, r));
            }
            outbox.enqueueAll(telemetry);
            try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosq"), false);
                 WireTap tap = new WireTap(mosquitto.uri(), Topics.fleetFilter(Stream.HEALTH));
                 MqttPublisher publisher = MqttPublisher.start(MqttOptions.builder(mosquitto.uri(),
                         Topics.of("cap-site", "g1")).build(), outbox, TestEvents.CLOCK, new Random(5))) {
                WireTap.Message m = tap.await(x -> new String(x.payload()).contains("OUTBOX_CAPACITY"),
                        Duration.ofSeconds(60));
                assertThat(m).isNotNull();
                assertThat(m.topic()).isEqualTo("egate/v1/cap-site/g1/health");
                JsonNode alarm = OutboxEvent.JSON.readTree(m.payload());
                assertThat(alarm.get("level").asText()).isEqualTo("HIGH");
                assertThat(m.eventIdProperty()).isEqualTo(alarm.get("eventId").asText());
                assertThat(publisher.awaitDrained(Duration.ofSeconds(60))).isZero();
            }
        }
    }
}
