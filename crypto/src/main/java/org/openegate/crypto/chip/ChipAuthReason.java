package org.openegate.crypto.chip;

/** Why chip authenticity came out as it did; one per outcome, so a gate can act on it without parsing text. */
public enum ChipAuthReason {
    /** The method ran and the chip proved it holds the private key. */
    OK,
    /** The chip has no DG14 Chip Authentication key and no DG15: neither CA nor AA is possible. */
    NO_CHIP_AUTHENTICATION,
    /** Switched off in the reader options; nothing was sent to the chip. */
    DISABLED,
    /** The chip offers CA or AA only with algorithms this reader does not implement (e.g. CA with DH). */
    ALGORITHM_NOT_SUPPORTED,
    /** DG14 or DG15 could not be decoded, so there is no key to authenticate against. */
    KEY_FILE_MALFORMED,
    /**
     * After CA the chip could not continue secure messaging with the keys derived from the DG14 key: it does not
     * hold the matching private key (a clone with genuine files) or the exchange was tampered with.
     */
    CA_KEY_MISMATCH,
    /**
     * PACE-CAM: the chip's mapping key is not CA_IC times a DG14 key, or it sent no valid encrypted chip
     * authentication data: it does not hold the key DG14 publishes.
     */
    CAM_MISMATCH,
    /** The chip refused MSE:SET KAT / MSE:SET AT / GENERAL AUTHENTICATE of Chip Authentication. */
    CA_REFUSED,
    /** The chip refused INTERNAL AUTHENTICATE. */
    AA_REFUSED,
    /** The AA answer is not a signature in the expected format (length, ISO/IEC 9796-2 header or trailer). */
    AA_MALFORMED,
    /** The AA signature does not verify with the DG15 key: the chip does not hold the private key. */
    AA_SIGNATURE_INVALID,
    /** An EC DG15 without an ActiveAuthenticationInfo (or an unknown algorithm in it): no hash to verify with. */
    AA_HASH_UNKNOWN,
    /** The protocol succeeded but the data group holding the key has not passed Passive Authentication. */
    KEY_NOT_VERIFIED,
    /** The data group holding the key failed its hash check against the SOD: the key cannot be trusted. */
    KEY_HASH_MISMATCH,
    /** Only the chip protocol ran; the verdict needs {@link ChipAuthenticity#assess}. */
    PA_NOT_ASSESSED,
    /**
     * The read failed (a MAC that does not verify, a truncated answer, the card torn away, ...) before chip
     * authenticity could be decided: TR-03135's ABORTED. The chip exception's reason says why.
     */
    READ_ABORTED
}
