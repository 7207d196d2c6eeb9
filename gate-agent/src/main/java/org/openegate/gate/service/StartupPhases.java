package org.openegate.gate.service;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * Where the gate's start-up time goes (issue #7, acceptance 5: JVM start to ready within 3 s): each phase's wall
 * time, the CPU time of the thread that ran it, and the thread, logged at debug as it ends and kept for the
 * summary at ready. The phases run on several threads at once, so their wall times overlap; the longest chain
 * ending at "ready" is the critical path.
 *
 * <p>Thread-safe: phases end on the start-up executor's threads as well as on the caller's.
 */
final class StartupPhases {

    /** One finished phase: when it started and ended (ms since JVM start), its thread's CPU ms, and the thread. */
    record Phase(String name, long startMs, long endMs, long cpuMs, String thread) {
        long wallMs() {
            return endMs - startMs;
        }

        @Override
        public String toString() {
            return name + " " + startMs + "→" + endMs + " ms (" + wallMs() + " ms wall, " + cpuMs + " ms CPU, "
                    + thread + ")";
        }
    }

    /** A phase body that may throw; {@link #time} rethrows as is. */
    @FunctionalInterface
    interface Work<T> extends Callable<T> {
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final LongSupplier sinceJvmStartMs;
    private final List<Phase> phases = Collections.synchronizedList(new ArrayList<>());

    /** Phases timed from the JVM's start, as "ready in N ms" is. */
    StartupPhases() {
        this(jvmClock());
    }

    StartupPhases(LongSupplier sinceJvmStartMs) {
        this.sinceJvmStartMs = sinceJvmStartMs;
    }

    /** Runs {@code work} on this thread as phase {@code name}. */
    <T> T time(String name, Work<T> work) throws Exception {
        long start = sinceJvmStartMs.getAsLong();
        long cpu = threadCpuNs();
        try {
            return work.call();
        } finally {
            record(name, start, cpu);
        }
    }

    /**
     * Records what ran on this thread before start-up was timed, as phase {@code name} from JVM start until now
     * (for {@code egate run}: the JVM, the command line and the config): its CPU is this thread's since it began.
     */
    void sinceJvmStart(String name) {
        record(name, 0, 0);
    }

    private void record(String name, long startMs, long startCpuNs) {
        long cpuNs = threadCpuNs();
        Phase phase = new Phase(name, startMs, sinceJvmStartMs.getAsLong(),
                startCpuNs < 0 || cpuNs < 0 ? -1 : (cpuNs - startCpuNs) / 1_000_000, Thread.currentThread().getName());
        phases.add(phase);
        Logger.debug("start-up phase {}", phase);
    }

    /** The phases finished so far, in the order they ended. */
    List<Phase> phases() {
        synchronized (phases) {
            return List.copyOf(phases);
        }
    }

    /** One line for the ready message's debug companion: every phase, in the order they started. */
    String summary() {
        List<Phase> sorted = new ArrayList<>(phases());
        sorted.sort(java.util.Comparator.comparingLong(Phase::startMs));
        StringBuilder line = new StringBuilder();
        for (Phase phase : sorted) {
            line.append(line.length() == 0 ? "" : "; ").append(phase.name()).append(' ').append(phase.startMs())
                    .append('→').append(phase.endMs()).append(" (").append(phase.cpuMs()).append(" CPU)");
        }
        return line.toString();
    }

    private static long threadCpuNs() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    private static LongSupplier jvmClock() {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        return () -> System.currentTimeMillis() - jvmStart;
    }
}
