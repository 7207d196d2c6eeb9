package org.openegate.gate.flow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.openegate.gate.decision.Decision;
import org.openegate.gate.decision.ReasonCode;
import org.openegate.gate.device.DeviceException;
import org.openegate.gate.device.GateIo;
import org.openegate.gate.device.GateIo.Door;
import org.openegate.gate.device.GateIo.Light;
import org.openegate.gate.device.GateSignal;
import org.tinylog.Logger;

/**
 * The gate transaction state machine: pure Java, no Vert.x, time from an injected {@link Clock}, doors and lights
 * through {@link GateIo}. {@code GateVerticle} wraps it on the event loop; the demo and the harness drive it
 * directly. Every public method is synchronized, so the pipeline's worker thread may report steps directly.
 *
 * <pre>
 *              ENTRY_BEAM_BROKEN            step done        step done       step done
 *   IDLE ─────────────────────▶ DOCUMENT ──────────▶ CHIP ──────────▶ FACE ──────────▶ DECIDING
 *    ▲                                                                                    │ decided
 *    │   EXIT_BEAM_CLEAR (after BROKEN)                                                   ├─ OPEN_EXIT ─▶ EXIT_OPEN
 *    ├──────────────────────────────────────── EXIT_OPEN ◀── officer admits ─┐            ├─ REFER ─────▶ REFERRED
 *    │   ENTRY_BEAM_CLEAR (traveller went back)                               │            └─ REJECT ────▶ REJECTED
 *    ├──────────────────────────────────────── REJECTED  ◀── officer returns ─┤
 *    │                                                                       REFERRED ◀── any step timeout
 *    └── reset ── FAULT ◀── any device failure;   EMERGENCY_ON (any state) ─▶ EMERGENCY ─ EMERGENCY_OFF ─▶ FAULT
 * </pre>
 *
 * <p>Why these rules:
 * <ul>
 *   <li><b>Fail safe.</b> The exit is unlocked in exactly one state, EXIT_OPEN. Every fault, timeout or unknown
 *       situation locks it. Only the emergency input releases doors (both: fire code), and leaving EMERGENCY goes
 *       to FAULT, so a person confirms the gate is clear before it admits anyone again.</li>
 *   <li><b>One traveller at a time.</b> The entry locks once the traveller has cleared the entry beam; the entry
 *       beam broken again, or the tailgating sensor, during the checks is TAILGATING, which the policy refers.</li>
 *   <li><b>A timeout per step</b> (config {@code timeouts}); a traveller stuck inside is referred to an officer and
 *       the transaction aborted, never left waiting.</li>
 *   <li><b>Modes</b> change only between travellers: CLOSED or MAINTENANCE set during a transaction takes effect
 *       when the traveller has left.</li>
 * </ul>
 */
public final class GateStateMachine {

    /** What the machine tells the rest of the gate (journal, metrics, screen). Called while holding its lock. */
    public interface Listener {
        /** A traveller entered: the journal writes the "started" row before anything else happens. */
        void transactionStarted(String transactionId, Instant at);

        /** The transaction ended without a decision. */
        void transactionAborted(String transactionId, AbortReason reason, GateState during);

        void stateChanged(GateState from, GateState to);

        /**
         * The gate referred on its own, with no crossing decision behind it: a step timed out ({@code TIMEOUT}),
         * or a second person came to the open exit ({@code TAILGATING}). The transaction stays the machine's
         * current one, so an officer's decision can name it.
         */
        default void referredByGate(String transactionId, String reason, GateState during) {
        }
    }

    private final GateIo io;
    private final Map<GateState, Duration> timeouts;
    private final Clock clock;
    private final Supplier<String> transactionIds;
    private final Listener listener;

    private GateState state = GateState.MAINTENANCE;
    private GateMode mode = GateMode.MAINTENANCE;
    private String transactionId;
    private Instant deadline;
    private boolean entryCleared;
    private boolean tailgating;
    private boolean emergency;
    private boolean exitBeamBroken;

    /**
     * @param timeouts the longest the gate stays in DOCUMENT, CHIP, FACE, DECIDING, EXIT_OPEN and REJECTED
     */
    public GateStateMachine(GateIo io, Map<GateState, Duration> timeouts, Clock clock,
            Supplier<String> transactionIds, Listener listener) {
        for (GateState timed : List.of(GateState.DOCUMENT, GateState.CHIP, GateState.FACE, GateState.DECIDING,
                GateState.EXIT_OPEN, GateState.REJECTED)) {
            if (!timeouts.containsKey(timed)) {
                throw new IllegalArgumentException("no timeout for " + timed);
            }
        }
        this.io = io;
        this.timeouts = new EnumMap<>(timeouts);
        this.clock = clock;
        this.transactionIds = transactionIds;
        this.listener = listener;
    }

