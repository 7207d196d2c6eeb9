package org.openegate.gate.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openegate.gate.decision.Decision;
import org.openegate.gate.decision.Outcome;
import org.openegate.gate.decision.ReasonCode;
import org.openegate.gate.device.DeviceException;
import org.openegate.gate.device.GateIo;
import org.openegate.gate.device.GateIo.Door;
import org.openegate.gate.device.GateIo.Light;
import org.openegate.gate.device.GateSignal;

class GateStateMachineTest {

    /** Doors and lights as a latch board would hold them; can be told to fail. */
    static final class Board implements GateIo {
        Door entry;
        Door exit;
        Light light;
        boolean failExit;
        final List<String> log = new ArrayList<>();

        @Override
        public void entryDoor(Door door) {
            entry = door;
            log.add("entry " + door);
        }

        @Override
        public void exitDoor(Door door) throws DeviceException {
            if (failExit && door == Door.OPEN) {
                throw new DeviceException(DeviceException.Reason.IO_ERROR, "exit lock driver not answering");
            }
            exit = door;
            log.add("exit " + door);
        }

        @Override
        public void light(Light l) {
            light = l;
        }
    }

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-29T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    final Board board = new Board();
    final MovableClock clock = new MovableClock();
    final List<String> events = new ArrayList<>();
    final AtomicInteger ids = new AtomicInteger();
    GateStateMachine gate;

    @BeforeEach
    void start() {
        Map<GateState, Duration> timeouts = new EnumMap<>(GateState.class);
        for (GateState s : List.of(GateState.DOCUMENT, GateState.CHIP, GateState.FACE, GateState.DECIDING,
                GateState.EXIT_OPEN, GateState.REJECTED)) {
            timeouts.put(s, Duration.ofSeconds(10));
        }
        gate = new GateStateMachine(board, timeouts, clock, () -> "tx" + ids.incrementAndGet(),
                new GateStateMachine.Listener() {
                    @Override
                    public void transactionStarted(String id, Instant at) {
                        events.add("started " + id);
                    }

                    @Override
                    public void transactionAborted(String id, AbortReason reason, GateState during) {
                        events.add("aborted " + id + " " + reason + " in " + during);
                    }

                    @Override
                    public void referredByGate(String id, String reason, GateState during) {
                        events.add("referred " + id + " " + reason + " in " + during);
                    }

                    @Override
                    public void stateChanged(GateState from, GateState to) {
                    }
                });
        gate.start(GateMode.OPEN);
    }

    private String enterAndRunChecks() {
        gate.signal(GateSignal.ENTRY_BEAM_BROKEN);
        gate.signal(GateSignal.ENTRY_BEAM_CLEAR);
        String id = gate.transactionId().orElseThrow();
        gate.stepCompleted(id, GateState.DOCUMENT);
        gate.stepCompleted(id, GateState.CHIP);
        gate.stepCompleted(id, GateState.FACE);
        return id;
    }

    @Test
    void start_isIdleWithExitLockedAndEntryOpen() {
        assertThat(gate.state()).isEqualTo(GateState.IDLE);
        assertThat(board.exit).isEqualTo(Door.LOCKED);
        assertThat(board.entry).isEqualTo(Door.OPEN);
        // The first outputs driven are the safe ones.
        assertThat(board.log.subList(0, 2)).containsExactly("exit LOCKED", "entry LOCKED");
    }

    @Test
    void genuineTraveller_walksThroughEveryStateAndBackToIdle() {
        gate.signal(GateSignal.ENTRY_BEAM_BROKEN);
        assertThat(gate.state()).isEqualTo(GateState.DOCUMENT);
        assertThat(events).containsExactly("started tx1");
        gate.signal(GateSignal.ENTRY_BEAM_CLEAR);
        assertThat(board.entry).isEqualTo(Door.LOCKED);
        gate.stepCompleted("tx1", GateState.DOCUMENT);
        assertThat(gate.state()).isEqualTo(GateState.CHIP);
        gate.stepCompleted("tx1", GateState.CHIP);
        assertThat(gate.state()).isEqualTo(GateState.FACE);
        gate.stepCompleted("tx1", GateState.FACE);
        assertThat(gate.state()).isEqualTo(GateState.DECIDING);
        assertThat(gate.decided("tx1", new Decision(Outcome.OPEN_EXIT, List.of()))).isTrue();
        assertThat(gate.state()).isEqualTo(GateState.EXIT_OPEN);
        assertThat(board.exit).isEqualTo(Door.OPEN);
        assertThat(board.entry).isEqualTo(Door.LOCKED);
        gate.signal(GateSignal.EXIT_BEAM_BROKEN);
        gate.signal(GateSignal.EXIT_BEAM_CLEAR);
        assertThat(gate.state()).isEqualTo(GateState.IDLE);
        assertThat(board.exit).isEqualTo(Door.LOCKED);
        assertThat(gate.transactionId()).isEmpty();
    }

