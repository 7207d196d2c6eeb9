package org.openegate.crypto.mrz;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.openegate.crypto.CheckStatus;

/**
 * A parsed machine readable zone (ICAO Doc 9303 Parts 3-7): TD1, TD2, TD3, MRV-A or MRV-B.
 *
 * <p>Fields are as printed, without trailing fillers; dates stay raw YYMMDD (see {@link #resolvedDateOfBirth} and
 * {@link #resolvedDateOfExpiry} for a century). A wrong check digit does not stop parsing: it is {@code false} in
 * {@link #checks()} and makes {@link #valid()} false, so the gate can report it and ask for the document again.
 *
 * @param format the MRZ format
 * @param documentCode 1-2 characters, e.g. {@code P}, {@code ID}, {@code I}, {@code V}, {@code PO}
 * @param issuingState 9303-3 code without fillers, e.g. {@code UTO}, {@code D} (Germany, printed {@code D<<}),
 *     or one of the codes for refugees, stateless persons and unspecified nationality ({@code XXA}, {@code XXB},
 *     {@code XXC}, {@code XXX}), which are kept as printed
 * @param documentNumber without fillers; for TD1/TD2 numbers longer than 9 characters this is the complete number
 *     including the characters carried in the optional data (9303-5 §4.2.4; the same rule in 9303-6)
 * @param nationality as {@code issuingState}
 * @param dateOfBirth raw YYMMDD as printed (may hold fillers for unknown parts, or misread characters)
 * @param sex F, M, X or unspecified '&lt;'
 * @param dateOfExpiry raw YYMMDD as printed
 * @param surname the primary identifier, fillers turned into spaces; empty if the name has none
 * @param givenNames the secondary identifier, fillers turned into spaces; may be cut short by truncation
 * @param optionalData the optional data field without trailing fillers; for a long TD1/TD2 document number the
 *     overflow characters, their check digit and the closing filler are removed first
 * @param optionalData2 TD1 only: the optional data of line 2; empty for the other formats
 * @param checks check digit results in MRZ order, under the names {@link #CHECK_DOCUMENT_NUMBER},
 *     {@link #CHECK_DATE_OF_BIRTH}, {@link #CHECK_DATE_OF_EXPIRY}, {@link #CHECK_OPTIONAL_DATA} (TD3 only) and
 *     {@link #CHECK_COMPOSITE} (not on visas)
 * @param valid true exactly when every check holds
 * @param lines the MRZ lines as read
 */
