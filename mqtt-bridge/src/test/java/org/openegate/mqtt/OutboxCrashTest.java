package org.openegate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a JVM that is busy enqueueing (SIGKILL, no shutdown hooks) and checks that every event whose
 * enqueue had returned is in the outbox afterwards, in order. This covers a process crash; power loss is
 * covered by synchronous=FULL (see Outbox), which a test cannot cut.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a hung broker or child process must fail, not stall CI
class OutboxCrashTest {

    /** The child: enqueues crossings forever, printing each id once enqueue has returned. */
    public static void main(String[] args) throws Exception {
        Random random = new Random(Long.parseLong(args[1]));
        Outbox outbox = Outbox.open(Path.of(args[0]));
        for (int n = 0; ; n++) {
            OutboxEvent e = TestEvents.event(n % 5 == 0 ? Stream.TELEMETRY : Stream.CROSSINGS, n, random);
            outbox.enqueue(e);
            System.out.println(e.eventId());
            System.out.flush();
        }
    }

    @Test
    void killedMidStream_everyAcknowledgedEnqueueSurvives_inOrder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("outbox.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                OutboxCrashTest.class.getName(), file.toString(), "77")
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> acknowledged = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged.size() < 300 && (line = out.readLine()) != null) {
                acknowledged.add(line);
            }
            // While it is still writing, the outbox belongs to the child: a second opener is refused.
            assertThatThrownBy(() -> Outbox.open(file))
                    .isInstanceOfSatisfying(OutboxException.class,
                            e -> assertThat(e.reason()).isEqualTo(OutboxException.Reason.IN_USE));
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(acknowledged).as("child printed ids").hasSize(300);
        try (Outbox outbox = Outbox.open(file)) {
            List<String> stored = outbox.snapshot().stream().map(OutboxEvent::eventId).toList();
            // The child may have committed a few more after its last printed line; never fewer.
            assertThat(stored.size()).isGreaterThanOrEqualTo(acknowledged.size());
            assertThat(stored.subList(0, acknowledged.size())).containsExactlyElementsOf(acknowledged);
        }
    }
}
