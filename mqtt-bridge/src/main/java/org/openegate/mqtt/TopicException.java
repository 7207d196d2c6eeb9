package org.openegate.mqtt;

/** A site/gate id, command name or topic that does not fit the {@code egate/v1/} schema. */
public final class TopicException extends IllegalArgumentException {

    /** Why a topic or id was refused. */
    public enum Reason {
        EMPTY,
        TOO_LONG,
        /** MQTT wildcards ({@code + #}), the level separator {@code /}, or anything outside {@code [A-Za-z0-9._-]}. */
        ILLEGAL_CHARACTER,
        /** The topic does not start with {@code egate/v1/}. */
        WRONG_PREFIX,
        /** The topic has the wrong number of levels. */
        WRONG_SHAPE,
        UNKNOWN_STREAM
    }

    private final Reason reason;

    TopicException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
