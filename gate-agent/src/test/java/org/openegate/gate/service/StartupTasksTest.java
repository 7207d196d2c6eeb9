package org.openegate.gate.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StartupTasksTest {

    /** Something a start-up task opens: counts its closes. */
    private static final class Resource implements AutoCloseable {
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    /** A clock the test moves: phases are timed in these "ms since JVM start". */
    private final AtomicLong now = new AtomicLong(100);
    private final StartupPhases phases = new StartupPhases(now::get);

    @Test
    void join_returnsTheResult_andRecordsThePhaseWithItsThread() throws Exception {
        try (StartupTasks tasks = new StartupTasks(phases)) {
            CompletableFuture<String> key = tasks.start("device key", () -> {
                now.addAndGet(40);
                return "key-1";
            });

            assertThat(tasks.join(key)).isEqualTo("key-1");
        }
        assertThat(phases.phases()).singleElement().satisfies(phase -> {
            assertThat(phase.name()).isEqualTo("device key");
            assertThat(phase.startMs()).isEqualTo(100);
            assertThat(phase.wallMs()).isEqualTo(40);
            assertThat(phase.thread()).startsWith("egate-start-");
            assertThat(phase.cpuMs()).isGreaterThanOrEqualTo(0);
        });
        assertThat(phases.summary()).isEqualTo("device key 100→140 (" + phases.phases().get(0).cpuMs() + " CPU)");
    }

    @Test
    void sinceJvmStart_isAPhaseFromZero_withThisThreadsCpuSoFar() {
        phases.sinceJvmStart("before start");

        assertThat(phases.phases()).singleElement().satisfies(phase -> {
            assertThat(phase.startMs()).isZero();
            assertThat(phase.endMs()).isEqualTo(100);
            assertThat(phase.thread()).isEqualTo(Thread.currentThread().getName());
            // This thread has run the test framework so far: some CPU, and not more than the JVM has used.
            assertThat(phase.cpuMs()).isPositive();
        });
    }

    @Test
    void join_rethrowsTheTasksCheckedException_asIs() {
        try (StartupTasks tasks = new StartupTasks(phases)) {
            IOException failure = new IOException("journal.db: disk I/O error");
            CompletableFuture<Object> journal = tasks.start("journal", () -> {
                throw failure;
            });

            assertThatThrownBy(() -> tasks.join(journal)).isSameAs(failure);
        }
        assertThat(phases.phases()).extracting(StartupPhases.Phase::name).containsExactly("journal");
    }

    @Test
    void join_rethrowsARuntimeExceptionOrError_asIs() {
        try (StartupTasks tasks = new StartupTasks(phases)) {
            IllegalStateException bad = new IllegalStateException("egate.faceBackend is 'TPU'");
            AssertionError error = new AssertionError("native crash stand-in");
            CompletableFuture<Object> models = tasks.start("face models", () -> {
                throw bad;
            });
            CompletableFuture<Object> other = tasks.start("other", () -> {
                throw error;
            });

            assertThatThrownBy(() -> tasks.join(models)).isSameAs(bad);
            assertThatThrownBy(() -> tasks.join(other)).isSameAs(error);
        }
    }

    @Test
    void abandon_closesWhatTheGateDidNotTake_evenIfItFinishesLater() throws Exception {
        Resource taken = new Resource();
        Resource ready = new Resource();
        Resource late = new Resource();
        CountDownLatch release = new CountDownLatch(1);
        try (StartupTasks tasks = new StartupTasks(phases)) {
            CompletableFuture<Resource> journal = tasks.start("journal", () -> taken);
            CompletableFuture<Resource> outbox = tasks.start("outbox", () -> ready);
            CompletableFuture<Resource> models = tasks.start("face models", () -> {
                release.await();
                return late;
            });
            tasks.join(journal);
            outbox.join();

            tasks.abandon(); // start-up failed: the gate closes the journal itself

            assertThat(ready.closed).hasValue(1);
            assertThat(late.closed).hasValue(0); // still loading
            release.countDown();
            models.get(10, TimeUnit.SECONDS);
            // thenAccept runs on the task's thread right after it completes; wait for it without sleeping.
            models.thenRun(() -> { }).get(10, TimeUnit.SECONDS);
            assertThat(late.closed).hasValue(1);
            assertThat(taken.closed).hasValue(0);
        }
    }
}
