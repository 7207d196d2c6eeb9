package org.openegate.crypto.apdu;

/**
 * The transport below the APDU layer failed: the card went away, did not answer in time, or the reader broke.
 * Unchecked, because every caller of {@link ApduChannel#transmit} must let it reach the protocol that maps it to
 * a result, never swallow it.
 */
public final class CardIoException extends RuntimeException {

    /** What went wrong on the transport. */
    public enum Reason {
        /** The card left the field or lost power. */
        CARD_REMOVED,
        /** The card did not answer within the reader's time limit. */
        TIMEOUT,
        /** The reader or its driver failed. */
        IO_ERROR,
        /** The bytes that came back are not a response APDU (fewer than two bytes). */
        MALFORMED_RESPONSE
    }

    private final Reason reason;

    public CardIoException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public CardIoException(Reason reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
