package org.openegate.gate.flow;

/**
 * The states of the gate (see {@link GateStateMachine} for the transitions). Exit door: open only in
 * {@link #EXIT_OPEN}; released (with the entry door) only in {@link #EMERGENCY}; locked everywhere else.
 */
public enum GateState {
    /** Waiting for a traveller: entry open, exit locked, green. */
    IDLE,
    /** A traveller is in the gate, entry locked behind them; the document is being read. */
    DOCUMENT,
    /** The chip is being read and verified. */
    CHIP,
    /** The live face is being captured and compared. */
    FACE,
    /** Risk checks and the policy decide. */
    DECIDING,
    /** The exit is open for this traveller until they pass the exit beam. */
    EXIT_OPEN,
    /** Referred to an officer; both doors locked until the officer decides. */
    REFERRED,
    /** Rejected; the entry opens so the traveller goes back. */
    REJECTED,
    /** A device failed: both doors locked, red, until a reset command. */
    FAULT,
    /** The emergency input is on: both doors released. */
    EMERGENCY,
    /** Closed by command: no new travellers, entry locked. */
    CLOSED,
    /** Maintenance by command: no travellers, doors locked, red. */
    MAINTENANCE;

    /** The states a traveller's checks run in. */
    public boolean processing() {
        return this == DOCUMENT || this == CHIP || this == FACE || this == DECIDING;
    }
}
