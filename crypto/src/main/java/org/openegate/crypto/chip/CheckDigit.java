package org.openegate.crypto.chip;

/** The 7-3-1 check digit of 9303-3 §4.9, kept here so BAC does not depend on the MRZ parser. */
final class CheckDigit {

    private static final int[] WEIGHTS = {7, 3, 1};

    private CheckDigit() {
    }

    /** The check digit character ('0'..'9') of a field of digits, A-Z and '<'. */
    static char of(String field) {
        int sum = 0;
        for (int i = 0; i < field.length(); i++) {
            sum += value(field.charAt(i), i) * WEIGHTS[i % 3];
        }
        return (char) ('0' + sum % 10);
    }

    private static int value(char c, int index) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'Z') {
            return c - 'A' + 10;
        }
        if (c == '<') {
            return 0;
        }
        throw new IllegalArgumentException("character at position " + index + " is not 0-9, A-Z or '<'");
    }
}
