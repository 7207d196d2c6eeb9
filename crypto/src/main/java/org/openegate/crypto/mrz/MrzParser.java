package org.openegate.crypto.mrz;

import static org.openegate.crypto.mrz.MrzLayout.COMPOSITE_CD;
import static org.openegate.crypto.mrz.MrzLayout.DATE_OF_BIRTH;
import static org.openegate.crypto.mrz.MrzLayout.DATE_OF_BIRTH_CD;
import static org.openegate.crypto.mrz.MrzLayout.DATE_OF_EXPIRY;
import static org.openegate.crypto.mrz.MrzLayout.DATE_OF_EXPIRY_CD;
import static org.openegate.crypto.mrz.MrzLayout.DOCUMENT_CODE;
import static org.openegate.crypto.mrz.MrzLayout.DOCUMENT_NUMBER;
import static org.openegate.crypto.mrz.MrzLayout.DOCUMENT_NUMBER_CD;
import static org.openegate.crypto.mrz.MrzLayout.ISSUING_STATE;
import static org.openegate.crypto.mrz.MrzLayout.NAMES;
import static org.openegate.crypto.mrz.MrzLayout.NATIONALITY;
import static org.openegate.crypto.mrz.MrzLayout.OPTIONAL_DATA;
import static org.openegate.crypto.mrz.MrzLayout.OPTIONAL_DATA_2;
import static org.openegate.crypto.mrz.MrzLayout.OPTIONAL_DATA_CD;
import static org.openegate.crypto.mrz.MrzLayout.SEX;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openegate.crypto.mrz.MrzException.Reason;

/**
 * Turns untrusted reader output into an {@link Mrz}.
 *
 * <p>Design: the parser is strict about <em>shape</em> (line count, line length, the MRZ alphabet, the sex code, the
 * first letter of the document code) and lenient about <em>content</em>. Fields are kept as printed, so an OCR
 * misread such as {@code 74O812} in a date or {@code UT0} in a state code is not an exception but shows up as a
 * failed check digit, and the gate can ask the traveller to re-present the document. Work is bounded by
 * {@link #MAX_INPUT_CHARS} before anything is split or copied.
 */
final class MrzParser {

    /** No MRZ has more than 90 characters; this leaves room for line breaks and stray blanks from a reader. */
    static final int MAX_INPUT_CHARS = 512;

    private MrzParser() {}

    static Mrz parse(List<String> input) {
        String[] lines = normalise(input);
        Mrz.Format format = detect(lines);
        return build(format, lines);
    }

    /** Splits the input into MRZ lines on ASCII whitespace; one unbroken string of 90, 72 or 88 is cut up. */
    static String[] normalise(List<String> input) {
        if (input == null) {
            throw new MrzException(Reason.NULL_INPUT, "input", 0, 0, "no lines were given (null)");
        }
        long total = 0;
        int index = 0;
        for (Iterator<String> it = input.iterator(); it.hasNext(); index++) {
            String part = it.next();
            if (part == null) {
                throw new MrzException(Reason.NULL_INPUT, "input", 0, 0, "argument " + (index + 1) + " is null");
            }
            total += part.length();
            if (total > MAX_INPUT_CHARS) {
                throw new MrzException(Reason.INPUT_TOO_LONG, "input", 0, 0,
                        "more than " + MAX_INPUT_CHARS + " characters; an MRZ has at most 90");
            }
        }
        List<String> tokens = new ArrayList<>(3);
        for (String part : input) {
            int i = 0;
            int n = part.length();
            while (i < n) {
                while (i < n && isBlank(part.charAt(i))) {
                    i++;
                }
                int start = i;
                while (i < n && !isBlank(part.charAt(i))) {
                    i++;
                }
                if (i > start) {
                    if (tokens.size() == 3) {
                        throw new MrzException(Reason.BAD_LINE_COUNT, "input", 0, 0,
                                "more than 3 lines; an MRZ has 2 (TD2, TD3, MRV) or 3 (TD1)");
                    }
                    tokens.add(part.substring(start, i));
                }
            }
        }
        if (tokens.isEmpty()) {
            throw new MrzException(Reason.EMPTY_INPUT, "input", 0, 0, "no MRZ characters, only whitespace or nothing");
        }
        if (tokens.size() == 1) {
            String all = tokens.get(0);
            return switch (all.length()) {
                case 90 -> new String[] {all.substring(0, 30), all.substring(30, 60), all.substring(60)};
                case 72 -> new String[] {all.substring(0, 36), all.substring(36)};
                case 88 -> new String[] {all.substring(0, 44), all.substring(44)};
                default -> throw new MrzException(Reason.BAD_LINE_LENGTH, "input", 1, 0,
                        "one line of " + all.length() + " characters; a single-string MRZ has 90 (TD1), "
                                + "72 (TD2, MRV-B) or 88 (TD3, MRV-A)");
            };
        }
        return tokens.toArray(new String[0]);
    }

