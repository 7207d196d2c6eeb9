package org.openegate.gate.device.gpio;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A scheduler whose time moves only when the test says: debounce without sleeping. */
final class ManualScheduler implements Scheduler {

    private record Task(long due, long order, Runnable task) {
    }

    private final List<Task> tasks = new ArrayList<>();
    private long now;
    private long order;

    @Override
    public synchronized Runnable schedule(Runnable task, long delayMillis) {
        Task t = new Task(now + delayMillis, order++, task);
        tasks.add(t);
        return () -> {
            synchronized (this) {
                tasks.remove(t);
            }
        };
    }

    /** Moves time on, running every task that falls due, in order. */
    void advance(long millis) {
        long until;
        synchronized (this) {
            until = now + millis;
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> t.due() <= until)
                        .min(Comparator.comparingLong(Task::due).thenComparingLong(Task::order)).orElse(null);
                if (next == null) {
                    now = until;
                    return;
                }
                tasks.remove(next);
                now = next.due();
            }
            next.task().run();
        }
    }

    synchronized int pending() {
        return tasks.size();
    }

    @Override
    public void close() {
    }
}
