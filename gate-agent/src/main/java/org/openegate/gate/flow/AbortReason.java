package org.openegate.gate.flow;

/** Why a transaction ended without a decision; journalled with the ABORTED row. */
public enum AbortReason {
    /** A step did not finish within its timeout. */
    TIMEOUT,
    /** A device failed. */
    FAULT,
    /** The emergency input released the doors. */
    EMERGENCY,
    /** The gate went down during the transaction (found at the next start). */
    CRASH
}
