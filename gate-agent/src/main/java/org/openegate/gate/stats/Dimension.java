package org.openegate.gate.stats;

/** The dimensions a crossing is counted by, with their names in payloads and CSV headers. */
public enum Dimension {
    /** ENTRY, EXIT or UNKNOWN (a gate without a configured direction). */
    DIRECTION("direction"),
    /** The MRZ nationality code without fillers (9303-3 §5), or UNKNOWN when the MRZ was not read. */
    NATIONALITY("nationality"),
    /** F, M, X, U (printed '&lt;': unspecified) or UNKNOWN. */
    SEX("sex"),
    /** An {@link AgeBand} label. */
    AGE_BAND("ageBand"),
    /** OPEN_EXIT, REFER or REJECT. */
    OUTCOME("outcome"),
    /** The decision's first reason code, NONE for OPEN_EXIT. */
    REFERRAL_REASON("referralReason");

    private final String field;

    Dimension(String field) {
        this.field = field;
    }

    /** The JSON member and CSV column name. */
    public String field() {
        return field;
    }
}
