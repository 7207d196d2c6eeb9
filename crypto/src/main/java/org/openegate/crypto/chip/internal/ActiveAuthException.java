package org.openegate.crypto.chip.internal;

/** An Active Authentication answer was refused; the reason says how, the message names the value. */
public final class ActiveAuthException extends RuntimeException {

    /** Why an AA signature was refused. */
    public enum Reason {
        /** Wrong length, or a key too small for the hash. */
        MALFORMED,
        /**
         * Well-formed, but the value, the 9796-2 representative, the hash or the ECDSA equation does not verify: the
         * chip lacks the private key.
         */
        SIGNATURE_INVALID,
        /** No known hash: an ISO/IEC 10118-3 hash id or ECDSA algorithm this verifier does not know. */
        HASH_UNKNOWN,
        /** The DG15 key is neither RSA nor EC. */
        KEY_NOT_SUPPORTED
    }

    private final Reason reason;

    public ActiveAuthException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
