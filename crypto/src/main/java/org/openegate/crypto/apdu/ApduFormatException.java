package org.openegate.crypto.apdu;

/** APDU bytes that do not follow ISO/IEC 7816-4 §5.1. The reason is machine-readable; the message names the value. */
public final class ApduFormatException extends IllegalArgumentException {

    /** Why APDU bytes or parameters were refused. */
    public enum Reason {
        /** Fewer bytes than the smallest APDU of that kind (4 for a command, 2 for a response). */
        TOO_SHORT,
        /** Lc, Le and the byte count do not agree on any of the four cases. */
        LENGTH_MISMATCH,
        /** A header byte, Nc or Ne outside its range. */
        VALUE_OUT_OF_RANGE
    }

    private final Reason reason;

    public ApduFormatException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
