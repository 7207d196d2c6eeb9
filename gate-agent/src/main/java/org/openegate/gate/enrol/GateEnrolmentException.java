package org.openegate.gate.enrol;

import java.util.Objects;

/** The gate cannot take part in its fleet: the reason as an enum, the file or value named in the message. */
public final class GateEnrolmentException extends RuntimeException {

    /** Why. */
    public enum Reason {
        /** This gate was revoked and wiped; it refuses to run until it is re-enrolled under a new id. */
        WIPED,
        /** A factory-installed file (claim certificate or key, fleet CA, token, passphrase) is unreadable or wrong. */
        BAD_FILE,
        /** The gate's own provisioning folder cannot be read or written. */
        STORAGE
    }

    private final Reason reason;

    public GateEnrolmentException(Reason reason, String message) {
        super(Objects.requireNonNull(reason, "reason") + ": " + message);
        this.reason = reason;
    }

    public GateEnrolmentException(Reason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason") + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
