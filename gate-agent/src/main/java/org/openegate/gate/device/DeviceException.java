package org.openegate.gate.device;

/** A device did not deliver: the reason says which and why, so the gate can refer instead of guessing. */
public final class DeviceException extends Exception {

    /** What went wrong with a device. */
    public enum Reason {
        NOT_CONNECTED,
        TIMEOUT,
        NO_DOCUMENT,
        IO_ERROR,
        /** The device answered, but with data the gate cannot use (garbage, a frame that breaks the framing). */
        BAD_DATA,
        /** The device refuses the command in its present state (e.g. locking doors the emergency input released). */
        REFUSED
    }

    private final Reason reason;

    public DeviceException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public DeviceException(Reason reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
