package org.openegate.gate.risk.names;

/**
 * A name, date or nationality that cannot be screened. The message names the reason and the position or size
 * that was wrong, never the name itself (it is personal data).
 */
public final class NameScreeningException extends IllegalArgumentException {

    /** Why an input was refused. */
    public enum Reason {
        /** Null, blank, or only separators. */
        EMPTY_NAME,
        /** More characters than any travel document or list carries. */
        NAME_TOO_LONG,
        /** More name parts than any travel document or list carries. */
        TOO_MANY_PARTS,
        /** A digit, symbol or control character inside a name. */
        INVALID_CHARACTER,
        /** A letter of a script that 9303-3 §6 gives no transliteration for here (e.g. Arabic, CJK). */
        UNSUPPORTED_SCRIPT,
        /** A date of birth that is not YYYY, YYYY-MM, YYYY-MM-DD (00 = unknown) or a valid MRZ YYMMDD. */
        BAD_DATE,
        /** A nationality that is not three letters A-Z (9303-3 §5 codes, fillers allowed). */
        BAD_NATIONALITY,
        /** A sex code that is not F, M, X or '<' (9303-4 §4.2.2). */
        BAD_SEX,
        /** A watchlist configuration value out of range. */
        BAD_CONFIG
    }

    private final Reason reason;

    NameScreeningException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
