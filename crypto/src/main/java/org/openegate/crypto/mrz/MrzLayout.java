package org.openegate.crypto.mrz;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where each field sits in each MRZ format. Positions are 0-based here, [start, end); Doc 9303 tables count from 1.
 * Sources: the MRZ data structure tables of 9303-5 (TD1), 9303-6 (TD2), 9303-4 (TD3) and 9303-7 (MRV-A,
 * MRV-B). Used both to extract fields and to name the field a bad character sits in.
 */
final class MrzLayout {

    /** One field: line index (0-based), [start, end) within it. */
    record Span(String name, int line, int start, int end) {
        String of(String[] lines) {
            return lines[line].substring(start, end);
        }

        char charOf(String[] lines) {
            return lines[line].charAt(start);
        }
    }

    static final String DOCUMENT_CODE = "documentCode";
    static final String ISSUING_STATE = "issuingState";
    static final String DOCUMENT_NUMBER = "documentNumber";
    static final String DOCUMENT_NUMBER_CD = "documentNumberCheckDigit";
    static final String OPTIONAL_DATA = "optionalData";
    static final String OPTIONAL_DATA_CD = "optionalDataCheckDigit";
    static final String OPTIONAL_DATA_2 = "optionalData2";
    static final String DATE_OF_BIRTH = "dateOfBirth";
    static final String DATE_OF_BIRTH_CD = "dateOfBirthCheckDigit";
    static final String SEX = "sex";
    static final String DATE_OF_EXPIRY = "dateOfExpiry";
    static final String DATE_OF_EXPIRY_CD = "dateOfExpiryCheckDigit";
    static final String NATIONALITY = "nationality";
    static final String NAMES = "names";
    static final String COMPOSITE_CD = "compositeCheckDigit";

    private final Map<String, Span> spans = new LinkedHashMap<>();

    private MrzLayout() {}

    private MrzLayout put(String name, int line, int start, int end) {
        spans.put(name, new Span(name, line, start, end));
        return this;
    }

    Span span(String name) {
        Span s = spans.get(name);
        if (s == null) {
            throw new IllegalStateException("no field " + name + " in this layout");
        }
        return s;
    }

    boolean has(String name) {
        return spans.containsKey(name);
    }

    /** The name of the field covering (line, pos), for error messages. Every position is covered. */
    String fieldAt(int line, int pos) {
        for (Span s : spans.values()) {
            if (s.line == line && pos >= s.start && pos < s.end) {
                return s.name;
            }
        }
        return "line" + (line + 1);
    }

    // 9303-5: TD1, 3 x 30.
    static final MrzLayout TD1 = new MrzLayout()
            .put(DOCUMENT_CODE, 0, 0, 2).put(ISSUING_STATE, 0, 2, 5).put(DOCUMENT_NUMBER, 0, 5, 14)
            .put(DOCUMENT_NUMBER_CD, 0, 14, 15).put(OPTIONAL_DATA, 0, 15, 30)
            .put(DATE_OF_BIRTH, 1, 0, 6).put(DATE_OF_BIRTH_CD, 1, 6, 7).put(SEX, 1, 7, 8)
            .put(DATE_OF_EXPIRY, 1, 8, 14).put(DATE_OF_EXPIRY_CD, 1, 14, 15).put(NATIONALITY, 1, 15, 18)
            .put(OPTIONAL_DATA_2, 1, 18, 29).put(COMPOSITE_CD, 1, 29, 30)
            .put(NAMES, 2, 0, 30);

    /** The second line shared by TD2, TD3, MRV-A and MRV-B up to the date-of-expiry check digit. */
    private static MrzLayout twoLine(int length) {
        return new MrzLayout()
                .put(DOCUMENT_CODE, 0, 0, 2).put(ISSUING_STATE, 0, 2, 5).put(NAMES, 0, 5, length)
                .put(DOCUMENT_NUMBER, 1, 0, 9).put(DOCUMENT_NUMBER_CD, 1, 9, 10).put(NATIONALITY, 1, 10, 13)
                .put(DATE_OF_BIRTH, 1, 13, 19).put(DATE_OF_BIRTH_CD, 1, 19, 20).put(SEX, 1, 20, 21)
                .put(DATE_OF_EXPIRY, 1, 21, 27).put(DATE_OF_EXPIRY_CD, 1, 27, 28);
    }

    // 9303-6: TD2, 2 x 36.
    static final MrzLayout TD2 = twoLine(36).put(OPTIONAL_DATA, 1, 28, 35).put(COMPOSITE_CD, 1, 35, 36);
    // 9303-4: TD3, 2 x 44, with a check digit on the personal number / optional data.
    static final MrzLayout TD3 = twoLine(44).put(OPTIONAL_DATA, 1, 28, 42).put(OPTIONAL_DATA_CD, 1, 42, 43)
            .put(COMPOSITE_CD, 1, 43, 44);
    // 9303-7: MRV-A, 2 x 44, no composite check digit.
    static final MrzLayout MRVA = twoLine(44).put(OPTIONAL_DATA, 1, 28, 44);
    // 9303-7: MRV-B, 2 x 36, no composite check digit.
    static final MrzLayout MRVB = twoLine(36).put(OPTIONAL_DATA, 1, 28, 36);

    static MrzLayout of(Mrz.Format format) {
        return switch (format) {
            case TD1 -> TD1;
            case TD2 -> TD2;
            case TD3 -> TD3;
            case MRVA -> MRVA;
            case MRVB -> MRVB;
        };
    }
}