    /** Drives every output to its safe value, then enters the mode's resting state. Call once at start. */
    public synchronized void start(GateMode initial) {
        mode = initial;
        try {
            io.exitDoor(Door.LOCKED);
            io.entryDoor(Door.LOCKED);
            io.light(Light.RED);
        } catch (DeviceException e) {
            enterFault("safe outputs at start: " + e.getMessage());
            return;
        }
        rest();
    }

    public synchronized GateState state() {
        return state;
    }

    public synchronized GateMode mode() {
        return mode;
    }

    public synchronized Optional<String> transactionId() {
        return Optional.ofNullable(transactionId);
    }

    /** Sets the mode; it takes effect now when no traveller is inside, else when they have left. */
    public synchronized void setMode(GateMode newMode) {
        mode = newMode;
        if (state == GateState.IDLE || state == GateState.CLOSED || state == GateState.MAINTENANCE) {
            rest();
        }
    }

    public synchronized void signal(GateSignal signal) {
        switch (signal) {
            case EMERGENCY_ON -> {
                emergency = true;
                abortTransaction(AbortReason.EMERGENCY);
                // Release both even if one fails: each door is its own circuit.
                tryOutput(() -> io.exitDoor(Door.RELEASED));
                tryOutput(() -> io.entryDoor(Door.RELEASED));
                tryOutput(() -> io.light(Light.RED));
                moveTo(GateState.EMERGENCY);
            }
            case EMERGENCY_OFF -> {
                emergency = false;
                if (state == GateState.EMERGENCY) {
                    enterFault("emergency input cleared: reset once the gate is checked clear");
                }
            }
            case ENTRY_BEAM_BROKEN -> {
                if (state == GateState.IDLE) {
                    begin();
                } else if (state.processing() && entryCleared) {
                    tailgating = true;
                }
            }
            case ENTRY_BEAM_CLEAR -> {
                if (state.processing() && !entryCleared) {
                    entryCleared = true;
                    outputs(() -> io.entryDoor(Door.LOCKED));
                } else if (state == GateState.REJECTED) {
                    finishTransaction();
                }
            }
            case TAILGATE -> {
                if (state.processing()) {
                    tailgating = true;
                } else if (state == GateState.EXIT_OPEN) {
                    // A second person at the open exit: lock it and call an officer.
                    if (outputs(() -> io.exitDoor(Door.LOCKED), () -> io.light(Light.AMBER))) {
                        moveTo(GateState.REFERRED);
                        listener.referredByGate(transactionId, ReasonCode.TAILGATING.name(), GateState.EXIT_OPEN);
                    }
                }
            }
            case EXIT_BEAM_BROKEN -> {
                if (state == GateState.EXIT_OPEN) {
                    exitBeamBroken = true;
                }
            }
            case EXIT_BEAM_CLEAR -> {
                if (state == GateState.EXIT_OPEN && exitBeamBroken) {
                    if (outputs(() -> io.exitDoor(Door.LOCKED))) {
                        finishTransaction();
                    }
                }
            }
        }
    }

    /** The pipeline finished the step of {@code finished}; ignored unless it is this transaction's current step. */
    public synchronized void stepCompleted(String id, GateState finished) {
        if (!id.equals(transactionId) || state != finished) {
            return;
        }
        switch (finished) {
            case DOCUMENT -> moveToTimed(GateState.CHIP);
            case CHIP -> moveToTimed(GateState.FACE);
            case FACE -> moveToTimed(GateState.DECIDING);
            default -> {
            }
        }
    }

    /** What the gate itself found during the transaction (tailgating), for the policy's decision. */
    public synchronized List<ReasonCode> gateFindings(String id) {
        return id.equals(transactionId) && tailgating ? List.of(ReasonCode.TAILGATING) : List.of();
    }

    /**
     * The policy decided. Returns false, and changes nothing, when the transaction is no longer the current one
     * (it timed out or was aborted meanwhile): the caller then journals it as aborted, not as decided.
     */
    public synchronized boolean decided(String id, Decision decision) {
        if (!id.equals(transactionId) || !state.processing()) {
            return false;
        }
        switch (decision.outcome()) {
            case OPEN_EXIT -> openExit();
            case REFER -> {
                if (outputs(() -> io.light(Light.AMBER))) {
                    moveTo(GateState.REFERRED);
                }
            }
            case REJECT -> returnTraveller();
        }
        return true;
    }

    /** An officer resolved a referral: admit opens the exit, otherwise the traveller goes back. */
    public synchronized boolean officerDecision(boolean admit) {
        if (state != GateState.REFERRED) {
            return false;
        }
        if (admit) {
            openExit();
        } else {
            returnTraveller();
        }
        return true;
    }

    /** A device failed: lock the exit, red, abort the traveller's transaction. */
    public synchronized void fault(String detail) {
        if (state == GateState.EMERGENCY) {
            return; // the emergency outranks a fault; leaving it goes to FAULT anyway
        }
        enterFault(detail);
    }

