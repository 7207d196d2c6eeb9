package org.openegate.gate.flow;

/** The operating mode, set by command (operator console, MQTT command). */
public enum GateMode {
    /** Admits travellers. */
    OPEN,
    /** Finishes the traveller inside, then admits nobody. */
    CLOSED,
    /** Finishes the traveller inside, then locks for a technician. */
    MAINTENANCE
}
