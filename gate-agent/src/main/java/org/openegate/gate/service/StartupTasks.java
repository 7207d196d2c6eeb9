package org.openegate.gate.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.tinylog.Logger;

/**
 * The gate's independent start-up work (face models, journal, outbox, the simulated world, the device key) run at
 * once on a few threads of their own, each joined where its result is first needed, all before "ready" (issue #7,
 * acceptance 5). Each task is a {@link StartupPhases} phase.
 *
 * <p>Why threads and not the common pool: on 2 CPUs the common pool has one thread, and the face models would
 * queue behind SQLite's fsyncs. The tasks wait on disk and on each other's class loading as much as they compute,
 * so four threads on two cores finish sooner than two.
 *
 * <p>When start-up fails, {@link #abandon} closes whatever the tasks opened that the gate did not take, now or
 * when a task still running finishes: a failed start leaves no open database, lock file or loaded model behind.
 */
final class StartupTasks implements AutoCloseable {

    /** A task body; a checked exception fails the task and {@link #join} rethrows it as is. */
    @FunctionalInterface
    interface Task<T> {
        T call() throws Exception;
    }

    private static final int THREADS = 4;

    private final StartupPhases phases;
    private final ExecutorService executor;
    private final List<CompletableFuture<?>> started = new ArrayList<>();
    private final List<Object> claimed = new ArrayList<>();

    StartupTasks(StartupPhases phases) {
        this.phases = phases;
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "egate-start-" + count.incrementAndGet());
            thread.setDaemon(true); // a start-up stuck in a driver must not keep the JVM alive after main gives up
            return thread;
        });
    }

    /** Starts {@code task} as phase {@code name} on a start-up thread. */
    synchronized <T> CompletableFuture<T> start(String name, Task<T> task) {
        CompletableFuture<T> future = CompletableFuture.supplyAsync(() -> {
            try {
                return phases.time(name, task::call);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, executor);
        started.add(future);
        return future;
    }

    /**
     * Waits for a task's result, which the gate now owns (and closes): {@link #abandon} leaves it alone. The
     * task's own exception or error is rethrown as is.
     */
    <T> T join(CompletableFuture<T> future) throws Exception {
        T result;
        try {
            result = future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CompletionException wrapped && wrapped.getCause() != null) {
                cause = wrapped.getCause();
            }
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
        synchronized (this) {
            claimed.add(result);
        }
        return result;
    }

    /**
     * Start-up failed: every task result the gate did not {@link #join} is closed, now if it is ready, else when
     * its task finishes.
     */
    synchronized void abandon() {
        for (CompletableFuture<?> future : started) {
            future.thenAccept(result -> {
                boolean unclaimed;
                synchronized (this) {
                    unclaimed = claimed.stream().noneMatch(owned -> owned == result);
                }
                if (unclaimed && result instanceof AutoCloseable resource) {
                    try {
                        resource.close();
                    } catch (Exception e) {
                        Logger.warn("closing {} after a failed start failed: {}",
                                resource.getClass().getSimpleName(), e.getMessage());
                    }
                }
            });
        }
    }

    /** No further tasks: the threads end once the running tasks are done. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
