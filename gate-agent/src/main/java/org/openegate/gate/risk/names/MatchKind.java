package org.openegate.gate.risk.names;

/** What made a listed person match a traveller; a match carries a set of these plus readable explanations. */
public enum MatchKind {
    /** A name part is identical after MRZ normalisation. */
    EXACT,
    /** A name part differs only by a 9303-3 §6 transliteration choice (Ü → UE or U, Я → IA or YA, ...). */
    TRANSLITERATION,
    /** A name part sounds alike though spelt differently (Mohammed / Muhammad). */
    PHONETIC,
    /** A name part is one edit (substitution, insertion, deletion, adjacent swap) away. */
    TYPO,
    /** A name part is given only as its initial on one side. */
    INITIAL,
    /** A name part is cut short, as a full MRZ name field does (9303-3 §4.6.5 truncation). */
    TRUNCATED,
    /** Surname and given names were swapped between the two fields. */
    SWAPPED_PARTS,
    /** A name part on one side has no counterpart on the other. */
    MISSING_PART,
    /** Both dates of birth are complete and equal. */
    DOB_EXACT,
    /** The dates agree on the parts both know (a list date like 1970-00-00). */
    DOB_PARTIAL,
    /** The years differ by one: the list's date is approximate (~1970), or day and month agree (a year typo). */
    DOB_YEAR_CLOSE,
    /** Day and month are swapped (a common data-entry error). */
    DOB_DAY_MONTH_SWAPPED,
    /** One side has no date of birth at all. */
    DOB_UNKNOWN,
    /** The dates of birth contradict each other. */
    DOB_MISMATCH,
    /** Nationality codes are equal. */
    NATIONALITY_MATCH,
    /** Nationality codes differ (evidence against, not a veto: people hold several). */
    NATIONALITY_DIFFERENT,
    /** Both sides give a sex and they differ (strong evidence against: a different person or a data error). */
    SEX_DIFFERENT,
    /**
     * The matched name parts are carried together by several listed persons and the date is weak (year only,
     * approximate, unknown): a namesake is likely, so the match needs a closer name.
     */
    COMMON_NAME
}
