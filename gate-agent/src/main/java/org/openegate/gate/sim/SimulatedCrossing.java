package org.openegate.gate.sim;

import java.sql.SQLException;
import java.util.Optional;
import org.openegate.gate.device.GateSignal;
import org.openegate.gate.flow.CrossingPipeline;
import org.openegate.gate.flow.GateController;
import org.openegate.gate.flow.GateState;
import org.openegate.gate.flow.GateStateMachine;
import org.openegate.gate.journal.OfficerDecision;

/**
 * Walks one prepared traveller through the gate the way the sensors would report it: entry beam broken and
 * cleared, the checks, then out through the exit, back through the entry, or to the officer. A tailgater is a
 * second break of the entry beam while the checks run. The simulated officer refuses every referral (the
 * conservative choice), which goes into the officer trail.
 */
public final class SimulatedCrossing {

    /** The simulated officer's staff id in the officer trail. */
    public static final String OFFICER = "sim-officer";

    private SimulatedCrossing() {
    }

    public static Optional<CrossingPipeline.Crossing> run(GateController controller, PreparedTraveller traveller)
            throws SQLException {
        GateStateMachine gate = controller.machine();
        if (gate.state() != GateState.IDLE) {
            throw new IllegalStateException("the gate is " + gate.state() + ", not IDLE: it admits nobody");
        }
        gate.signal(GateSignal.ENTRY_BEAM_BROKEN);
        String id = gate.transactionId().orElseThrow(() -> new IllegalStateException(
                "the gate did not start a transaction, it is " + gate.state()));
        gate.signal(GateSignal.ENTRY_BEAM_CLEAR);
        if (traveller.traveller().kind() == TravellerKind.TAILGATING) {
            gate.signal(GateSignal.ENTRY_BEAM_BROKEN);
        }
        Optional<CrossingPipeline.Crossing> crossing = controller.runChecks(id, traveller.mrzReader(),
                traveller.chip(), traveller.camera());
        leave(controller, id);
        return crossing;
    }

    /** The traveller (or travellers) leave the gate by whichever door the decision opened. */
    static void leave(GateController controller, String id) throws SQLException {
        GateStateMachine gate = controller.machine();
        if (gate.state() == GateState.REFERRED) {
            controller.officerDecision(id, OFFICER, OfficerDecision.Verdict.REFUSE, "SIMULATED_REFERRAL");
        }
        if (gate.state() == GateState.EXIT_OPEN) {
            gate.signal(GateSignal.EXIT_BEAM_BROKEN);
            gate.signal(GateSignal.EXIT_BEAM_CLEAR);
        } else if (gate.state() == GateState.REJECTED) {
            gate.signal(GateSignal.ENTRY_BEAM_BROKEN);
            gate.signal(GateSignal.ENTRY_BEAM_CLEAR);
        }
    }
}
