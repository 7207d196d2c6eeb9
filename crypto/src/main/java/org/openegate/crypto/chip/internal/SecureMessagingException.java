package org.openegate.crypto.chip.internal;

/** A secure-messaging object that failed verification or does not parse. Reason is machine-readable. */
public final class SecureMessagingException extends RuntimeException {

    /** Why a protected APDU was refused (9303-11 §9.8). */
    public enum Reason {
        /** DO'8E' does not match the MAC computed over the counter and the data objects. */
        MAC_INVALID,
        /** DO'8E' (or, in a response, DO'99') is absent. */
        DO_MISSING,
        /** The data objects end inside a tag, length or value: bytes were lost on the way. */
        TRUNCATED,
        /** Unknown or misplaced data objects, a bad padding-content indicator, ciphertext not a block multiple. */
        MALFORMED,
        /** The decrypted data does not end with ISO/IEC 9797-1 padding method 2. */
        PADDING_INVALID
    }

    private final Reason reason;

    public SecureMessagingException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
