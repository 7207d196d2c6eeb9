package org.openegate.gate.decision;

/** The checks of a crossing a policy can make mandatory or give an UNDETERMINED rule (BSI TR-03135 §6). */
public enum Check {
    MRZ,
    CHIP_ACCESS,
    PASSIVE_AUTHENTICATION,
    CHIP_AUTHENTICITY,
    FACE,
    PRESENTATION_ATTACK,
    DOCUMENT_VALIDITY,
    DOCUMENT_WATCHLIST
}
