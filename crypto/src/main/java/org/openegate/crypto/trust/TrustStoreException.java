package org.openegate.crypto.trust;

/** Trust material that could not be loaded: the reason is machine-readable, the message names the file or value. */
public final class TrustStoreException extends RuntimeException {

    /** Why trust material was refused. */
    public enum Reason {
        /** A file could not be read. */
        UNREADABLE,
        /** The bytes are neither a certificate, a CRL nor a master list. */
        UNKNOWN_FORMAT,
        /** A certificate or CRL does not decode. */
        MALFORMED,
        /** A master list's CMS structure does not decode or is not a CscaMasterList. */
        MALFORMED_MASTER_LIST,
        /** A master list's signature, or its signer's certificate, does not verify against the given roots. */
        MASTER_LIST_SIGNATURE_INVALID,
        /** More entries than any genuine trust list holds. */
        TOO_LARGE
    }

    private final Reason reason;

    public TrustStoreException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public TrustStoreException(Reason reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
