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
    /** Chip authenticity could not be decided, or the policy makes it mandatory and the chip does not support it. */
    CHIP_AUTHENTICITY_UNDETERMINED,
    DOCUMENT_EXPIRED,
    FACE_NOT_FOUND,
    FACE_MISMATCH,
    /** The live capture scored below the policy's presentation-attack-detection threshold (a photo, a screen). */
    PRESENTATION_ATTACK,
    WATCHLIST_DOCUMENT,
    /** The traveller's name, birth date and nationality match a listed person above the alert threshold. */
    WATCHLIST_PERSON,
    /** A risk profile of the policy in force matched the traveller (its rule id and reason are in the checks). */
    RISK_PROFILE,
    /** The traveller is younger than the policy's minors age (Frontex: minors go to an officer). */
    MINOR,
    /** The nationality or the document type is not one the policy lets use the gate. */
    NOT_ELIGIBLE,
    /** A second person entered while a traveller was in the gate (beams or the tailgating sensor). */
    TAILGATING,
    /** A step of the transaction did not finish within its configured timeout. */
    TRANSACTION_TIMEOUT
}
