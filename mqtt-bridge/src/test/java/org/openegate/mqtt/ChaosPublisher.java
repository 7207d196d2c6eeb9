package org.openegate.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The publishing gate of {@link ChaosTest}, run as a child JVM so that the test can SIGKILL it. It enqueues
 * events {@code from..total-1} at a steady rate, each with an id derived from its number (so a restarted
 * process re-creates the same ids), records its progress, waits until the outbox has drained, and exits 0.
 *
 * <p>Arguments: {@code outboxFile brokerUri total eventsPerSecond progressFile maxInFlight}.
 */
public final class ChaosPublisher {

    private ChaosPublisher() {
    }

    static String eventId(long n) {
        return OutboxEvent.randomUuid(new Random(n * 1_000_003L + 17)).toString();
    }

    public static void main(String[] args) throws Exception {
        Path outboxFile = Path.of(args[0]);
        String uri = args[1];
        long total = Long.parseLong(args[2]);
        int rate = Integer.parseInt(args[3]);
        Path progress = Path.of(args[4]);
        int window = Integer.parseInt(args[5]);
        long next = Files.exists(progress) ? Long.parseLong(Files.readString(progress).strip()) : 0;
        Clock clock = Clock.systemUTC();
        long left;
        try (Outbox outbox = Outbox.open(outboxFile, new Outbox.Config(10_000, 512, 4L << 30, 1L << 20));
             MqttPublisher publisher = MqttPublisher.start(MqttOptions.builder(uri, Topics.of("chaos", "gate-1"))
                     .clientId("chaos-gate").maxInFlight(window).keepAlive(Duration.ofSeconds(5))
                     .backoff(Duration.ofMillis(100), Duration.ofSeconds(2)).build(), outbox)) {
            int perTick = Math.max(1, rate / 10);
            long tick = System.nanoTime();
            while (next < total) {
                long end = Math.min(total, next + perTick);
                List<CompletableFuture<Void>> stored = new ArrayList<>();
                for (long n = next; n < end; n++) {
                    ObjectNode body = OutboxEvent.JSON.createObjectNode();
                    body.put("eventId", eventId(n));
                    body.put("n", n);
                    body.put("outcome", "OPEN_EXIT");
                    stored.add(outbox.enqueueAsync(new OutboxEvent(eventId(n), Stream.CROSSINGS,
                            body.toString().getBytes(StandardCharsets.UTF_8), clock.instant())));
                }
                for (CompletableFuture<Void> f : stored) {
                    try {
                        f.get();
                    } catch (ExecutionException e) {
                        // Re-enqueued after a SIGKILL that hit between the commit and the progress file: still queued.
                        if (!(e.getCause() instanceof OutboxException oe && oe.reason() == OutboxException.Reason.DUPLICATE_EVENT_ID)) {
                            throw e;
                        }
                    }
                }
                next = end;
                Path tmp = progress.resolveSibling(progress.getFileName() + ".tmp");
                Files.writeString(tmp, Long.toString(next));
                Files.move(tmp, progress, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                tick += 100_000_000L;
                long sleep = tick - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
            System.out.println("ENQUEUED " + total);
            left = publisher.awaitDrained(Duration.ofMinutes(10));
            System.out.println("DRAINED left=" + left + " " + publisher.stats());
        }
        System.exit(left == 0 ? 0 : 3);
    }
}
