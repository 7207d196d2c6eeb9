package org.openegate.gate.risk.names;

/**
 * Sex as a travel document records it (9303-4 §4.2.2 TD3 line 2, position 21: F, M, or X / '<' for
 * unspecified) or as a watchlist entry gives it. {@link #UNSPECIFIED} means unknown on that side and is never
 * evidence either way.
 */
public enum Sex {
    FEMALE,
    MALE,
    UNSPECIFIED;

    /**
     * From the MRZ sex character ('F', 'M', 'X' or '<'; 9303-3 §4.6 fills an unspecified sex with '<').
     *
     * @throws NameScreeningException {@code BAD_SEX} for any other character, naming its code point
     */
    public static Sex fromMrz(char code) {
        return switch (code) {
            case 'F', 'f' -> FEMALE;
            case 'M', 'm' -> MALE;
            case 'X', 'x', '<' -> UNSPECIFIED;
            default -> throw new NameScreeningException(NameScreeningException.Reason.BAD_SEX,
                    String.format("sex code U+%04X is not F, M, X or <", (int) code));
        };
    }

    /** Both sides known and different: a different person, or a data error (rare: sex is not a free-text field). */
    static boolean conflicts(byte listed, byte traveller) {
        return listed != 0 && traveller != 0 && listed != traveller;
    }

    /** 0 for unspecified, so an array of a million entries needs no object per entry. */
    byte pack() {
        return switch (this) {
            case FEMALE -> 1;
            case MALE -> 2;
            case UNSPECIFIED -> 0;
        };
    }
}