    /** Line separators a reader may send; anything else is MRZ content (and checked against the alphabet). */
    private static boolean isBlank(char c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0x0B;
    }

    static Mrz.Format detect(String[] lines) {
        if (lines.length == 3) {
            for (int i = 0; i < 3; i++) {
                if (lines[i].length() != 30) {
                    throw new MrzException(Reason.BAD_LINE_LENGTH, "input", i + 1, 0,
                            "length " + lines[i].length() + "; every line of a 3-line MRZ (TD1) has 30 characters");
                }
            }
        } else {
            int first = lines[0].length();
            if (first != 36 && first != 44) {
                throw new MrzException(Reason.BAD_LINE_LENGTH, "input", 1, 0,
                        "length " + first + "; a 2-line MRZ has lines of 36 (TD2, MRV-B) or 44 (TD3, MRV-A)");
            }
            if (lines[1].length() != first) {
                throw new MrzException(Reason.BAD_LINE_LENGTH, "input", 2, 0,
                        "length " + lines[1].length() + "; line 1 has " + first + " so line 2 must too");
            }
        }
        // 9303-7: a visa's document code begins with V; a 2x44 or 2x36 MRZ is otherwise TD3 or TD2.
        boolean visa = lines[0].charAt(0) == 'V';
        Mrz.Format format = switch (lines[0].length()) {
            case 30 -> Mrz.Format.TD1;
            case 36 -> visa ? Mrz.Format.MRVB : Mrz.Format.TD2;
            default -> visa ? Mrz.Format.MRVA : Mrz.Format.TD3;
        };
        checkAlphabet(lines, MrzLayout.of(format));
        char c = lines[0].charAt(0);
        if (c < 'A' || c > 'Z') {
            // Field 1 of every format (9303-4/5/6/7): the first character is a letter (A, C, I, P, V in use).
            throw new MrzException(Reason.BAD_DOCUMENT_CODE, DOCUMENT_CODE, 1, 1,
                    "the document code must begin with a letter, found '" + c + "'");
        }
        return format;
    }

    /** 9303-3 (the MRZ character set): only A-Z, 0-9 and the filler '<'. */
    private static void checkAlphabet(String[] lines, MrzLayout layout) {
        for (int l = 0; l < lines.length; l++) {
            String line = lines[l];
            for (int p = 0; p < line.length(); p++) {
                char c = line.charAt(p);
                if (!isMrzChar(c)) {
                    throw new MrzException(Reason.BAD_CHARACTER, layout.fieldAt(l, p), l + 1, p + 1,
                            String.format("U+%04X is not one of A-Z, 0-9, '<'", (int) c));
                }
            }
        }
    }

