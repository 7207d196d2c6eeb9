package org.openegate.crypto.emulator;

import java.time.Duration;

/**
 * Waits out a modelled delay. The emulator behind vpcd answers in real time, so a {@link LinkModel} there has to
 * pass for real; tests give a sleeper that only records, and never sleep.
 */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps on the calling thread. */
    Sleeper REAL = duration -> {
        if (!duration.isZero() && !duration.isNegative()) {
            Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
        }
    };

    void sleep(Duration duration) throws InterruptedException;
}
