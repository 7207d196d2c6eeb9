package org.openegate.mqtt;

/** An end-to-end protected member that cannot be opened. */
public final class E2eException extends Exception {

    /** Why. */
    public enum Reason {
        /** Not the expected JSON shape: a member missing, of the wrong type, or not base64url of the right length. */
        MALFORMED,
        /** The algorithm is not {@code ECDH-ES+HKDF-SHA256+A256GCM}. */
        UNSUPPORTED_ALGORITHM,
        /** No private key for this {@code kid}. */
        UNKNOWN_KEY,
        /** The ephemeral key is not a point on P-256. */
        BAD_POINT,
        /** Authentication failed: altered ciphertext, wrong key, or moved to another record. */
        DECRYPT_FAILED
    }

    private final Reason reason;

    E2eException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