    @Test
    void exitBeamClearWithoutBreak_doesNotCloseTheTransaction() {
        String id = enterAndRunChecks();
        gate.decided(id, new Decision(Outcome.OPEN_EXIT, List.of()));
        gate.signal(GateSignal.EXIT_BEAM_CLEAR);
        assertThat(gate.state()).isEqualTo(GateState.EXIT_OPEN);
    }

    @Test
    void secondPersonThroughTheEntryBeam_isTailgating() {
        gate.signal(GateSignal.ENTRY_BEAM_BROKEN);
        gate.signal(GateSignal.ENTRY_BEAM_CLEAR);
        gate.signal(GateSignal.ENTRY_BEAM_BROKEN);
        assertThat(gate.gateFindings("tx1")).containsExactly(ReasonCode.TAILGATING);
        assertThat(gate.gateFindings("other")).isEmpty();
    }

    @Test
    void tailgateSensorDuringChecks_isTailgating() {
        String id = enterAndRunChecks();
        gate.signal(GateSignal.TAILGATE);
        assertThat(gate.gateFindings(id)).containsExactly(ReasonCode.TAILGATING);
    }

    @Test
    void tailgateAtOpenExit_locksExitAndRefers() {
        String id = enterAndRunChecks();
        gate.decided(id, new Decision(Outcome.OPEN_EXIT, List.of()));
        gate.signal(GateSignal.TAILGATE);
        assertThat(board.exit).isEqualTo(Door.LOCKED);
        assertThat(gate.state()).isEqualTo(GateState.REFERRED);
    }

    @Test
    void refer_keepsBothDoorsLockedUntilTheOfficerDecides() {
        String id = enterAndRunChecks();
        gate.decided(id, new Decision(Outcome.REFER, List.of(ReasonCode.FACE_MISMATCH)));
        assertThat(gate.state()).isEqualTo(GateState.REFERRED);
        assertThat(board.exit).isEqualTo(Door.LOCKED);
        assertThat(board.entry).isEqualTo(Door.LOCKED);
        clock.advance(Duration.ofHours(1));
        gate.tick();
        assertThat(gate.state()).isEqualTo(GateState.REFERRED);
        assertThat(gate.officerDecision(true)).isTrue();
        assertThat(gate.state()).isEqualTo(GateState.EXIT_OPEN);
    }

    @Test
    void reject_opensTheEntryForTheWayBack() {
        String id = enterAndRunChecks();
        gate.decided(id, new Decision(Outcome.REJECT, List.of(ReasonCode.DOCUMENT_EXPIRED)));
        assertThat(gate.state()).isEqualTo(GateState.REJECTED);
        assertThat(board.exit).isEqualTo(Door.LOCKED);
        assertThat(board.entry).isEqualTo(Door.OPEN);
        gate.signal(GateSignal.ENTRY_BEAM_CLEAR);
        assertThat(gate.state()).isEqualTo(GateState.IDLE);
    }

    @Test
    void stepTimeout_abortsAndRefers_andALateDecisionIsRefused() {
        gate.signal(GateSignal.ENTRY_BEAM_BROKEN);
        gate.stepCompleted("tx1", GateState.DOCUMENT);
        clock.advance(Duration.ofSeconds(9));
        gate.tick();
        assertThat(gate.state()).isEqualTo(GateState.CHIP);
        clock.advance(Duration.ofSeconds(2));
        gate.tick();
        assertThat(gate.state()).isEqualTo(GateState.REFERRED);
        assertThat(events).contains("aborted tx1 TIMEOUT in CHIP");
        assertThat(board.exit).isEqualTo(Door.LOCKED);
        assertThat(gate.decided("tx1", new Decision(Outcome.OPEN_EXIT, List.of()))).isFalse();
        assertThat(board.exit).isEqualTo(Door.LOCKED);
    }

    @Test
    void stepTimeout_refersTheSameTransaction_soTheOfficerCanResolveIt() {
        gate.signal(GateSignal.ENTRY_BEAM_BROKEN);
        gate.stepCompleted("tx1", GateState.DOCUMENT);
        clock.advance(Duration.ofSeconds(11));
        gate.tick();
        assertThat(gate.state()).isEqualTo(GateState.REFERRED);
        assertThat(events).contains("aborted tx1 TIMEOUT in CHIP", "referred tx1 TIMEOUT in CHIP");
        assertThat(gate.transactionId()).contains("tx1");
        assertThat(gate.officerDecision(false)).isTrue();
        assertThat(gate.state()).isEqualTo(GateState.REJECTED);
        gate.signal(GateSignal.ENTRY_BEAM_CLEAR);
        assertThat(gate.state()).isEqualTo(GateState.IDLE);
        assertThat(gate.transactionId()).isEmpty();
    }

