package org.openegate.mqtt;

/** Why a command was not run; becomes the reply's status and detail. Internal to the bridge. */
final class CommandRefusal extends RuntimeException {

    private final CommandStatus status;

    CommandRefusal(CommandStatus status, String detail) {
        super(status + ": " + detail, null, false, false);
        this.status = status;
    }

    CommandStatus status() {
        return status;
    }

    /** The message without the status prefix. */
    String detail() {
        return getMessage().substring(status.name().length() + 2);
    }
}
