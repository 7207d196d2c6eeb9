package org.openegate.crypto.lds;

/**
 * An LDS file (COM, a data group, the SOD) or a CMS structure that could not be decoded. The reason is
 * machine-readable; the message names the offending tag, value or offset but never personal data.
 */
public final class LdsException extends RuntimeException {

    /** Why an LDS or CMS encoding was refused. */
    public enum Reason {
        /** The bytes are not well-formed BER-TLV (the cause holds the TLV reason and offset). */
        MALFORMED_TLV,
        /** The file starts with a tag other than the one this file type must have. */
        WRONG_TAG,
        /** A data object the specification makes mandatory is absent. */
        MISSING_ELEMENT,
        /** A data object is present but its value is out of range or badly formed. */
        BAD_VALUE,
        /** The CMS / ASN.1 structure (SOD, master list) could not be decoded. */
        MALFORMED_CMS,
        /** The CMS content type is not the one expected (for example not ldsSecurityObject). */
        WRONG_CONTENT_TYPE,
        /** An algorithm identifier that this implementation does not know. */
        UNSUPPORTED_ALGORITHM,
        /** An embedded certificate or public key could not be decoded. */
        BAD_CERTIFICATE,
        /** More elements than any genuine document holds; refused to bound memory. */
        TOO_MANY_ELEMENTS
    }

    private final Reason reason;

    public LdsException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public LdsException(Reason reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