    /** Clears a FAULT (a person checked the gate). Returns false when not in FAULT or the emergency is still on. */
    public synchronized boolean reset() {
        if (state != GateState.FAULT || emergency) {
            return false;
        }
        try {
            io.exitDoor(Door.LOCKED);
            io.entryDoor(Door.LOCKED);
        } catch (DeviceException e) {
            Logger.warn("reset refused, doors do not answer: {}", e.getMessage());
            return false;
        }
        rest();
        return true;
    }

    /** Checks the current step's deadline; the verticle calls this on a timer, tests with a moved clock. */
    public synchronized void tick() {
        if (deadline == null || clock.instant().isBefore(deadline)) {
            return;
        }
        deadline = null;
        GateState expired = state;
        String id = transactionId;
        if (state.processing()) {
            Logger.warn("transaction timed out in {}", expired);
            abortTransaction(AbortReason.TIMEOUT);
            if (outputs(() -> io.light(Light.AMBER))) {
                // Aborted (journalled so), but still the traveller in the gate: the officer's decision names it.
                transactionId = id;
                moveTo(GateState.REFERRED);
                listener.referredByGate(id, AbortReason.TIMEOUT.name(), expired);
            }
        } else if (state == GateState.EXIT_OPEN || state == GateState.REJECTED) {
            // Nobody walked through in time: lock up and let an officer look.
            if (outputs(() -> io.exitDoor(Door.LOCKED), () -> io.entryDoor(Door.LOCKED),
                    () -> io.light(Light.AMBER))) {
                moveTo(GateState.REFERRED);
                if (id != null) {
                    listener.referredByGate(id, AbortReason.TIMEOUT.name(), expired);
                }
            }
        }
    }

    private void begin() {
        transactionId = transactionIds.get();
        entryCleared = false;
        tailgating = false;
        exitBeamBroken = false;
        listener.transactionStarted(transactionId, clock.instant());
        if (outputs(() -> io.light(Light.AMBER))) {
            moveToTimed(GateState.DOCUMENT);
        }
    }

    private void openExit() {
        // Entry locked and light set before the exit opens: never both doors open.
        if (outputs(() -> io.entryDoor(Door.LOCKED), () -> io.light(Light.GREEN), () -> io.exitDoor(Door.OPEN))) {
            exitBeamBroken = false;
            moveToTimed(GateState.EXIT_OPEN);
        }
    }

    private void returnTraveller() {
        if (outputs(() -> io.exitDoor(Door.LOCKED), () -> io.light(Light.RED), () -> io.entryDoor(Door.OPEN))) {
            moveToTimed(GateState.REJECTED);
        }
    }

    private void finishTransaction() {
        transactionId = null;
        rest();
    }

    /** The resting state of the mode, with its outputs. */
    private void rest() {
        deadline = null;
        transactionId = null;
        switch (mode) {
            case OPEN -> {
                if (outputs(() -> io.exitDoor(Door.LOCKED), () -> io.entryDoor(Door.OPEN),
                        () -> io.light(Light.GREEN))) {
                    moveTo(GateState.IDLE);
                }
            }
            case CLOSED, MAINTENANCE -> {
                if (outputs(() -> io.exitDoor(Door.LOCKED), () -> io.entryDoor(Door.LOCKED),
                        () -> io.light(Light.RED))) {
                    moveTo(mode == GateMode.CLOSED ? GateState.CLOSED : GateState.MAINTENANCE);
                }
            }
        }
    }

    private void abortTransaction(AbortReason reason) {
        if (transactionId != null && (state.processing() || state == GateState.REFERRED)) {
            String id = transactionId;
            GateState during = state;
            transactionId = null;
            if (during.processing()) {
                listener.transactionAborted(id, reason, during);
            }
        }
        transactionId = null;
    }

    private void enterFault(String detail) {
        Logger.error("gate fault in {}: {}", state, detail);
        abortTransaction(AbortReason.FAULT);
        tryOutput(() -> io.exitDoor(Door.LOCKED));
        tryOutput(() -> io.entryDoor(Door.LOCKED));
        tryOutput(() -> io.light(Light.RED));
        deadline = null;
        moveTo(GateState.FAULT);
    }

    private void moveToTimed(GateState next) {
        moveTo(next);
        deadline = clock.instant().plus(timeouts.get(next));
    }

    private void moveTo(GateState next) {
        GateState from = state;
        state = next;
        deadline = null;
        if (from != next) {
            listener.stateChanged(from, next);
        }
    }

    private interface Output {
        void run() throws DeviceException;
    }

    /** Sets outputs in order; the first failure is a fault (exit locked) and returns false: do not move on. */
    private boolean outputs(Output... outputs) {
        for (Output output : outputs) {
            try {
                output.run();
            } catch (DeviceException e) {
                enterFault(e.getMessage());
                return false;
            }
        }
        return true;
    }

    /** Sets an output where a failure can only be logged (already failing safe). */
    private void tryOutput(Output output) {
        try {
            output.run();
        } catch (DeviceException e) {
            Logger.error("output failed while failing safe: {}", e.getMessage());
        }
    }
}
