package org.openegate.gate.risk.documents;

import java.util.Arrays;

/**
 * Sets of sealed keys held as {@code long[]} of interleaved (high, low) pairs, sorted ascending: 16 bytes a key
 * and no object per key, so 100 million of them are one array and not 100 million objects.
 */
final class SealedPairs {

    static final long[] EMPTY = new long[0];
    private static final int INSERTION_LIMIT = 48;

    private SealedPairs() {
    }

    static int size(long[] pairs) {
        return pairs.length / 2;
    }

    static boolean contains(long[] pairs, long hi, long lo) {
        int from = 0;
        int to = pairs.length / 2;
        while (from < to) {
            int mid = (from + to) >>> 1;
            int c = DocumentKeys.compare(pairs[2 * mid], pairs[2 * mid + 1], hi, lo);
            if (c == 0) {
                return true;
            }
            if (c < 0) {
                from = mid + 1;
            } else {
                to = mid;
            }
        }
        return false;
    }

    /**
     * Sorts the first {@code n} pairs and drops duplicates; returns the new count. Sealed keys are uniform, so
     * in-place MSD radix passes (American flag sort) on the top bits leave buckets of a few keys that insertion
     * sort finishes: O(n) time and small int histograms of extra memory. Two passes, not one: the first splits on
     * 8 bits, so its swaps write to 256 places at a time (kind to caches and TLB over a 1.6 GB array); the second
     * splits each of those parts, a few MB, on the next bits. A bucket that is large anyway (the same key added
     * many times) is heap-sorted, so no input makes this quadratic.
     */
    static int sortDistinct(long[] a, int n) {
        if (n > 1) {
            int totalBits = Math.min(24, 64 - Long.numberOfLeadingZeros(n));
            int firstBits = Math.min(8, totalBits);
            int secondBits = totalBits - firstBits;
            int[] firstEnds = new int[1 << firstBits];
            int[] secondEnds = new int[1 << secondBits];
            int[] scratch = new int[(1 << Math.max(firstBits, secondBits)) + 1];
            flagPass(a, 0, n, 52 - firstBits, firstBits, firstEnds, scratch);
            int start = 0;
            for (int end : firstEnds) {
                if (secondBits == 0) {
                    sortRange(a, start, end);
                } else if (end - start > 1) {
                    flagPass(a, start, end, 52 - totalBits, secondBits, secondEnds, scratch);
                    int from = start;
                    for (int to : secondEnds) {
                        sortRange(a, from, to);
                        from = to;
                    }
                }
                start = end;
            }
        }
        int out = 0;
        for (int i = 0; i < n; i++) {
            if (out == 0 || DocumentKeys.compare(a[2 * out - 2], a[2 * out - 1], a[2 * i], a[2 * i + 1]) != 0) {
                a[2 * out] = a[2 * i];
                a[2 * out + 1] = a[2 * i + 1];
                out++;
            }
        }
        return out;
    }

    /**
     * One American flag pass over pairs [from, to): buckets by {@code (hi >>> shift) & (2^bits - 1)}; leaves each
     * bucket's end (absolute) in {@code ends}. {@code next} is scratch of at least 2^bits + 1 ints.
     */
    private static void flagPass(long[] a, int from, int to, int shift, int bits, int[] ends, int[] next) {
        int buckets = 1 << bits;
        long mask = buckets - 1;
        Arrays.fill(next, 0, buckets + 1, 0);
        next[0] = from;
        for (int i = from; i < to; i++) {
            next[(int) ((a[2 * i] >>> shift) & mask) + 1]++;
        }
        for (int b = 0; b < buckets; b++) {
            next[b + 1] += next[b];
        }
        System.arraycopy(next, 1, ends, 0, buckets);
        for (int b = 0; b < buckets; b++) {
            while (next[b] < ends[b]) {
                int i = next[b];
                long hi = a[2 * i];
                long lo = a[2 * i + 1];
                int target = (int) ((hi >>> shift) & mask);
                while (target != b) {
                    // Swap the carried pair into its bucket's next free slot and carry what was there.
                    int j = next[target]++;
                    long h2 = a[2 * j];
                    long l2 = a[2 * j + 1];
                    a[2 * j] = hi;
                    a[2 * j + 1] = lo;
                    hi = h2;
                    lo = l2;
                    target = (int) ((hi >>> shift) & mask);
                }
                a[2 * i] = hi;
                a[2 * i + 1] = lo;
                next[b]++;
            }
        }
    }

    private static void sortRange(long[] a, int from, int to) {
        if (to - from <= INSERTION_LIMIT) {
            for (int i = from + 1; i < to; i++) {
                long hi = a[2 * i];
                long lo = a[2 * i + 1];
                int j = i - 1;
                while (j >= from && DocumentKeys.compare(a[2 * j], a[2 * j + 1], hi, lo) > 0) {
                    a[2 * j + 2] = a[2 * j];
                    a[2 * j + 3] = a[2 * j + 1];
                    j--;
                }
                a[2 * j + 2] = hi;
                a[2 * j + 3] = lo;
            }
            return;
        }
        int n = to - from;
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(a, from, i, n);
        }
        for (int last = n - 1; last > 0; last--) {
            swap(a, from, from + last);
            siftDown(a, from, 0, last);
        }
    }

    private static void siftDown(long[] a, int base, int i, int n) {
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                return;
            }
            if (child + 1 < n && greater(a, base + child + 1, base + child)) {
                child++;
            }
            if (!greater(a, base + child, base + i)) {
                return;
            }
            swap(a, base + i, base + child);
            i = child;
        }
    }

    private static boolean greater(long[] a, int i, int j) {
        return DocumentKeys.compare(a[2 * i], a[2 * i + 1], a[2 * j], a[2 * j + 1]) > 0;
    }

    private static void swap(long[] a, int i, int j) {
        long hi = a[2 * i];
        long lo = a[2 * i + 1];
        a[2 * i] = a[2 * j];
        a[2 * i + 1] = a[2 * j + 1];
        a[2 * j] = hi;
        a[2 * j + 1] = lo;
    }

    /** Sorted a minus sorted b. */
    static long[] minus(long[] a, long[] b) {
        long[] out = new long[a.length];
        int n = 0;
        for (int i = 0; i < a.length; i += 2) {
            if (!contains(b, a[i], a[i + 1])) {
                out[n++] = a[i];
                out[n++] = a[i + 1];
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Sorted union of two sorted, distinct sets. */
    static long[] union(long[] a, long[] b) {
        long[] out = new long[a.length + b.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length || j < b.length) {
            int c = i == a.length ? 1 : j == b.length ? -1 : DocumentKeys.compare(a[i], a[i + 1], b[j], b[j + 1]);
            if (c <= 0) {
                out[n++] = a[i];
                out[n++] = a[i + 1];
                i += 2;
                if (c == 0) {
                    j += 2;
                }
            } else {
                out[n++] = b[j];
                out[n++] = b[j + 1];
                j += 2;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
