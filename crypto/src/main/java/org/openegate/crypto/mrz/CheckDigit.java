package org.openegate.crypto.mrz;

/**
 * 9303-3 §4.9: check digits are the sum of the character values weighted 7, 3, 1, 7, 3, 1, ... modulo 10, with
 * 0-9 worth their digit, A-Z worth 10-35 and the filler '&lt;' worth 0.
 */
final class CheckDigit {

    private static final int[] WEIGHTS = {7, 3, 1};

    private CheckDigit() {}

    /** @throws IllegalArgumentException naming the 1-based position of a character outside A-Z, 0-9, '&lt;' */
    static int compute(CharSequence data) {
        int sum = 0;
        for (int i = 0; i < data.length(); i++) {
            sum += value(data.charAt(i), i) * WEIGHTS[i % 3];
        }
        return sum % 10;
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
        throw new IllegalArgumentException(
                String.format("U+%04X at position %d is not one of A-Z, 0-9, '<'", (int) c, index + 1));
    }
}
