package org.openegate.provisioning.enrol;

import java.util.Objects;

/** A refused enrolment step, with the reason as an enum and the offending value named in the message. */
public final class EnrolmentException extends RuntimeException {

    /** Why. Requests come from the network: every refusal of one names its reason. */
    public enum Reason {
        /** The operator's set-up is wrong (missing files, short passphrase, bad option). */
        BAD_CONFIGURATION,
        /** A message that is not a well-formed enrolment message (JSON, fields, sizes, base64). */
        MALFORMED_MESSAGE,
        /** The CSR's signature does not verify, or its key is not EC P-256. */
        BAD_CSR,
        /** The CSR, topic or certificate names a device other than the one asking. */
        IDENTITY_MISMATCH,
        /** No valid token and the serial is not on the allow-list: the request waits for {@code fleet approve}. */
        NOT_APPROVED,
        /** The token is unknown, wrong, expired, already used or for another site. */
        BAD_TOKEN,
        /** The device is enrolled already (revoke it first to enrol it again). */
        ALREADY_ENROLLED,
        /** The device or its certificate is revoked. */
        REVOKED,
        /** The device is not in the registry. */
        UNKNOWN_DEVICE,
        /** A certificate or signature presented by a device does not verify against the fleet CA. */
        BAD_CERTIFICATE,
        /** No answer from the registrar or the broker in time. */
        TIMEOUT,
        /** The broker refused or dropped the connection. */
        BROKER,
        /** The registry database failed. */
        STORAGE
    }

    private final Reason reason;

    public EnrolmentException(Reason reason, String message) {
        super(Objects.requireNonNull(reason, "reason") + ": " + message);
        this.reason = reason;
    }

    public EnrolmentException(Reason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason") + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