    @Test
    void tailgateAtOpenExit_isReportedAsTheGatesOwnReferral() {
        String id = enterAndRunChecks();
        gate.decided(id, new Decision(Outcome.OPEN_EXIT, List.of()));
        gate.signal(GateSignal.TAILGATE);
        assertThat(events).contains("referred " + id + " TAILGATING in EXIT_OPEN");
        assertThat(gate.transactionId()).contains(id);
    }

    @Test
    void staleStepReports_areIgnored() {
        gate.signal(GateSignal.ENTRY_BEAM_BROKEN);
        gate.stepCompleted("tx0", GateState.DOCUMENT);
        gate.stepCompleted("tx1", GateState.CHIP);
        assertThat(gate.state()).isEqualTo(GateState.DOCUMENT);
    }

    @Test
    void exitNotPassedInTime_locksAndRefers() {
        String id = enterAndRunChecks();
        gate.decided(id, new Decision(Outcome.OPEN_EXIT, List.of()));
        clock.advance(Duration.ofSeconds(11));
        gate.tick();
        assertThat(board.exit).isEqualTo(Door.LOCKED);
        assertThat(gate.state()).isEqualTo(GateState.REFERRED);
    }

    @Test
    void exitDoorFailure_isAFaultWithExitLockedAndNeverOpens() {
        board.failExit = true;
        String id = enterAndRunChecks();
        gate.decided(id, new Decision(Outcome.OPEN_EXIT, List.of()));
        assertThat(gate.state()).isEqualTo(GateState.FAULT);
        assertThat(board.exit).isEqualTo(Door.LOCKED);
        assertThat(board.light).isEqualTo(Light.RED);
        board.failExit = false;
        assertThat(gate.reset()).isTrue();
        assertThat(gate.state()).isEqualTo(GateState.IDLE);
    }

    @Test
    void faultDuringChecks_abortsTheTransaction() {
        gate.signal(GateSignal.ENTRY_BEAM_BROKEN);
        gate.fault("camera gone");
        assertThat(events).contains("aborted tx1 FAULT in DOCUMENT");
        assertThat(gate.state()).isEqualTo(GateState.FAULT);
        gate.signal(GateSignal.ENTRY_BEAM_BROKEN);
        assertThat(gate.state()).isEqualTo(GateState.FAULT);
    }

    @Test
    void emergency_releasesBothDoors_andClearingItNeedsAReset() {
        gate.signal(GateSignal.ENTRY_BEAM_BROKEN);
        gate.signal(GateSignal.EMERGENCY_ON);
        assertThat(gate.state()).isEqualTo(GateState.EMERGENCY);
        assertThat(board.entry).isEqualTo(Door.RELEASED);
        assertThat(board.exit).isEqualTo(Door.RELEASED);
        assertThat(events).contains("aborted tx1 EMERGENCY in DOCUMENT");
        assertThat(gate.reset()).isFalse();
        gate.signal(GateSignal.EMERGENCY_OFF);
        assertThat(gate.state()).isEqualTo(GateState.FAULT);
        assertThat(board.exit).isEqualTo(Door.LOCKED);
        assertThat(gate.reset()).isTrue();
        assertThat(gate.state()).isEqualTo(GateState.IDLE);
    }

    @Test
    void closedDuringATransaction_takesEffectWhenTheTravellerHasLeft() {
        String id = enterAndRunChecks();
        gate.setMode(GateMode.CLOSED);
        assertThat(gate.state()).isEqualTo(GateState.DECIDING);
        gate.decided(id, new Decision(Outcome.OPEN_EXIT, List.of()));
        gate.signal(GateSignal.EXIT_BEAM_BROKEN);
        gate.signal(GateSignal.EXIT_BEAM_CLEAR);
        assertThat(gate.state()).isEqualTo(GateState.CLOSED);
        assertThat(board.entry).isEqualTo(Door.LOCKED);
        gate.signal(GateSignal.ENTRY_BEAM_BROKEN);
        assertThat(gate.state()).isEqualTo(GateState.CLOSED);
        gate.setMode(GateMode.MAINTENANCE);
        assertThat(gate.state()).isEqualTo(GateState.MAINTENANCE);
        gate.setMode(GateMode.OPEN);
        assertThat(gate.state()).isEqualTo(GateState.IDLE);
    }
}
