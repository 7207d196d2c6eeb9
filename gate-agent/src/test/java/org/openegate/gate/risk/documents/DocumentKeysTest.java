package org.openegate.gate.risk.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DocumentKeysTest {

    private static long[] seal(String state, String type, String number) {
        long[] key = new long[2];
        assertThat(DocumentKeys.seal(state, type, number, key)).isEqualTo(DocumentKeys.OK);
        return key;
    }

    @Test
    void seal_normalisesLikeTheMrz() {
        long[] plain = seal("UTO", "P", "L898902C3");
        assertThat(seal(" uto ", "P<", "l898902c3<<<")).containsExactly(plain);
        assertThat(seal("UTO", "PO", "L898902C3")).containsExactly(plain);
        assertThat(seal("D<<", "I", "T22000129")).containsExactly(seal("D", "I<", "T22000129"));
    }

    @Test
    void seal_distinguishesEveryField() {
        long[] key = seal("UTO", "P", "L898902C3");
        assertThat(seal("UTA", "P", "L898902C3")).isNotEqualTo(key);
        assertThat(seal("UTO", "I", "L898902C3")).isNotEqualTo(key);
        assertThat(seal("UTO", "P", "L898902C4")).isNotEqualTo(key);
        // Bijective numeration: leading zeros are significant, unlike a plain base-36 number.
        assertThat(seal("UTO", "P", "0L898902C3")).isNotEqualTo(key);
        assertThat(seal("UT", "P", "L898902C3")).isNotEqualTo(key);
    }

    @Test
    void seal_rejectsWhatNoMrzHolds() {
        long[] key = new long[2];
        assertThat(DocumentKeys.seal("UTOX", "P", "1", key) >>> 8).isEqualTo(DocumentKeys.STATE_INVALID);
        assertThat(DocumentKeys.seal("U1O", "P", "1", key) >>> 8).isEqualTo(DocumentKeys.STATE_INVALID);
        assertThat(DocumentKeys.seal("<<<", "P", "1", key) >>> 8).isEqualTo(DocumentKeys.STATE_INVALID);
        assertThat(DocumentKeys.seal("UTO", "1", "1", key) >>> 8).isEqualTo(DocumentKeys.TYPE_INVALID);
        assertThat(DocumentKeys.seal("UTO", "<", "1", key) >>> 8).isEqualTo(DocumentKeys.TYPE_INVALID);
        assertThat(DocumentKeys.seal("UTO", "P", "<<", key) >>> 8).isEqualTo(DocumentKeys.NUMBER_EMPTY);
        assertThat(DocumentKeys.seal("UTO", "P", "AB-12", key)).isEqualTo(DocumentKeys.NUMBER_BAD_CHARACTER << 8 | 2);
        assertThat(DocumentKeys.seal("UTO", "P", "12345678901234567", key) >>> 8)
                .isEqualTo(DocumentKeys.NUMBER_TOO_LONG);
        assertThat(DocumentKeys.seal(null, "P", "1", key)).isNotEqualTo(DocumentKeys.OK);
    }

    @Test
    void decode_roundTripsRandomKeysOfEveryLength() {
        SplittableRandom random = new SplittableRandom(8);
        String digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for (int n = 0; n < 20_000; n++) {
            StringBuilder state = new StringBuilder();
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                state.append((char) ('A' + random.nextInt(26)));
            }
            String type = String.valueOf((char) ('A' + random.nextInt(26)));
            StringBuilder number = new StringBuilder();
            for (int i = 1 + random.nextInt(DocumentKeys.MAX_NUMBER_LENGTH); i > 0; i--) {
                number.append(digits.charAt(random.nextInt(36)));
            }
            long[] key = seal(state.toString(), type, number.toString());
            assertThat(key[0] >>> 52).isZero();
            assertThat(key[1] >>> 52).isZero();
            assertThat(DocumentKeys.isValidSealed(key[0], key[1], new long[2])).isTrue();
            assertThat(DocumentKeys.decode(key[0], key[1]))
                    .containsExactly(state.toString(), type, number.toString());
        }
    }

    @Test
    void seal_extremesStayWithin104Bits() {
        long[] max = seal("ZZZ", "Z", "ZZZZZZZZZZZZZZZZ");
        assertThat(DocumentKeys.decode(max[0], max[1])).containsExactly("ZZZ", "Z", "ZZZZZZZZZZZZZZZZ");
        long[] min = seal("A", "A", "0");
        assertThat(DocumentKeys.decode(min[0], min[1])).containsExactly("A", "A", "0");
    }

    @Test
    void unseal_invertsSeal_andRandomValuesAreOftenNotKeys() {
        SplittableRandom random = new SplittableRandom(9);
        long[] scratch = new long[2];
        int valid = 0;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            long hi = random.nextLong() & DocumentKeys.MASK52;
            long lo = random.nextLong() & DocumentKeys.MASK52;
            if (DocumentKeys.isValidSealed(hi, lo, scratch)) {
                valid++;
                String[] key = DocumentKeys.decode(hi, lo);
                assertThat(seal(key[0], key[1], key[2])).containsExactly(hi, lo);
                seen.add(String.join("/", key));
            }
        }
        // About 0.56 (state) * 0.81 (type) * 0.42 (number: 8.2e24 of 2^84) of the 104-bit space are keys.
        assertThat(valid).isBetween(1_500, 2_500);
        assertThat(seen).hasSize(valid);
        assertThat(DocumentKeys.isValidSealed(1L << 52, 0, scratch)).isFalse();
    }

    @Test
    void describe_neverContainsTheKey() {
        long[] key = new long[2];
        int problem = DocumentKeys.seal("UTO", "P", "SECRET-99", key);
        assertThat(DocumentKeys.describe(problem)).contains("position 6").doesNotContain("SECRET");
    }
}
