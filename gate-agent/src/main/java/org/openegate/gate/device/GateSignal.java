package org.openegate.gate.device;

/** An input edge from the gate's sensors: presence beams, the tailgating sensor, the emergency input. */
public enum GateSignal {
    ENTRY_BEAM_BROKEN,
    ENTRY_BEAM_CLEAR,
    EXIT_BEAM_BROKEN,
    EXIT_BEAM_CLEAR,
    /** The overhead sensor saw two people in the passage. */
    TAILGATE,
    EMERGENCY_ON,
    EMERGENCY_OFF
}
