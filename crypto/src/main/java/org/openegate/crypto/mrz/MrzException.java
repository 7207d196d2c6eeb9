package org.openegate.crypto.mrz;

/**
 * An MRZ that cannot be read at all: wrong shape, a character outside the MRZ alphabet, an impossible code, or a
 * date that cannot be resolved. The reason is machine-readable; the message names the field and the 1-based line and
 * position (as Doc 9303 numbers them), never the personal data itself.
 *
 * <p>A wrong check digit is <em>not</em> an exception: it is reported in {@link Mrz#checks()}.
 */
public final class MrzException extends IllegalArgumentException {

    /** Why an MRZ was refused. */
    public enum Reason {
        /** The input, or one of its lines, was {@code null}. */
        NULL_INPUT,
        /** Nothing but whitespace was given. */
        EMPTY_INPUT,
        /** More characters than any MRZ could have; refused before the input is split. */
        INPUT_TOO_LONG,
        /** Not 2 or 3 lines (or the lines do not match each other: 3 lines are TD1, 2 lines TD2/TD3/MRV). */
        BAD_LINE_COUNT,
        /** A line (or the single concatenated string) has a length no MRZ format has. */
        BAD_LINE_LENGTH,
        /** A character outside A-Z, 0-9 and the filler '&lt;' (9303-3, the MRZ character set). */
        BAD_CHARACTER,
        /** The document code does not start with a letter (field 1 of every format in 9303-4/5/6/7). */
        BAD_DOCUMENT_CODE,
        /** The sex field is not F, M, X or '&lt;'. */
        BAD_SEX,
        /** A YYMMDD date is not a calendar date (or has unknown parts) and so cannot be resolved to a LocalDate. */
        BAD_DATE
    }

    private final Reason reason;
    private final String field;
    private final int line;
    private final int position;

    /**
     * @param field the MRZ field concerned (e.g. {@code documentNumber}), or {@code "input"} for the whole input
     * @param line 1-based line number, or 0 when the problem is not at one line
     * @param position 1-based character position in the line, or 0 when the problem is not at one character
     * @param detail what is wrong; must not contain personal data
     */
    public MrzException(Reason reason, String field, int line, int position, String detail) {
        super(reason + " in " + field + where(line, position) + ": " + detail);
        this.reason = reason;
        this.field = field;
        this.line = line;
        this.position = position;
    }

    private static String where(int line, int position) {
        if (line <= 0) {
            return "";
        }
        return position <= 0 ? " (line " + line + ")" : " (line " + line + ", position " + position + ")";
    }

    public Reason reason() {
        return reason;
    }

    /** The MRZ field concerned, e.g. {@code documentNumber}, {@code sex}, {@code dateOfBirth}, or {@code input}. */
    public String field() {
        return field;
    }

    /** 1-based line, or 0 when not tied to a line. */
    public int line() {
        return line;
    }

    /** 1-based position within the line, or 0 when not tied to one character. */
    public int position() {
        return position;
    }
}
