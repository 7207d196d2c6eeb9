package org.openegate.mqtt.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.eclipse.paho.mqttv5.client.internal.MqttPersistentData;
import org.eclipse.paho.mqttv5.client.persist.MqttDefaultFilePersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttPublish;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.openegate.mqtt.Outbox;
import org.openegate.mqtt.OutboxEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Acceptance 2: durable enqueue, committed to disk, events/s — the outbox (SQLite WAL, synchronous=FULL, group
 * commit) against Paho's {@link MqttDefaultFilePersistence} (one file per message, fsync per file) storing the
 * same events as the QoS 1 PUBLISH packets Paho would persist. Both pay an fsync before "stored" is reported.
 * Each operation also builds its event (id, JSON), on both sides alike.
 *
 * <p>Run (short, as on a shared machine): {@code mqtt-bridge/bench.sh OutboxEnqueueBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s}.
 * The temporary files go to {@code java.io.tmpdir} (set {@code -jvmArgs -Djava.io.tmpdir=/var/tmp} to measure a
 * real disk if /tmp is tmpfs).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
public class OutboxEnqueueBenchmark {

    /** Events per group of enqueues (what a busy gate hands over together: records of travellers plus telemetry). */
    static final int BATCH = 256;
    static final ObjectMapper JSON = new ObjectMapper();

    @State(Scope.Benchmark)
    public static class Store {
        Path dir;
        Outbox outbox;
        MqttDefaultFilePersistence paho;
        final AtomicLong seq = new AtomicLong();

        @Setup(Level.Trial)
        public void open() throws IOException, MqttException {
            dir = Files.createTempDirectory("egate-bench");
            // A bound far above what a run writes, so no event is refused or shed while measuring.
            outbox = Outbox.open(dir.resolve("outbox.db"), new Outbox.Config(10_000, 512, 64L << 30, 1L << 20));
            paho = new MqttDefaultFilePersistence(dir.resolve("paho").toString());
            paho.open("bench-client");
        }

        @TearDown(Level.Trial)
        public void close() throws IOException, MqttException {
            outbox.close();
            paho.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A crossing-sized record (about 600 bytes of JSON), as the demo publishes. */
    static OutboxEvent event(long n, SplittableRandom random) {
        ObjectNode body = JSON.createObjectNode();
        body.put("gateId", "gate-01");
        body.put("startedAt", "2026-11-28T12:00:00Z");
        body.put("finishedAt", "2026-11-28T12:00:09.512Z");
        body.put("outcome", n % 7 == 0 ? "REFER" : "OPEN_EXIT");
        body.putArray("reasons").add(n % 7 == 0 ? "FACE_MISMATCH" : "NONE");
        ObjectNode checks = body.putObject("checks");
        for (String c : List.of("mrz", "passiveAuthentication", "chipAuthentication", "face", "liveness", "watchlist")) {
            checks.putObject(c).put("status", "PASSED").put("score", random.nextDouble()).put("threshold", 0.5);
        }
        body.putObject("traveller").put("ageBand", "30-39").put("nationality", "UTO").put("sex", "F");
        return OutboxEvent.create(org.openegate.mqtt.Stream.CROSSINGS, body, CLOCK, new java.util.Random(random.nextLong()));
    }

    /** As {@link #event}, but with a random version 4 id: the scheme before time-ordered ids, as a baseline. */
    static OutboxEvent eventWithRandomId(long n, SplittableRandom random) {
        OutboxEvent e = event(n, random);
        String id = new java.util.UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
        try {
            ObjectNode body = (ObjectNode) JSON.readTree(e.payload());
            body.put("eventId", id);
            return new OutboxEvent(id, e.stream(), JSON.writeValueAsBytes(body), e.created());
        } catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    static final Clock CLOCK = Clock.systemUTC();

    private static final AtomicLong SEEDS = new AtomicLong(42);

    @State(Scope.Thread)
    public static class Source {
        // One seed per thread: equal seeds would give equal event ids (refused as duplicates).
        final SplittableRandom random = new SplittableRandom(SEEDS.getAndIncrement());
    }

    /** One producer handing over {@value #BATCH} events at a time; returns when all are committed. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void outboxGroupCommit(Store s, Source src) {
        groupCommit(s, src, OutboxEnqueueBenchmark::event);
    }

    /**
     * The same with random (version 4) event ids, the scheme before version 7: each insert lands on a random
     * page of the unique event-id index. Kept as the baseline that shows what time-ordered ids buy.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void outboxGroupCommitRandomIds(Store s, Source src) {
        groupCommit(s, src, OutboxEnqueueBenchmark::eventWithRandomId);
    }

    private static void groupCommit(Store s, Source src, java.util.function.BiFunction<Long, SplittableRandom, OutboxEvent> make) {
        List<OutboxEvent> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            batch.add(make.apply(s.seq.incrementAndGet(), src.random));
        }
        s.outbox.enqueueAll(batch);
    }

    /** Eight producers (gate pipelines, sensors) each enqueueing one event and waiting for its commit. */
    @Benchmark
    @Threads(8)
    public void outboxConcurrentSingles(Store s, Source src) {
        s.outbox.enqueue(event(s.seq.incrementAndGet(), src.random));
    }

    /** Paho's file persistence storing the same events, as the QoS 1 PUBLISH packets it persists ("s-" keys). */
    @Benchmark
    public void pahoFilePersistence(Store s, Source src) throws MqttException {
        long n = s.seq.incrementAndGet();
        OutboxEvent e = event(n, src.random);
        MqttProperties p = new MqttProperties();
        p.setUserProperties(List.of(new UserProperty("eventId", e.eventId())));
        MqttPublish publish = new MqttPublish("egate/v1/site/gate-01/crossings",
                new MqttMessage(e.payload(), 1, false, p), p);
        int id = (int) (n % 65535) + 1;
        publish.setMessageId(id);
        byte[] header = publish.getHeader();
        byte[] payload = publish.getPayload();
        // Paho's key for an outbound QoS 1 message is "s-<messageId>": ids wrap, so a file is overwritten, as in Paho.
        s.paho.put("s-" + id, new MqttPersistentData("s-" + id, header, 0, header.length, payload, 0, payload.length));
    }
}
