package org.openegate.gate.risk.rules;

import java.util.Optional;

/**
 * A risk-profile bundle that does not compile. The whole bundle is refused: the message names the reason, the
 * rule id (when the fault is inside a rule) and the JSON pointer of the offending field (or the line and column
 * of malformed JSON).
 */
public final class RiskProfileException extends Exception {

    /** Why the content was refused. */
    public enum Reason {
        /** More bytes than a bundle may have. */
        TOO_LARGE,
        /** Not JSON, trailing data, or a key repeated in one object. */
        MALFORMED_JSON,
        /** The {@code format} member is missing or names another format or version. */
        UNSUPPORTED_FORMAT,
        MISSING_FIELD,
        UNKNOWN_FIELD,
        /** A member has the wrong JSON type (a string where a number belongs, ...). */
        WRONG_TYPE,
        /** More rules, or more values in one list, than allowed. */
        TOO_MANY,
        /** A rule id is empty, too long or uses characters outside {@code [A-Za-z0-9._-]}. */
        BAD_ID,
        DUPLICATE_ID,
        /** The reason text is empty, too long or holds control characters. */
        BAD_REASON,
        /** A condition names an attribute the language does not have. */
        UNKNOWN_ATTRIBUTE,
        /** A rule without conditions (it would refer every traveller) or an empty value list. */
        EMPTY_CONDITION,
        /** A value outside its attribute's domain: a malformed country code, an unknown direction, a bad time. */
        BAD_VALUE,
        /** A range that no value can satisfy (min above max, a time window of zero length, a period that ends before it starts). */
        EMPTY_RANGE,
        BAD_TIME_ZONE,
        /** An action other than REFER. */
        UNSUPPORTED_ACTION
    }

    private final Reason reason;
    private final Optional<String> ruleId;
    private final String pointer;

    RiskProfileException(Reason reason, Optional<String> ruleId, String pointer, String detail) {
        super(reason + ruleId.map(id -> " in rule '" + id + "'").orElse("") + " at " + (pointer.isEmpty() ? "/" : pointer)
                + ": " + detail);
        this.reason = reason;
        this.ruleId = ruleId;
        this.pointer = pointer;
    }

    public Reason reason() {
        return reason;
    }

    /** The id of the rule at fault, when the fault is inside a rule whose id could be read. */
    public Optional<String> ruleId() {
        return ruleId;
    }

    /**
     * Where: a JSON pointer (RFC 6901) such as {@code /rules/3/when/age/min}, or {@code line L column C} for
     * malformed JSON; empty for the document as a whole.
     */
    public String pointer() {
        return pointer;
    }
}
