package org.openegate.gate.decision;

/** What the gate does with a traveller. */
public enum Outcome {
    /** Every mandatory check passed: the exit door opens. */
    OPEN_EXIT,
    /** A check needs a human: the traveller is sent to an officer, who decides. */
    REFER,
    /** The document or the traveller cannot be processed by the gate at all (for example an expired document). */
    REJECT
}
