package org.openegate.mqtt;

/** The outbox refused an event or could not store it. */
public final class OutboxException extends RuntimeException {

    /** Why. */
    public enum Reason {
        /** The payload is not a JSON object. */
        PAYLOAD_NOT_JSON,
        /** The payload's {@code eventId} is missing or differs from the event's. */
        EVENT_ID_MISMATCH,
        /** An event with this id is already waiting in the outbox. */
        DUPLICATE_EVENT_ID,
        /**
         * A record would take the outbox past its disk bound. It is NOT stored; the gate must stop admitting
         * travellers ({@link Outbox#admitsNewTravellers()} turned false before this could happen).
         */
        FULL,
        /** SQLite failed (disk full, I/O error, corrupt file); the event is NOT stored. */
        STORAGE,
        /** Another outbox (in this or another process) holds the file: two publishers would double-send. */
        IN_USE,
        /** A stored payload cannot be decrypted: no key, the wrong key, or an altered row. */
        UNREADABLE,
        /** The outbox was closed. */
        CLOSED
    }

    private final Reason reason;

    OutboxException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
