package org.openegate.gate.decision;

/**
 * Why a traveller was referred or rejected. These are the codes officers, journals and statistics see; the
 * traveller's screen never shows the watchlist or presentation-attack reasons.
 */
public enum ReasonCode {
    MRZ_UNREADABLE,
    MRZ_CHECK_DIGIT,
    CHIP_UNREADABLE,
    PASSIVE_AUTH_FAILED,
    PASSIVE_AUTH_UNDETERMINED,
    /** Chip or Active Authentication failed: the chip may be a clone of a genuine one. */
    CHIP_AUTHENTICATION_FAILED,
    DOCUMENT_EXPIRED,
    FACE_NOT_FOUND,
    FACE_MISMATCH,
    WATCHLIST_DOCUMENT
}
