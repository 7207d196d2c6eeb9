package org.openegate.gate.service;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openegate.gate.device.DeviceException;
import org.openegate.gate.device.MrzReader;

/**
 * Where the MRZ reader's verticle leaves a document's lines for the pipeline: one transaction's read, in memory,
 * taken once. Why a slot and not the bus: the lines are personal data, and the event bus may one day be clustered
 * or bridged (the console link already bridges part of it), so the bus carries only a random read id and the status
 * ({@link GateAddresses#MRZ_DOCUMENT}) while the lines go from this slot to the pipeline in the same process.
 *
 * <p>A read is kept only for the transaction it was made for: {@link #expect} (a new transaction in DOCUMENT)
 * drops whatever was there, {@link #take} hands it out once and drops it, {@link #clear} drops it when the
 * traveller left. Thread-safe: filled on the verticle's event loop, taken on the pipeline's worker.
 */
final class MrzSlot {

    private static final long CHECK_MS = 50;

    private final Supplier<Optional<String>> currentTransaction;
    private final Duration wait;
    private final Object lock = new Object();
    // guarded by lock
    private String expected;
    private List<String> lines;
    private DeviceException failure;

    /**
     * @param currentTransaction the gate's transaction now; {@link #take} only hands out a read made for it
     * @param wait the longest {@link #take} waits for the verticle's read (the DOCUMENT step's timeout)
     */
    MrzSlot(Supplier<Optional<String>> currentTransaction, Duration wait) {
        this.currentTransaction = Objects.requireNonNull(currentTransaction, "currentTransaction");
        this.wait = Objects.requireNonNull(wait, "wait");
    }

    /** A new transaction waits for a document: any earlier read is dropped. */
    void expect(String transactionId) {
        synchronized (lock) {
            drop();
            expected = Objects.requireNonNull(transactionId, "transactionId");
            lock.notifyAll();
        }
    }

    /** Whether a transaction still waits for a read. */
    boolean awaiting() {
        synchronized (lock) {
            return expected != null && lines == null && failure == null;
        }
    }

    /** Gives the awaiting transaction its read; the transaction's id, or empty if none waits (the read is dropped). */
    Optional<String> fill(List<String> read) {
        synchronized (lock) {
            if (expected == null || lines != null || failure != null) {
                return Optional.empty();
            }
            lines = List.copyOf(read);
            lock.notifyAll();
            return Optional.of(expected);
        }
    }

    /** Tells the awaiting transaction its read failed; the transaction's id, or empty if none waits. */
    Optional<String> fail(DeviceException why) {
        synchronized (lock) {
            if (expected == null || lines != null || failure != null) {
                return Optional.empty();
            }
            failure = why;
            lock.notifyAll();
            return Optional.of(expected);
        }
    }

    /** The traveller left: whatever was read for them is dropped. */
    void clear() {
        synchronized (lock) {
            drop();
            expected = null;
            lock.notifyAll();
        }
    }

    /**
     * The current transaction's read, once.
     *
     * @throws DeviceException the read's own failure; TIMEOUT if nothing came for this transaction within the wait
     */
    List<String> take() throws DeviceException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<String> transaction = currentTransaction.get(); // outside the lock: the machine has its own
            synchronized (lock) {
                if (transaction.isPresent() && transaction.get().equals(expected)) {
                    if (lines != null) {
                        List<String> read = lines;
                        drop();
                        expected = null;
                        return read;
                    }
                    if (failure != null) {
                        DeviceException why = failure;
                        drop();
                        expected = null;
                        throw new DeviceException(why.reason(), why.getMessage(), why);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new DeviceException(DeviceException.Reason.TIMEOUT, "no document read for transaction "
                            + transaction.orElse("(none)") + " within " + wait.toMillis() + " ms");
                }
                try {
                    lock.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), CHECK_MS)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DeviceException(DeviceException.Reason.TIMEOUT, "interrupted waiting for the document");
                }
            }
        }
    }

    /** The pipeline's side: an {@link MrzReader} that takes the current transaction's read. */
    MrzReader reader() {
        return this::take;
    }

    private void drop() {
        lines = null;
        failure = null;
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "MrzSlot[" + (lines != null ? "read waiting, lines redacted" : failure != null ? "failed "
                    + failure.reason() : expected != null ? "awaiting" : "empty") + "]";
        }
    }
}
