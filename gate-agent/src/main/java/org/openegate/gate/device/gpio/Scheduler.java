package org.openegate.gate.device.gpio;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Where {@link Pi4jGateIo} runs its debounce timers and its listeners: one thread, so events are ordered. Tests use
 * a manual scheduler that runs due tasks when the test advances time, so debounce is tested without sleeping.
 */
interface Scheduler extends AutoCloseable {

    /** Runs the task once after the delay; the returned handle cancels it. */
    Runnable schedule(Runnable task, long delayMillis);

    @Override
    void close();

    /** One daemon thread. */
    static Scheduler singleThread(String name) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        return new Scheduler() {
            @Override
            public Runnable schedule(Runnable task, long delayMillis) {
                ScheduledFuture<?> f = executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }
}
