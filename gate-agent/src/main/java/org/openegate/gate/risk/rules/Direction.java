package org.openegate.gate.risk.rules;

/** Which way the traveller crosses the border at this gate. */
public enum Direction {
    ENTRY,
    EXIT
}
