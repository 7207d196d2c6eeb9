package org.openegate.crypto;

/**
 * The five results BSI TR-03135 gives every check: each verification step of the gate reports one of these,
 * together with a reason code, never a bare boolean.
 */
public enum CheckStatus {
    /** The check ran and the document satisfied it. */
    PASSED,
    /** The check ran and the document did not satisfy it. */
    FAILED,
    /** The check could not reach a verdict, for example because a CSCA or CRL is missing. */
    UNDETERMINED,
    /** The document or the configuration does not support this check. */
    NOT_SUPPORTED,
    /** The check was started but interrupted, for example by a torn card or a protocol error. */
    ABORTED;

    /** Combines two results of parts of one check: any failure wins, then any abort, then any doubt. */
    public CheckStatus and(CheckStatus other) {
        CheckStatus a = this;
        CheckStatus b = other;
        if (a == FAILED || b == FAILED) {
            return FAILED;
        }
        if (a == ABORTED || b == ABORTED) {
            return ABORTED;
        }
        if (a == UNDETERMINED || b == UNDETERMINED) {
            return UNDETERMINED;
        }
        if (a == NOT_SUPPORTED || b == NOT_SUPPORTED) {
            return NOT_SUPPORTED;
        }
        return PASSED;
    }
}
