package org.openegate.gate.flow;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openegate.gate.decision.Outcome;
import org.openegate.gate.decision.ReasonCode;
import org.openegate.gate.device.Camera;
import org.openegate.gate.device.ChipConnector;
import org.openegate.gate.device.MrzReader;
import org.openegate.gate.journal.Journal;
import org.openegate.gate.journal.OfficerDecision;
import org.openegate.mqtt.Outbox;
import org.openegate.mqtt.OutboxEvent;
import org.openegate.mqtt.OutboxException;
import org.openegate.mqtt.Stream;
import org.tinylog.Logger;

/**
 * Binds the state machine to the pipeline, the journal and the outbox: the one place a transaction's life is
 * written down. Pure Java (the verticle, the demo and the harness all use it), blocking: call {@link #runChecks}
 * on a worker thread.
 *
 * <p>Order of writes, so a crash at any point loses nothing: the journal's STARTED row is committed when the
 * traveller enters; the crossing and COMPLETED (or ABORTED) are committed together, and only once STARTED is on
 * disk; then the event goes to the outbox and the journal notes it QUEUED. {@link #recover} at start closes
 * interrupted transactions as ABORTED and re-enqueues every event not yet noted QUEUED.
 *
 * <p>Why a recorder thread: every commit is an fsync (about 6 ms on this project's CI disk), four per traveller.
 * Only one of them has to be on the traveller's path: the crossing must be on disk before the exit opens. The
 * STARTED row is written on the recorder thread while the MRZ and chip are read, and awaited before the crossing
 * is appended (no decision is acted on for a transaction the journal does not know). The outbox enqueue and the
 * QUEUED note are written on the recorder after the doors have moved: a crash before they land leaves the event
 * PENDING in the journal, and {@link #recover} enqueues it (the outbox drops a duplicate event id). One thread
 * keeps the journal's order: STARTED, then the abort or the event, then the next traveller's STARTED. {@link
 * #awaitRecorded()} waits for everything handed to it; {@link #close()} drains it before the journal and outbox
 * may close.
 */
public final class GateController implements GateStateMachine.Listener, AutoCloseable {

