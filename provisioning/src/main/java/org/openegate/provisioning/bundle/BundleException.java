package org.openegate.provisioning.bundle;

import java.util.Objects;

/**
 * A bundle that was refused or could not be installed. The reason is machine-readable (it goes into the command
 * reply and the gate's alarms); the message names the offending value. Messages never quote bundle content.
 */
public final class BundleException extends Exception {

    /** Why a bundle was refused. */
    public enum Reason {
        /** Larger than {@link BundleVerifier#MAX_BUNDLE_BYTES}; refused before parsing. */
        TOO_LARGE,
        /** Not DER CMS SignedData, not an OpenEgate bundle, or a required signed attribute missing or bad. */
        MALFORMED,
        /** A CMS SignedData without any signature. */
        UNSIGNED,
        /** A digest or signature algorithm other than ECDSA with SHA-256/384/512. */
        UNSUPPORTED_ALGORITHM,
        /** The signature or the content digest does not verify: the bundle was altered after signing. */
        BAD_SIGNATURE,
        /** The signer's certificate is not a trust anchor and not issued by one. */
        UNTRUSTED_SIGNER,
        /** The signer's certificate (or its issuing anchor) is expired or not yet valid now. */
        SIGNER_NOT_VALID,
        /** The signing time is later than now plus the allowed clock skew. */
        SIGNED_IN_FUTURE,
        /** Signed for another device or site. */
        WRONG_TARGET,
        /** Delivered as one type (e.g. on the config command) but signed as another. */
        WRONG_TYPE,
        /** Its version is not above the version already committed for its type (rollback or replay). */
        OLDER_VERSION,
        /** The type's validator refused the content; nothing was changed. */
        INVALID_CONTENT,
        /** The gate failed to put the validated content into use; the previous bundle was restored. */
        APPLY_FAILED,
        /** The store's files could not be written or read. */
        STORE_FAILED
    }

    private final Reason reason;

    public BundleException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public BundleException(Reason reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
