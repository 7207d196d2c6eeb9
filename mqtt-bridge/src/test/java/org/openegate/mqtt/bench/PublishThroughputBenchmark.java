package org.openegate.mqtt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openegate.mqtt.MqttOptions;
import org.openegate.mqtt.MqttPublisher;
import org.openegate.mqtt.Mosquitto;
import org.openegate.mqtt.Outbox;
import org.openegate.mqtt.OutboxEvent;
import org.openegate.mqtt.Topics;
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

/**
 * End-to-end publish throughput to a local Mosquitto (started from the Debian package): events/s from
 * {@code enqueueAll} (committed to disk) until every one has been PUBACKed by the broker and deleted from the
 * outbox, QoS 1, a window of 32 in flight, one connection.
 *
 * <p>Run: {@code mqtt-bridge/bench.sh PublishThroughputBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@State(Scope.Benchmark)
public class PublishThroughputBenchmark {

    static final int EVENTS = 2000;

    Path dir;
    Mosquitto mosquitto;
    Outbox outbox;
    MqttPublisher publisher;
    long n;
    final SplittableRandom random = new SplittableRandom(7);

    @Setup(Level.Trial)
    public void start() throws Exception {
        dir = Files.createTempDirectory("egate-bench-pub");
        mosquitto = Mosquitto.start(dir.resolve("mosq"), false);
        outbox = Outbox.open(dir.resolve("outbox.db"), new Outbox.Config(10_000, 512, 64L << 30, 1L << 20));
        publisher = MqttPublisher.start(MqttOptions.builder(mosquitto.uri(), Topics.of("bench", "gate-01"))
                .maxInFlight(32).build(), outbox);
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        publisher.close();
        outbox.close();
        mosquitto.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long enqueueAndDrain() throws InterruptedException {
        List<OutboxEvent> events = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            events.add(OutboxEnqueueBenchmark.event(n++, random));
        }
        outbox.enqueueAll(events);
        long left = publisher.awaitDrained(Duration.ofSeconds(120));
        if (left != 0) {
            throw new IllegalStateException(left + " events not drained in 120 s: is mosquitto running?");
        }
        return left;
    }
}
