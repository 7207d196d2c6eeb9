package org.openegate.gate.decision;

/** What a policy does with a check that could not decide (TR-03135 UNDETERMINED) or, when mandatory, did not run. */
public enum UndeterminedAction {
    /** Carry on as if it passed. Never allowed for a mandatory check. */
    ACCEPT,
    /** Send the traveller to an officer. */
    REFER,
    /** The gate cannot process the traveller. */
    REJECT
}
