package org.openegate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tinylog.Logger;

class OutboxTest {

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("outbox.db");
    }

    @Test
    void enqueue_survivesCloseAndReopen_withNothingLostAndOrderKept() {
        List<OutboxEvent> crossings = TestEvents.events(Stream.CROSSINGS, 50, 1);
        List<OutboxEvent> referrals = TestEvents.events(Stream.REFERRALS, 20, 2);
        List<OutboxEvent> all = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            all.add(crossings.get(i));
            if (i < 20) {
                all.add(referrals.get(i));
            }
        }
        try (Outbox outbox = Outbox.open(file())) {
            outbox.enqueueAll(all);
            assertThat(outbox.depth()).isEqualTo(70);
        }
        try (Outbox outbox = Outbox.open(file())) {
            assertThat(outbox.depth()).isEqualTo(70);
            assertThat(outbox.depth(PriorityClass.RECORD)).isEqualTo(70);
            assertThat(outbox.snapshot()).containsExactlyElementsOf(all);
            List<OutboxEvent> claimed = outbox.claim(100).join();
            assertThat(claimed).containsExactlyElementsOf(all);
            assertThat(claimed.stream().filter(e -> e.stream() == Stream.CROSSINGS).toList())
                    .containsExactlyElementsOf(crossings);
        }
    }

    @Test
    void ack_deletesOnlyTheAcknowledgedEvent_andClaimDoesNotDelete() {
        List<OutboxEvent> events = TestEvents.events(Stream.CROSSINGS, 5, 3);
        try (Outbox outbox = Outbox.open(file())) {
            outbox.enqueueAll(events);
            List<OutboxEvent> claimed = outbox.claim(5).join();
            assertThat(claimed).hasSize(5);
            assertThat(outbox.depth()).as("claiming (publishing) deletes nothing").isEqualTo(5);
            outbox.ack(events.get(1)).join();
            outbox.ack(events.get(3)).join();
            assertThat(outbox.depth()).isEqualTo(3);
            assertThat(outbox.snapshot()).containsExactly(events.get(0), events.get(2), events.get(4));
            assertThat(outbox.claim(5).join()).as("nothing new to hand out until released").isEmpty();
        }
        try (Outbox outbox = Outbox.open(file())) {
            assertThat(outbox.claim(10).join()).as("unacknowledged events come back after a restart, in order")
                    .containsExactly(events.get(0), events.get(2), events.get(4));
        }
    }

    @Test
    void releaseAll_handsOutUnacknowledgedEventsAgainOldestFirst() {
        List<OutboxEvent> events = TestEvents.events(Stream.DECISIONS, 6, 4);
        try (Outbox outbox = Outbox.open(file())) {
            outbox.enqueueAll(events);
            assertThat(outbox.claim(4).join()).containsExactlyElementsOf(events.subList(0, 4));
            outbox.ack(events.get(0)).join();
            outbox.releaseAll().join();
            assertThat(outbox.claim(10).join()).containsExactlyElementsOf(events.subList(1, 6));
        }
    }

    @Test
    void claim_handsOutRecordsBeforeTelemetry_eachInOrder() {
        Random r = new Random(5);
        List<OutboxEvent> mixed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            mixed.add(TestEvents.event(i % 2 == 0 ? Stream.TELEMETRY : Stream.CROSSINGS, i, r));
        }
        try (Outbox outbox = Outbox.open(file())) {
            outbox.enqueueAll(mixed);
            List<OutboxEvent> first = outbox.claim(7).join();
            assertThat(first.subList(0, 5)).allMatch(e -> e.priority() == PriorityClass.RECORD)
                    .containsExactlyElementsOf(mixed.stream().filter(e -> e.stream() == Stream.CROSSINGS).toList());
            assertThat(first.subList(5, 7)).containsExactly(mixed.get(0), mixed.get(2));
            assertThat(outbox.claim(7).join()).containsExactly(mixed.get(4), mixed.get(6), mixed.get(8));
        }
    }

    @Test
    void telemetry_isShedOldestFirst_recordsNever() {
        List<OutboxEvent> telemetry = TestEvents.events(Stream.TELEMETRY, 30, 6);
        List<OutboxEvent> records = TestEvents.events(Stream.CROSSINGS, 30, 7);
        try (Outbox outbox = Outbox.open(file(), new Outbox.Config(10, 512))) {
            for (int i = 0; i < 30; i++) {
                outbox.enqueue(records.get(i));
                outbox.enqueue(telemetry.get(i));
            }
            assertThat(outbox.depth(PriorityClass.RECORD)).isEqualTo(30);
            assertThat(outbox.depth(PriorityClass.TELEMETRY)).isEqualTo(10);
            assertThat(outbox.shedCount()).isEqualTo(20);
            assertThat(outbox.snapshot().stream().filter(e -> e.priority() == PriorityClass.TELEMETRY).toList())
                    .containsExactlyElementsOf(telemetry.subList(20, 30));
            assertThat(outbox.snapshot().stream().filter(e -> e.priority() == PriorityClass.RECORD).toList())
                    .containsExactlyElementsOf(records);
        }
    }

    @Test
    void enqueue_rejectsDuplicatesAndBadPayloads_withoutDisturbingTheBatch() {
        List<OutboxEvent> events = TestEvents.events(Stream.CROSSINGS, 3, 8);
        String id = "0a0b0c0d-0000-4000-8000-0000000000ff";
        OutboxEvent noId = new OutboxEvent(id, Stream.CROSSINGS, "{\"x\":1}".getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
        try (Outbox outbox = Outbox.open(file())) {
            outbox.enqueue(events.get(0));
            CompletableFuture<Void> a = outbox.enqueueAsync(events.get(1));
            CompletableFuture<Void> dup = outbox.enqueueAsync(events.get(0));
            CompletableFuture<Void> c = outbox.enqueueAsync(events.get(2));
            a.join();
            c.join();
            assertThatThrownBy(() -> Outbox.join(dup))
                    .isInstanceOfSatisfying(OutboxException.class,
                            e -> assertThat(e.reason()).isEqualTo(OutboxException.Reason.DUPLICATE_EVENT_ID))
                    .hasMessageContaining(events.get(0).eventId());
            assertThatThrownBy(() -> outbox.enqueue(noId))
                    .isInstanceOfSatisfying(OutboxException.class,
                            e -> assertThat(e.reason()).isEqualTo(OutboxException.Reason.EVENT_ID_MISMATCH));
            assertThat(outbox.snapshot()).containsExactlyElementsOf(events);
        }
    }

    @Test
    void closed_refusesWithReasonClosed() {
        Outbox outbox = Outbox.open(file());
        outbox.close();
        assertThatThrownBy(() -> outbox.enqueue(TestEvents.event(Stream.CROSSINGS, 1, new Random(9))))
                .isInstanceOfSatisfying(OutboxException.class,
                        e -> assertThat(e.reason()).isEqualTo(OutboxException.Reason.CLOSED));
        outbox.close(); // idempotent
    }

    @Test
    void open_usesWalAndFullSync() throws Exception {
        try (Outbox outbox = Outbox.open(file())) {
            outbox.enqueue(TestEvents.event(Stream.CROSSINGS, 0, new Random(10)));
            assertThat(dir.resolve("outbox.db-wal")).exists();
        }
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file());
             var st = c.createStatement();
             var rs = st.executeQuery("PRAGMA journal_mode")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualToIgnoringCase("wal"); // WAL mode is persistent in the file
        }
    }

    @Test
    void awaitEmpty_returnsTheRemainingDepth() throws Exception {
        List<OutboxEvent> events = TestEvents.events(Stream.CROSSINGS, 3, 11);
        try (Outbox outbox = Outbox.open(file())) {
            outbox.enqueueAll(events);
            assertThat(outbox.awaitEmpty(Duration.ofMillis(20))).isEqualTo(3);
            for (OutboxEvent e : events) {
                outbox.ack(e);
            }
            assertThat(outbox.awaitEmpty(Duration.ofSeconds(30))).isZero();
        }
    }

    /**
     * Many producers at once share commits (group commit). Asserts only what must hold — every event
     * stored exactly once, each producer's order kept — and logs the rate seen, which depends on the disk.
     */
    @Test
    void enqueue_fromManyThreads_storesEverythingAndKeepsEachProducersOrder() throws Exception {
        int producers = 8;
        int perProducer = 250;
        List<List<OutboxEvent>> batches = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            batches.add(TestEvents.events(p % 2 == 0 ? Stream.CROSSINGS : Stream.DECISIONS, perProducer, 100 + p));
        }
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        try (Outbox outbox = Outbox.open(file())) {
            long t0 = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (List<OutboxEvent> batch : batches) {
                done.add(pool.submit(() -> batch.forEach(outbox::enqueue)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            long ms = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
            Logger.info("Outbox: {} blocking enqueues from {} threads in {} ms ({} events/s)",
                    producers * perProducer, producers, ms, producers * perProducer * 1000L / ms);
            assertThat(outbox.depth()).isEqualTo((long) producers * perProducer);
            List<OutboxEvent> stored = outbox.snapshot();
            for (List<OutboxEvent> batch : batches) {
                assertThat(stored.stream().filter(batch::contains).toList()).containsExactlyElementsOf(batch);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Regression: the first outbox layout had no {@code sealed} column, and a newer build refused such a file
     * ("no such column: sealed"), stranding every record still queued in it.
     */
    @Test
    void open_upgradesTheFirstLayoutAndKeepsItsRecords() throws Exception {
        OutboxEvent queued = TestEvents.events(Stream.CROSSINGS, 1, 7).get(0);
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file());
                var st = db.createStatement()) {
            st.execute("CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL UNIQUE,"
                    + " stream TEXT NOT NULL, priority TEXT NOT NULL, payload BLOB NOT NULL, created TEXT NOT NULL)");
            st.execute("PRAGMA user_version = 1");
            var insert = db.prepareStatement(
                    "INSERT INTO outbox(event_id, stream, priority, payload, created) VALUES (?, ?, ?, ?, ?)");
            insert.setString(1, queued.eventId());
            insert.setString(2, queued.stream().name());
            insert.setString(3, queued.priority().name());
            insert.setBytes(4, queued.payload());
            insert.setString(5, queued.created().toString());
            insert.executeUpdate();
            insert.close();
        }
        try (Outbox outbox = Outbox.open(file())) {
            assertThat(outbox.depth()).isEqualTo(1);
            outbox.enqueue(TestEvents.events(Stream.CROSSINGS, 1, 8).get(0));
            assertThat(outbox.depth()).isEqualTo(2);
        }
    }
}