public record Mrz(
        Format format,
        String documentCode,
        String issuingState,
        String documentNumber,
        String nationality,
        String dateOfBirth,
        Sex sex,
        String dateOfExpiry,
        String surname,
        String givenNames,
        String optionalData,
        String optionalData2,
        Map<String, Boolean> checks,
        boolean valid,
        List<String> lines) {

    public static final String CHECK_DOCUMENT_NUMBER = "documentNumber";
    public static final String CHECK_DATE_OF_BIRTH = "dateOfBirth";
    public static final String CHECK_DATE_OF_EXPIRY = "dateOfExpiry";
    public static final String CHECK_OPTIONAL_DATA = "optionalData";
    public static final String CHECK_COMPOSITE = "composite";

    /** The five MRZ formats, with their shape. */
    public enum Format {
        /** 9303-5: ID-1 size card, 3 lines of 30. */
        TD1(3, 30),
        /** 9303-6: ID-2 size, 2 lines of 36. */
        TD2(2, 36),
        /** 9303-4: passport book, 2 lines of 44. */
        TD3(2, 44),
        /** 9303-7: full-page visa, 2 lines of 44. */
        MRVA(2, 44),
        /** 9303-7: smaller visa, 2 lines of 36. */
        MRVB(2, 36);

        private final int lineCount;
        private final int lineLength;

        Format(int lineCount, int lineLength) {
            this.lineCount = lineCount;
            this.lineLength = lineLength;
        }

        public int lineCount() {
            return lineCount;
        }

        public int lineLength() {
            return lineLength;
        }
    }

    /** The sex field: F, M, or '&lt;' for unspecified (9303-4/5/6/7); X, printed by some issuers, is accepted too. */
    public enum Sex {
        FEMALE('F'),
        MALE('M'),
        /** Printed X. */
        X('X'),
        /** Printed '&lt;': not specified. */
        UNSPECIFIED('<');

        private final char code;

        Sex(char code) {
            this.code = code;
        }

        /** The character printed in the MRZ. */
        public char code() {
            return code;
        }

        public static Optional<Sex> fromCode(char c) {
            for (Sex s : values()) {
                if (s.code == c) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Checks invariants and copies the collections; the parser is the normal way in.
     *
     * @throws IllegalArgumentException if the lines do not have the format's shape, or {@code valid} contradicts
     *     the checks
     */
    public Mrz {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(documentCode, "documentCode");
        Objects.requireNonNull(issuingState, "issuingState");
        Objects.requireNonNull(documentNumber, "documentNumber");
        Objects.requireNonNull(nationality, "nationality");
        Objects.requireNonNull(dateOfBirth, "dateOfBirth");
        Objects.requireNonNull(sex, "sex");
        Objects.requireNonNull(dateOfExpiry, "dateOfExpiry");
        Objects.requireNonNull(surname, "surname");
        Objects.requireNonNull(givenNames, "givenNames");
        Objects.requireNonNull(optionalData, "optionalData");
        Objects.requireNonNull(optionalData2, "optionalData2");
        checks = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(checks, "checks")));
        lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
        if (lines.size() != format.lineCount()
                || lines.stream().anyMatch(l -> l.length() != format.lineLength()
                        || !l.chars().allMatch(c -> MrzParser.isMrzChar((char) c)))) {
            throw new IllegalArgumentException("lines do not have the shape of " + format + ": "
                    + format.lineCount() + " lines of " + format.lineLength() + " MRZ characters");
        }
        if (checks.containsValue(null) || valid == checks.containsValue(Boolean.FALSE)) {
            throw new IllegalArgumentException("valid=" + valid + " contradicts the checks " + checks);
        }
    }

    /**
     * Parses the MRZ lines as a reader delivers them: one argument per line, or lines separated by whitespace
     * (CR, LF, blanks) in one or more arguments, or one unbroken string of 90 (TD1), 72 (TD2, MRV-B) or 88 (TD3,
     * MRV-A) characters.
     *
     * @throws MrzException if the input is not an MRZ at all; never for a wrong check digit
     */
    public static Mrz parse(String... lines) {
        if (lines == null) {
            throw new MrzException(MrzException.Reason.NULL_INPUT, "input", 0, 0, "no lines were given (null)");
        }
        return MrzParser.parse(Arrays.asList(lines));
    }

    /** As {@link #parse(String...)}. */
    public static Mrz parse(List<String> lines) {
        return MrzParser.parse(lines);
    }

    /**
     * The 7-3-1 check digit of {@code data} (9303-3 §4.9) as a one-character string.
     *
     * @throws IllegalArgumentException if {@code data} has a character outside A-Z, 0-9, '&lt;'
     */
    public static String checkDigit(String data) {
        Objects.requireNonNull(data, "data");
        return String.valueOf((char) ('0' + CheckDigit.compute(data)));
    }

    /**
     * MRZ_information, the key seed input of 9303-11 §4.3.2 / §9.7.2 (BAC: K_seed is the first 16 bytes of its
     * SHA-1); PACE with the MRZ as password hashes the same string (9303-11 §4.4). It is the document number, its
     * check digit, the date of birth, its check digit, the date of expiry and its check digit, all as printed.
     *
     * <p>The document number is the 9-character field including fillers (e.g. {@code ZE000509<}). For a TD1/TD2
     * number longer than 9 characters it is the complete number followed by its real check digit from the optional
     * data, not the field and its '&lt;': 9303-11 Appendix D.2 works this example, {@code I<UTOD23145890<7349...}
     * giving {@code D23145890734934071279507122}, and gmrtd's tests in the shared fixtures expect the same.
     *
     * <p>This is key material: never log it.
     */
    public String mrzInformation() {
        String[] l = lines.toArray(new String[0]);
        MrzParser.DocumentNumber doc = MrzParser.documentNumber(format, l);
        MrzLayout layout = MrzLayout.of(format);
        return doc.keyNumber() + doc.checkDigit()
                + dateOfBirth + layout.span(MrzLayout.DATE_OF_BIRTH_CD).charOf(l)
                + dateOfExpiry + layout.span(MrzLayout.DATE_OF_EXPIRY_CD).charOf(l);
    }

    /**
     * The date of birth with its century: the latest date with these digits not after today (see {@link MrzDates}).
     *
     * @throws MrzException with reason {@code BAD_DATE} if the raw date has unknown parts or is no calendar date
     */
    public LocalDate resolvedDateOfBirth(Clock clock) {
        return MrzDates.birth(dateOfBirth, LocalDate.now(clock));
    }

    /**
     * The date of expiry with its century: the one in [today - 80 years, today + 20 years) (see {@link MrzDates}).
     *
     * @throws MrzException with reason {@code BAD_DATE} if the raw date has unknown parts or is no calendar date
     */
    public LocalDate resolvedDateOfExpiry(Clock clock) {
        return MrzDates.expiry(dateOfExpiry, LocalDate.now(clock));
    }

    /**
     * The MRZ check as one of TR-03135's results: {@link CheckStatus#PASSED} when every check digit holds,
     * otherwise {@link CheckStatus#FAILED}.
     */
    public CheckStatus checkStatus() {
        return valid ? CheckStatus.PASSED : CheckStatus.FAILED;
    }

    /** Format, document code, issuing state and the check results only: names, numbers and dates are personal data. */
    @Override
    public String toString() {
        return "Mrz[format=" + format + ", documentCode=" + documentCode + ", issuingState=" + issuingState
                + ", checks=" + checks + ", valid=" + valid + ", personal data redacted]";
    }
}
