package org.openegate.mqtt;

/**
 * The reason code on every command reply ({@code "status"} in the reply payload). Only {@link #OK} means
 * the command ran and succeeded; {@link #FAILED} and {@link #REJECTED} mean the handler ran (or was asked)
 * and did not apply it; every other value means the command was refused before anything ran.
 */
public enum CommandStatus {
    /** Verified and carried out. */
    OK(true),
    /** The payload is larger than the limit; refused before parsing. */
    TOO_LARGE(false),
    /** The topic is not a command topic of this gate (wrong shape, another gate, bad characters). */
    UNKNOWN_TOPIC(false),
    /** The last topic level names no {@link CommandType}. */
    UNKNOWN_COMMAND(false),
    /** Not UTF-8 JSON, not an object, a required member missing or of the wrong type, an unsupported version. */
    MALFORMED(false),
    /** No {@code sig} member. */
    UNSIGNED(false),
    /** The {@code sig.kid} names no trusted operator key. */
    UNKNOWN_KEY(false),
    /** The signature does not verify over the canonical form (or is not a 64-byte ES256 value). */
    BAD_SIGNATURE(false),
    /** Signed for another site or gate, or for another command than the topic names. */
    WRONG_TARGET(false),
    /** {@code issuedAt} is in the future beyond the allowed clock skew. */
    NOT_YET_VALID(false),
    /** {@code expiresAt} has passed, or the validity is longer than the gate accepts. */
    EXPIRED(false),
    /** This nonce was seen before (the seen-nonce store survives restarts). */
    REPLAYED(false),
    /** Signed and fresh, but the arguments do not fit the command (e.g. an unknown mode). */
    BAD_ARGUMENTS(false),
    /** The handler looked at the command and declined it (e.g. a stale bundle version). */
    REJECTED(true),
    /** The handler failed while applying it. */
    FAILED(true),
    /** The gate cannot check commands right now (its nonce store failed, or no handler is set). */
    UNAVAILABLE(false);

    private final boolean handlerCalled;

    CommandStatus(boolean handlerCalled) {
        this.handlerCalled = handlerCalled;
    }

    /** Whether a command with this status reached the handler. */
    public boolean handlerCalled() {
        return handlerCalled;
    }
}