    static boolean isMrzChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '<';
    }

    /** The document number as the checks and the BAC/PACE key see it, and what is left of the optional data. */
    record DocumentNumber(String number, String keyNumber, char checkDigit, String optionalRest) {}

    /**
     * 9303-5 §4.2.4 (TD1) and the same rule in 9303-6 (TD2): a document number longer than 9 characters puts its
     * first 9 in the number field, '&lt;' in the check digit position, and the remaining characters followed by the
     * check digit of the complete number in the optional data. The check digit is computed over the complete
     * number. TD3 and visas have no such rule.
     */
    static DocumentNumber documentNumber(Mrz.Format format, String[] lines) {
        MrzLayout layout = MrzLayout.of(format);
        String field = layout.span(DOCUMENT_NUMBER).of(lines);
        char cd = layout.span(DOCUMENT_NUMBER_CD).charOf(lines);
        String optional = layout.span(OPTIONAL_DATA).of(lines);
        boolean overflowFormat = format == Mrz.Format.TD1 || format == Mrz.Format.TD2;
        if (overflowFormat && cd == '<' && field.charAt(8) != '<') {
            int end = optional.indexOf('<');
            if (end < 0) {
                end = optional.length();
            }
            String rest = optional.substring(end);
            if (!rest.isEmpty()) {
                rest = rest.substring(1); // the filler that closes the overflow
            }
            if (end == 0) {
                // The '<' promises an overflow that is not there: the number has no check digit at all.
                return new DocumentNumber(field, field, '<', rest);
            }
            String number = field + optional.substring(0, end - 1);
            return new DocumentNumber(number, number, optional.charAt(end - 1), rest);
        }
        return new DocumentNumber(stripTrailingFillers(field), field, cd, optional);
    }

    static Mrz build(Mrz.Format format, String[] lines) {
        MrzLayout layout = MrzLayout.of(format);
        String documentCode = stripTrailingFillers(layout.span(DOCUMENT_CODE).of(lines));
        String issuingState = stripTrailingFillers(layout.span(ISSUING_STATE).of(lines));
        String nationality = stripTrailingFillers(layout.span(NATIONALITY).of(lines));
        String dateOfBirth = layout.span(DATE_OF_BIRTH).of(lines);
        String dateOfExpiry = layout.span(DATE_OF_EXPIRY).of(lines);
        MrzLayout.Span sexSpan = layout.span(SEX);
        Mrz.Sex sex = Mrz.Sex.fromCode(sexSpan.charOf(lines))
                .orElseThrow(() -> new MrzException(Reason.BAD_SEX, SEX, sexSpan.line() + 1, sexSpan.start() + 1,
                        "must be F, M, X or '<' (9303-4/5/6/7 sex field)"));

        String[] names = splitNames(layout.span(NAMES).of(lines));
        DocumentNumber doc = documentNumber(format, lines);
        String optionalData2 = layout.has(OPTIONAL_DATA_2)
                ? stripTrailingFillers(layout.span(OPTIONAL_DATA_2).of(lines)) : "";

        Map<String, Boolean> checks = new LinkedHashMap<>();
        checks.put(Mrz.CHECK_DOCUMENT_NUMBER, digitMatches(doc.number(), doc.checkDigit()));
        checks.put(Mrz.CHECK_DATE_OF_BIRTH, digitMatches(dateOfBirth, layout.span(DATE_OF_BIRTH_CD).charOf(lines)));
        checks.put(Mrz.CHECK_DATE_OF_EXPIRY,
                digitMatches(dateOfExpiry, layout.span(DATE_OF_EXPIRY_CD).charOf(lines)));
        if (layout.has(OPTIONAL_DATA_CD)) {
            // 9303-4 (TD3 data structure): the optional data check digit may be '<' when the field is all fillers.
            String optional = layout.span(OPTIONAL_DATA).of(lines);
            char printed = layout.span(OPTIONAL_DATA_CD).charOf(lines);
            boolean unused = printed == '<' && optional.chars().allMatch(c -> c == '<');
            checks.put(Mrz.CHECK_OPTIONAL_DATA, unused || digitMatches(optional, printed));
        }
        if (layout.has(COMPOSITE_CD)) {
            checks.put(Mrz.CHECK_COMPOSITE,
                    digitMatches(compositeData(format, lines), layout.span(COMPOSITE_CD).charOf(lines)));
        }
        boolean valid = !checks.containsValue(Boolean.FALSE);
        return new Mrz(format, documentCode, issuingState, doc.number(), nationality, dateOfBirth, sex, dateOfExpiry,
                names[0], names[1], stripTrailingFillers(doc.optionalRest()), optionalData2, checks, valid,
                List.of(lines));
    }

    /**
     * The characters the composite check digit covers: 9303-5 (TD1: upper line 6-30, middle line 1-7, 9-15,
     * 19-29), 9303-6 (TD2: lower line 1-10, 14-20, 22-35), 9303-4 (TD3: lower line 1-10, 14-20, 22-43).
     */
    static String compositeData(Mrz.Format format, String[] lines) {
        return switch (format) {
            case TD1 -> lines[0].substring(5, 30) + lines[1].substring(0, 7) + lines[1].substring(8, 15)
                    + lines[1].substring(18, 29);
            case TD2 -> lines[1].substring(0, 10) + lines[1].substring(13, 20) + lines[1].substring(21, 35);
            case TD3 -> lines[1].substring(0, 10) + lines[1].substring(13, 20) + lines[1].substring(21, 43);
            case MRVA, MRVB -> throw new IllegalStateException("a visa has no composite check digit");
        };
    }

    /**
     * Whether a printed check digit fits its data. Only a digit can fit: a '&lt;' (allowed solely for an unused
     * TD3 optional data field, handled by the caller) or a letter is a failed check. Never throws on MRZ-alphabet
     * input.
     */
    static boolean digitMatches(String data, char printed) {
        return printed >= '0' && printed <= '9' && CheckDigit.compute(data) == printed - '0';
    }

    /**
     * 9303-3 (name of the holder in the MRZ): primary and secondary identifiers are separated by "&lt;&lt;",
     * their components by one '&lt;'; trailing fillers pad the field. Fillers become spaces. A name cut off by
     * truncation is kept as printed. Anything odd (a third "&lt;&lt;", a leading filler) is kept, not refused.
     */
    static String[] splitNames(String field) {
        String name = stripTrailingFillers(field);
        int sep = name.indexOf("<<");
        String primary = sep < 0 ? name : name.substring(0, sep);
        String secondary = sep < 0 ? "" : name.substring(sep + 2);
        return new String[] {primary.replace('<', ' '), secondary.replace('<', ' ')};
    }

    static String stripTrailingFillers(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '<') {
            end--;
        }
        return s.substring(0, end);
    }
}
