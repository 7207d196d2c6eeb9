package org.openegate.gate.device;

/** The gate's inputs. "Active" means: someone is in that beam, the tailgating sensor fired, the emergency is on. */
public enum Sensor {
    /** The presence beam in front of the entry door (a traveller waiting). */
    ENTRY_BEAM,
    /** The presence beam inside the gate, between the doors (one traveller at a time). */
    INSIDE_BEAM,
    /** The presence beam past the exit door (the traveller has left). */
    EXIT_BEAM,
    /** The tailgating sensor: a second person behind the traveller inside the gate. */
    TAILGATE,
    /** The emergency input (fire alarm, emergency button): the hardware has released both doors. */
    EMERGENCY
}