    private final String gateId;
    private final CrossingPipeline pipeline;
    private final Journal journal;
    private final Outbox outbox;
    private final Clock clock;
    private final MeterRegistry metrics;
    private GateStateMachine machine;
    private volatile java.util.function.Consumer<GateState> stateObserver = state -> { };
    private volatile java.util.function.Consumer<CrossingPipeline.Crossing> referralObserver = crossing -> { };
    private final ExecutorService recorder = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "egate-recorder");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, Future<?>> startedWrites = new ConcurrentHashMap<>();
    /** An enqueue failed: the next recorder run hands every PENDING event to the outbox again. */
    private volatile boolean flushNeeded;
    private volatile GateReferralObserver gateReferralObserver = (id, reason, during) -> { };

    /** Told when the gate referred without a crossing decision (timeout, tailgating at the open exit). */
    @FunctionalInterface
    public interface GateReferralObserver {
        void referred(String transactionId, String reason, GateState during);
    }

    public GateController(String gateId, CrossingPipeline pipeline, Journal journal, Outbox outbox, Clock clock,
            MeterRegistry metrics) {
        this.gateId = gateId;
        this.pipeline = pipeline;
        this.journal = journal;
        this.outbox = outbox;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The machine this controller listens to; set once, right after both are made. */
    public void attach(GateStateMachine gate) {
        if (this.machine != null) {
            throw new IllegalStateException("already attached to a state machine");
        }
        this.machine = gate;
    }

    /** Told of every state change (on the thread that caused it, holding the machine's lock: keep it short). */
    public void observeStates(java.util.function.Consumer<GateState> observer) {
        this.stateObserver = observer;
    }

    /**
     * Told of every referral once it is journalled and queued (on the worker thread that ran the checks), with
     * its evidence: the officer-console link publishes the case from here.
     */
    public void observeReferrals(java.util.function.Consumer<CrossingPipeline.Crossing> observer) {
        this.referralObserver = observer;
    }

    /**
     * Told of every referral the gate made by itself, with no crossing behind it (called holding the machine's
     * lock: hand the work on, do not block).
     */
    public void observeGateReferrals(GateReferralObserver observer) {
        this.gateReferralObserver = observer;
    }

    public GateStateMachine machine() {
        return machine;
    }

    /**
     * Crash recovery, before the gate admits anyone: every transaction the journal still shows STARTED is
     * journalled ABORTED (reason CRASH), and every ended transaction's event not yet confirmed in the outbox is
     * enqueued. Returns the ids of the interrupted transactions.
     */
    public List<String> recover() throws SQLException {
        List<String> interrupted = journal.recoverInterrupted(AbortReason.CRASH.name());
        for (String id : interrupted) {
            Logger.warn("transaction {} was interrupted by a crash: journalled ABORTED", id);
            metrics.counter("egate.transactions.aborted", "reason", AbortReason.CRASH.name()).increment();
        }
        flushPending();
        return interrupted;
    }

    /** Hands every PENDING journal event to the outbox. */
    public void flushPending() throws SQLException {
        for (Journal.PendingEvent event : journal.pendingEvents()) {
            enqueue(event.transactionId(), event.payload());
        }
    }

    private void enqueue(String transactionId, String payload) throws SQLException {
        try {
            outbox.enqueue(new OutboxEvent(transactionId, Stream.CROSSINGS,
                    payload.getBytes(StandardCharsets.UTF_8), clock.instant()));
        } catch (OutboxException e) {
            if (e.reason() != OutboxException.Reason.DUPLICATE_EVENT_ID) {
                throw new SQLException("outbox refused event " + transactionId + ": " + e.getMessage(), e);
            }
            // Already waiting there (crash after enqueue, before markQueued): nothing to add.
        }
        journal.markQueued(transactionId);
    }

    /**
     * Runs the checks of the machine's current transaction (blocking: chip, face) and hands the decision to the
     * machine. Returns the crossing, or empty when the transaction is no longer current (it timed out or was
     * aborted while the checks ran; the abort is journalled instead).
     */
    public Optional<CrossingPipeline.Crossing> runChecks(String transactionId, MrzReader mrz, ChipConnector chip,
            Camera camera) throws SQLException {
        CrossingPipeline.Crossing crossing = pipeline.process(transactionId, mrz, chip, camera,
                step -> machine.stepCompleted(transactionId, step), () -> machine.gateFindings(transactionId));
        // Journal first: once the exit opens, the record of why must already be on disk.
        if (!machine.transactionId().filter(transactionId::equals).isPresent()
                || !machine.state().processing()) {
            Logger.warn("transaction {} ended before its checks did; its decision is not acted on", transactionId);
            return Optional.empty();
        }
        if (!awaitStarted(transactionId)) {
            return Optional.empty();
        }
        journal.append(crossing.record());
        if (!machine.decided(transactionId, crossing.decision())) {
            return Optional.empty();
        }
        String payload = crossing.record().toPublishedJson().encode();
        recorder.execute(() -> recordEvent(transactionId, payload));
        count(crossing);
        if (crossing.decision().outcome() == Outcome.REFER) {
            referralObserver.accept(crossing);
        }
        return Optional.of(crossing);
    }

    /**
     * Waits for the transaction's STARTED row. A row that could not be written faults the gate: without it a
     * crash would leave no trace of the traveller, so the gate must not act on the checks.
     */
    private boolean awaitStarted(String transactionId) throws SQLException {
        Future<?> write = startedWrites.remove(transactionId);
        if (write == null) {
            // Not started through this controller's listener: act only if the journal knows it.
            return journal.status(transactionId).isPresent();
        }
        try {
            awaitUninterruptibly(write);
            return true;
        } catch (ExecutionException e) {
            Logger.error("cannot journal the start of {}: {}", transactionId, e.getCause().getMessage());
            machine.fault("journal unavailable: " + e.getCause().getMessage());
            return false;
        }
    }

    /** On the recorder: the event to the outbox, then QUEUED in the journal. */
    private void recordEvent(String transactionId, String payload) {
        try {
            if (flushNeeded) {
                flushNeeded = false;
                flushPending();
            }
            enqueue(transactionId, payload);
        } catch (SQLException e) {
            // The event stays PENDING in the journal: the next recorder run, or recover() at the next start,
            // hands it to the outbox again.
            flushNeeded = true;
            metrics.counter("egate.outbox.enqueue.failures").increment();
            Logger.error("event of {} stays PENDING in the journal, the outbox refused it: {}", transactionId,
                    e.getMessage());
        }
    }

    /** Waits until every journal and outbox write handed to the recorder so far is done. */
    public void awaitRecorded() throws InterruptedException {
        try {
            recorder.submit(() -> { }).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the recorder failed: " + e.getCause(), e.getCause());
        }
    }

    /** Drains the recorder (at most 30 s) and stops its thread; call before closing the journal and outbox. */
    @Override
    public void close() {
        recorder.shutdown();
        try {
            if (!recorder.awaitTermination(30, TimeUnit.SECONDS)) {
                Logger.error("the recorder did not drain in 30 s; its events stay PENDING for recover()");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitUninterruptibly(Future<?> write) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    write.get();
                    return;
                } catch (InterruptedException e) {
                    // A journal write takes milliseconds; the gate's safety rests on knowing how it ended.
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** An officer resolved the current referral: chained into the journal's trail, then acted on. */
    public boolean officerDecision(String transactionId, String officerId, OfficerDecision.Verdict verdict,
            String reason) throws SQLException {
        // The decision must be for the traveller now in the gate: a late decision on an earlier case must never
        // open the exit for whoever stands there now.
        if (machine.state() != GateState.REFERRED || !machine.transactionId().filter(transactionId::equals).isPresent()) {
            return false;
        }
        journal.appendOfficerDecision(new OfficerDecision(transactionId, officerId, verdict, reason,
                clock.instant()));
        return machine.officerDecision(verdict == OfficerDecision.Verdict.ADMIT);
    }

    private void count(CrossingPipeline.Crossing crossing) {
        Outcome outcome = crossing.decision().outcome();
        metrics.counter("egate.crossings", "outcome", outcome.name()).increment();
        for (ReasonCode reason : crossing.decision().reasons()) {
            metrics.counter("egate.reasons", "reason", reason.name()).increment();
        }
        crossing.timingsMs().forEach(entry -> Timer.builder("egate.step").tag("step", entry.getKey())
                .register(metrics).record(Math.round(((Number) entry.getValue()).doubleValue() * 1000),
                        TimeUnit.MICROSECONDS));
    }

    @Override
    public void transactionStarted(String transactionId, Instant at) {
        // Committed on the recorder while the first checks run; runChecks waits for it before any decision.
        startedWrites.put(transactionId, recorder.submit(() -> {
            journal.started(transactionId, gateId, at);
            return null;
        }));
    }

    @Override
    public void transactionAborted(String transactionId, AbortReason reason, GateState during) {
        metrics.counter("egate.transactions.aborted", "reason", reason.name()).increment();
        startedWrites.remove(transactionId);
        // On the recorder, after the STARTED row, and waited for: the abort is on disk when the machine moves on.
        Future<?> write = recorder.submit(() -> {
            journal.aborted(transactionId, gateId, reason.name(), clock.instant());
            enqueue(transactionId, journal.pendingEvents().stream()
                    .filter(e -> e.transactionId().equals(transactionId)).findFirst()
                    .map(Journal.PendingEvent::payload).orElseThrow());
            return null;
        });
        try {
            awaitUninterruptibly(write);
        } catch (ExecutionException e) {
            Logger.error("cannot journal the abort of {}: {}", transactionId, e.getCause().getMessage());
        }
    }

    @Override
    public void referredByGate(String transactionId, String reason, GateState during) {
        metrics.counter("egate.gate.referrals", "reason", reason).increment();
        gateReferralObserver.referred(transactionId, reason, during);
    }

    @Override
    public void stateChanged(GateState from, GateState to) {
        Logger.debug("gate {} -> {}", from, to);
        metrics.counter("egate.state.transitions", "to", to.name()).increment();
        stateObserver.accept(to);
    }

}
