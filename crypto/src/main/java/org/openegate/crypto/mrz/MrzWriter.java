package org.openegate.crypto.mrz;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Builds the MRZ of a TD3 passport, a TD1 card or a TD2 document from its fields, computing every check digit and
 * truncating names to fit. Used by the simulated gate and the test-passport factory.
 *
 * <pre>{@code
 * Mrz mrz = MrzWriter.td3().issuingState("UTO").surname("ERIKSSON").givenNames("ANNA MARIA")
 *         .documentNumber("L898902C3").nationality("UTO").dateOfBirth("740812").sex(Mrz.Sex.FEMALE)
 *         .dateOfExpiry("120415").optionalData("ZE184226B").write();
 * }</pre>
 *
 * <p>Input is our own configuration, not reader output, so a bad value is an {@link IllegalArgumentException} naming
 * the field. Names are taken as already transliterated to A-Z (9303-3 §6); spaces and hyphens become fillers and
 * apostrophes are dropped (9303-3, name of the holder in the MRZ). A writer may be reused; {@link #write()} does
 * not change it.
 */
public final class MrzWriter {

    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd", Locale.ROOT);

    private final Mrz.Format format;
    private String documentCode;
    private String issuingState;
    private String surname = "";
    private String givenNames = "";
    private String documentNumber;
    private String nationality;
    private String dateOfBirth;
    private Mrz.Sex sex = Mrz.Sex.UNSPECIFIED;
    private String dateOfExpiry;
    private String optionalData = "";
    private String optionalData2 = "";

    private MrzWriter(Mrz.Format format, String defaultCode) {
        this.format = format;
        this.documentCode = defaultCode;
    }

    /** A passport (9303-4); the document code defaults to {@code P}. */
    public static MrzWriter td3() {
        return new MrzWriter(Mrz.Format.TD3, "P");
    }

    /** An ID-1 card (9303-5); the document code defaults to {@code I}. */
    public static MrzWriter td1() {
        return new MrzWriter(Mrz.Format.TD1, "I");
    }

    /** An ID-2 document (9303-6); the document code defaults to {@code I}. */
    public static MrzWriter td2() {
        return new MrzWriter(Mrz.Format.TD2, "I");
    }

    /**
     * 1 or 2 letters, e.g. {@code P}, {@code PO}, {@code I}, {@code ID}, {@code AC}; not {@code V}, which would
     * make the lines read as a visa (9303-7).
     */
    public MrzWriter documentCode(String code) {
        String c = upper(code, "documentCode");
        if (c.isEmpty() || c.length() > 2 || !c.chars().allMatch(ch -> ch >= 'A' && ch <= 'Z')) {
            throw new IllegalArgumentException("documentCode must be 1 or 2 letters, got " + c.length()
                    + " characters");
        }
        if (c.charAt(0) == 'V') {
            throw new IllegalArgumentException("documentCode V is a visa (9303-7), which this writer does not make");
        }
        this.documentCode = c;
        return this;
    }

    /** A 9303-3 state code of 1-3 letters, e.g. {@code UTO}, {@code D}, {@code XXA}. */
    public MrzWriter issuingState(String code) {
        this.issuingState = stateCode(code, "issuingState");
        return this;
    }

    /** As {@link #issuingState}. */
    public MrzWriter nationality(String code) {
        this.nationality = stateCode(code, "nationality");
        return this;
    }

    /** The primary identifier, letters A-Z with spaces, hyphens or apostrophes; may be empty. */
    public MrzWriter surname(String name) {
        this.surname = nameComponents(name, "surname");
        return this;
    }

    /** The secondary identifier, as {@link #surname}. */
    public MrzWriter givenNames(String names) {
        this.givenNames = nameComponents(names, "givenNames");
        return this;
    }

    /**
     * Letters and digits; at most 9 for TD3. A TD1 or TD2 number over 9 characters is written the long way
     * (9303-5 §4.2.4; the same rule in 9303-6).
     */
    public MrzWriter documentNumber(String number) {
        String n = upper(number, "documentNumber");
        if (n.isEmpty() || !n.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
            throw new IllegalArgumentException("documentNumber must be 1 or more of A-Z, 0-9");
        }
        this.documentNumber = n;
        return this;
    }

    /** Raw YYMMDD; '&lt;' stands for an unknown part (9303-3, dates). */
    public MrzWriter dateOfBirth(String yymmdd) {
        this.dateOfBirth = rawDate(yymmdd, "dateOfBirth");
        return this;
    }

    public MrzWriter dateOfBirth(LocalDate date) {
        this.dateOfBirth = Objects.requireNonNull(date, "dateOfBirth").format(YYMMDD);
        return this;
    }

    public MrzWriter sex(Mrz.Sex value) {
        this.sex = Objects.requireNonNull(value, "sex");
        return this;
    }

    /** Raw YYMMDD. */
    public MrzWriter dateOfExpiry(String yymmdd) {
        this.dateOfExpiry = rawDate(yymmdd, "dateOfExpiry");
        return this;
    }

    public MrzWriter dateOfExpiry(LocalDate date) {
        this.dateOfExpiry = Objects.requireNonNull(date, "dateOfExpiry").format(YYMMDD);
        return this;
    }

    /** The optional data (TD3: personal number, up to 14; TD1: line 1, up to 15; TD2: up to 7). */
    public MrzWriter optionalData(String data) {
        this.optionalData = optional(data, "optionalData");
        return this;
    }

    /** TD1 only: the optional data of line 2, up to 11 characters. */
    public MrzWriter optionalData2(String data) {
        if (format != Mrz.Format.TD1) {
            throw new IllegalStateException("optionalData2 exists only in TD1, not " + format);
        }
        this.optionalData2 = optional(data, "optionalData2");
        return this;
    }

    /**
     * Writes the lines and parses them back.
     *
     * @throws IllegalStateException if a required field is missing or a field does not fit the format
     */
    public Mrz write() {
        require(issuingState, "issuingState");
        require(nationality, "nationality");
        require(documentNumber, "documentNumber");
        require(dateOfBirth, "dateOfBirth");
        require(dateOfExpiry, "dateOfExpiry");
        String code = pad(documentCode, 2);
        String[] lines = switch (format) {
            case TD3 -> td3Lines(code);
            case TD1 -> td1Lines(code);
            case TD2 -> td2Lines(code);
            default -> throw new IllegalStateException("no writer for " + format);
        };
        return Mrz.parse(List.of(lines));
    }

    private String[] td3Lines(String code) {
        if (documentNumber.length() > 9) {
            throw new IllegalStateException("a TD3 document number has at most 9 characters (9303-4 has no "
                    + "overflow rule), got " + documentNumber.length());
        }
        fits(optionalData, 14, "optionalData");
        String number = pad(documentNumber, 9);
        String personal = pad(optionalData, 14);
        // 9303-4 (TD3 data structure): an unused personal number field may carry '<' as its check digit.
        char personalCd = optionalData.isEmpty() ? '<' : cd(personal);
        String line1 = code + pad(issuingState, 3) + names(39);
        String head = number + cd(number) + pad(nationality, 3) + dateOfBirth + cd(dateOfBirth) + sex.code()
                + dateOfExpiry + cd(dateOfExpiry) + personal + personalCd;
        String composite = head.substring(0, 10) + head.substring(13, 20) + head.substring(21, 43);
        return new String[] {line1, head + cd(composite)};
    }

    private String[] td1Lines(String code) {
        fits(optionalData2, 11, "optionalData2");
        String[] numberAndOptional = longNumber(15);
        String line1 = code + pad(issuingState, 3) + numberAndOptional[0] + numberAndOptional[1];
        String line2 = dateOfBirth + cd(dateOfBirth) + sex.code() + dateOfExpiry + cd(dateOfExpiry)
                + pad(nationality, 3) + pad(optionalData2, 11);
        String composite = line1.substring(5, 30) + line2.substring(0, 7) + line2.substring(8, 15)
                + line2.substring(18, 29);
        return new String[] {line1, line2 + cd(composite), names(30)};
    }

    private String[] td2Lines(String code) {
        String[] numberAndOptional = longNumber(7);
        String line1 = code + pad(issuingState, 3) + names(31);
        String head = numberAndOptional[0] + pad(nationality, 3) + dateOfBirth + cd(dateOfBirth) + sex.code()
                + dateOfExpiry + cd(dateOfExpiry) + numberAndOptional[1];
        String composite = head.substring(0, 10) + head.substring(13, 20) + head.substring(21, 35);
        return new String[] {line1, head + cd(composite)};
    }

    /**
     * The 10-character number field with its check digit, and the optional data field of {@code width}. A number
     * over 9 characters: first 9, '&lt;', and the rest plus the check digit of the whole number, then a filler,
     * opening the optional data (9303-5 §4.2.4; the same rule in 9303-6).
     */
    private String[] longNumber(int width) {
        if (documentNumber.length() <= 9) {
            fits(optionalData, width, "optionalData");
            String number = pad(documentNumber, 9);
            return new String[] {number + cd(number), pad(optionalData, width)};
        }
        String overflow = documentNumber.substring(9) + cd(documentNumber);
        String optional = optionalData.isEmpty() ? overflow : overflow + "<" + optionalData;
        if (optional.length() > width) {
            throw new IllegalStateException("documentNumber of " + documentNumber.length() + " characters with "
                    + optionalData.length() + " characters of optionalData do not fit the " + width
                    + "-character optional data field of " + format);
        }
        return new String[] {documentNumber.substring(0, 9) + "<", pad(optional, width)};
    }

    /**
     * The name field of {@code width}: primary "&lt;&lt;" secondary, padded with fillers. Too long a name is cut
     * from the end of the secondary identifier first, then the primary keeps room for one character of the
     * secondary (9303-3, truncation of the name in the MRZ). A cut never leaves a trailing separator, so a
     * truncated field ends in a letter or, when the cut fell on a separator, in fillers.
     */
    private String names(int width) {
        String full = givenNames.isEmpty() ? surname : surname + "<<" + givenNames;
        if (full.length() <= width) {
            return pad(full, width);
        }
        String cut;
        if (givenNames.isEmpty() || surname.length() + 3 > width) {
            String primary = MrzParser.stripTrailingFillers(surname.substring(0, Math.min(surname.length(),
                    givenNames.isEmpty() ? width : width - 3)));
            cut = givenNames.isEmpty() ? primary : primary + "<<" + givenNames.charAt(0);
        } else {
            cut = full.substring(0, width);
        }
        return pad(MrzParser.stripTrailingFillers(cut), width);
    }

    private static char cd(String data) {
        return (char) ('0' + CheckDigit.compute(data));
    }

    private static String pad(String s, int width) {
        return s + "<".repeat(width - s.length());
    }

    private static void fits(String value, int width, String field) {
        if (value.length() > width) {
            throw new IllegalStateException(field + " has " + value.length() + " characters; at most " + width
                    + " fit");
        }
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new IllegalStateException(field + " was not set");
        }
    }

    private static String upper(String value, String field) {
        return Objects.requireNonNull(value, field).strip().toUpperCase(Locale.ROOT);
    }

    private static String stateCode(String code, String field) {
        String c = upper(code, field);
        if (c.isEmpty() || c.length() > 3 || !c.chars().allMatch(ch -> ch >= 'A' && ch <= 'Z')) {
            throw new IllegalArgumentException(field + " must be a 9303-3 code of 1-3 letters");
        }
        return c;
    }

    private static String rawDate(String yymmdd, String field) {
        Objects.requireNonNull(yymmdd, field);
        if (yymmdd.length() != 6 || !yymmdd.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '<')) {
            throw new IllegalArgumentException(field + " must be YYMMDD (digits, or '<' for unknown parts)");
        }
        return yymmdd;
    }

    private static String optional(String data, String field) {
        String d = MrzParser.stripTrailingFillers(upper(data, field).replace(' ', '<'));
        if (!d.chars().allMatch(c -> MrzParser.isMrzChar((char) c))) {
            throw new IllegalArgumentException(field + " must use only A-Z, 0-9, '<'");
        }
        return d;
    }

    /** 9303-3 (name of the holder in the MRZ): components joined by one filler; hyphens are fillers, apostrophes go. */
    private static String nameComponents(String name, String field) {
        String n = upper(name, field).replace("'", "").replace('-', ' ');
        StringBuilder out = new StringBuilder(n.length());
        for (String part : n.split(" +")) {
            if (part.isEmpty()) {
                continue;
            }
            if (!part.chars().allMatch(c -> c >= 'A' && c <= 'Z')) {
                throw new IllegalArgumentException(field + " must be transliterated to A-Z first (9303-3 §6)");
            }
            if (out.length() > 0) {
                out.append('<');
            }
            out.append(part);
        }
        return out.toString();
    }
}
