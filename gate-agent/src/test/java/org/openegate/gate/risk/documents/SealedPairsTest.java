package org.openegate.gate.risk.documents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SealedPairsTest {

    /** The radix sort against a comparison sort, over sizes that exercise one and two passes and duplicates. */
    @Test
    void sortDistinct_agreesWithAComparisonSort() {
        SplittableRandom random = new SplittableRandom(12);
        for (int n : new int[] {0, 1, 2, 3, 255, 256, 257, 5_000, 70_000, 300_000}) {
            long[][] reference = new long[n][];
            long[] pairs = new long[2 * n];
            for (int i = 0; i < n; i++) {
                // One key in ten repeats an earlier one; some share the top bits (same bucket).
                long hi = i > 0 && random.nextInt(10) == 0 ? reference[random.nextInt(i)][0]
                        : random.nextLong() & DocumentKeys.MASK52;
                long lo = i > 0 && random.nextInt(10) == 0 ? reference[random.nextInt(i)][1]
                        : random.nextLong() & DocumentKeys.MASK52;
                reference[i] = new long[] {hi, lo};
                pairs[2 * i] = hi;
                pairs[2 * i + 1] = lo;
            }
            long[][] expected = Arrays.stream(reference)
                    .sorted(Comparator.<long[]>comparingLong(k -> k[0]).thenComparingLong(k -> k[1]))
                    .filter(new java.util.function.Predicate<long[]>() {
                        private long[] last;

                        @Override
                        public boolean test(long[] k) {
                            boolean fresh = last == null || last[0] != k[0] || last[1] != k[1];
                            last = k;
                            return fresh;
                        }
                    }).toArray(long[][]::new);
            int distinct = SealedPairs.sortDistinct(pairs, n);
            assertThat(distinct).as("n = %d", n).isEqualTo(expected.length);
            long[] flat = new long[2 * distinct];
            for (int i = 0; i < distinct; i++) {
                flat[2 * i] = expected[i][0];
                flat[2 * i + 1] = expected[i][1];
            }
            assertThat(Arrays.copyOf(pairs, 2 * distinct)).as("n = %d", n).isEqualTo(flat);
        }
    }

    @Test
    void sortDistinct_ofOneKeyRepeated_isNotQuadratic() {
        int n = 200_000;
        long[] pairs = new long[2 * n];
        for (int i = 0; i < n; i++) {
            pairs[2 * i] = 0xABCDEL;
            pairs[2 * i + 1] = i % 3;
        }
        assertThat(SealedPairs.sortDistinct(pairs, n)).isEqualTo(3);
        assertThat(Arrays.copyOf(pairs, 6)).containsExactly(0xABCDEL, 0, 0xABCDEL, 1, 0xABCDEL, 2);
    }

    @Test
    void unionAndMinus_areSetOperations() {
        long[] a = {1, 1, 1, 5, 2, 0, 9, 9};
        long[] b = {1, 5, 3, 3, 9, 9};
        assertThat(SealedPairs.union(a, b)).containsExactly(1, 1, 1, 5, 2, 0, 3, 3, 9, 9);
        assertThat(SealedPairs.minus(a, b)).containsExactly(1, 1, 2, 0);
        assertThat(SealedPairs.contains(a, 2, 0)).isTrue();
        assertThat(SealedPairs.contains(a, 2, 1)).isFalse();
    }
}
