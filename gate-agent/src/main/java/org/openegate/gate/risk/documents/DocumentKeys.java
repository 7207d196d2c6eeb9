package org.openegate.gate.risk.documents;

/**
 * Normalises a (issuing state, document type, document number) key the way the MRZ writes it, packs it into 104
 * bits and seals it with a keyless Feistel permutation.
 *
 * <p>Packing (103 bits used): the number is read in bijective base 36 ({@code 0-9} = 1..10, {@code A-Z} =
 * 11..36), so numbers of 1 to 16 characters map one-to-one onto 1 .. 36·(36^16−1)/35 &lt; 2^83 without a length
 * field; the type is its first letter (5 bits); the state is up to three letters padded with fillers, in base 27
 * (15 bits). Layout, most significant first: number(83) · type(5) · state(15), held as two 52-bit halves.
 *
 * <p>Sealing: four Feistel rounds over the two 52-bit halves. A Feistel network is a bijection whatever its round
 * function, so two keys are equal exactly when their sealed values are equal: the sealed value is both the uniform
 * "fingerprint" that places a key in the index and the exact key that confirms a hit. There are no false positives
 * and no false negatives to tune away. The round function is the SplitMix64 finaliser (Steele, Lea, Flood,
 * "Fast splittable pseudorandom number generators", OOPSLA 2014; constants as in Vigna's splitmix64.c); the
 * round keys are hexadecimal digits of pi (nothing up the sleeve). They are part of content format 1: changing
 * them changes the format version.
 *
 * <p>Normalisation follows ICAO 9303-3 §4.2.2 (MRZ characters {@code A-Z 0-9 <}): fillers are dropped anywhere,
 * surrounding white space trimmed, lower case folded to upper case. Anything else makes the key unlistable.
 */
final class DocumentKeys {

    static final int MAX_NUMBER_LENGTH = 16;
    static final long MASK52 = (1L << 52) - 1;
    /** Bytes of a sealed key in the content format: 104 bits, big-endian. */
    static final int SEALED_BYTES = 13;

    private static final long[] ROUND_KEYS = {
        0x243F6A8885A308D3L, 0x13198A2E03707344L, 0xA4093822299F31D0L, 0x082EFA98EC4E6C89L};
    private static final int STATE_LIMIT = 27 * 27 * 27;
    /** The packed number of "ZZZZZZZZZZZZZZZZ", the largest 16-character number, as two limbs. */
    private static final long MAX_NUMBER_HI;
    private static final long MAX_NUMBER_LO;

    static {
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < MAX_NUMBER_LENGTH; i++) {
            lo = lo * 36 + 36;
            hi = hi * 36 + (lo >>> 52);
            lo &= MASK52;
        }
        MAX_NUMBER_HI = hi;
        MAX_NUMBER_LO = lo;
    }

    // Problems, returned by pack() as (problem << 8 | character position); 0 is success.
    static final int OK = 0;
    static final int STATE_INVALID = 1;
    static final int TYPE_INVALID = 2;
    static final int NUMBER_EMPTY = 3;
    static final int NUMBER_TOO_LONG = 4;
    static final int NUMBER_BAD_CHARACTER = 5;

    private DocumentKeys() {
    }

    /**
     * Packs and seals a key into {@code out[0]} (high 52 bits) and {@code out[1]} (low 52 bits). Returns
     * {@link #OK}, or a problem code shifted left by 8 with the offending character position in the low byte.
     * Allocates nothing, so the lookup path stays cheap.
     */
    static int seal(CharSequence state, CharSequence type, CharSequence number, long[] out) {
        if (state == null || type == null || number == null) {
            return (state == null ? STATE_INVALID : type == null ? TYPE_INVALID : NUMBER_EMPTY) << 8;
        }
        // State: up to three letters after fillers are dropped, padded with fillers (0).
        int s = 0;
        int letters = 0;
        int end = trimmedEnd(state);
        for (int i = trimmedStart(state); i < end; i++) {
            char c = state.charAt(i);
            if (c == '<') {
                continue;
            }
            int letter = letter(c);
            if (letter < 0 || letters == 3) {
                return STATE_INVALID << 8 | Math.min(i, 255);
            }
            s = s * 27 + letter + 1;
            letters++;
        }
        if (letters == 0) {
            return STATE_INVALID << 8;
        }
        for (; letters < 3; letters++) {
            s *= 27;
        }
        // Type: the first letter of the document code (9303-4 §4.2.2.1: P, I, A, C, V, ...).
        int t = -1;
        end = trimmedEnd(type);
        for (int i = trimmedStart(type); i < end && t < 0; i++) {
            char c = type.charAt(i);
            if (c == '<') {
                continue;
            }
            t = letter(c);
            if (t < 0) {
                return TYPE_INVALID << 8 | Math.min(i, 255);
            }
        }
        if (t < 0) {
            return TYPE_INVALID << 8;
        }
        // Number: bijective base 36 in two limbs, low limb 52 bits.
        long hi = 0;
        long lo = 0;
        int digits = 0;
        end = trimmedEnd(number);
        for (int i = trimmedStart(number); i < end; i++) {
            char c = number.charAt(i);
            if (c == '<') {
                continue;
            }
            int d = digit(c);
            if (d < 0) {
                return NUMBER_BAD_CHARACTER << 8 | Math.min(i, 255);
            }
            if (++digits > MAX_NUMBER_LENGTH) {
                return NUMBER_TOO_LONG << 8 | Math.min(i, 255);
            }
            lo = lo * 36 + d + 1;
            hi = hi * 36 + (lo >>> 52);
            lo &= MASK52;
        }
        if (digits == 0) {
            return NUMBER_EMPTY << 8;
        }
        long vLo = ((lo << 20) | ((long) t << 15) | s) & MASK52;
        long vHi = (lo >>> 32) | (hi << 20);
        // Feistel: (L, R) -> (R, L ^ F(R)). 4 rounds.
        long l = vHi;
        long r = vLo;
        for (long k : ROUND_KEYS) {
            long next = l ^ round(r, k);
            l = r;
            r = next;
        }
        out[0] = l;
        out[1] = r;
        return OK;
    }

    /** Undoes {@link #seal}'s permutation into {@code out}, the packed key. */
    static void unseal(long hi, long lo, long[] out) {
        long l = hi;
        long r = lo;
        for (int i = ROUND_KEYS.length - 1; i >= 0; i--) {
            long previous = r ^ round(l, ROUND_KEYS[i]);
            r = l;
            l = previous;
        }
        out[0] = l;
        out[1] = r;
    }

    /**
     * Whether a 104-bit sealed value is the seal of some normalised key. Content files carry sealed values, and
     * this is what rejects a value no key could have produced (an unused state code, type 27, number 0, ...).
     */
    static boolean isValidSealed(long hi, long lo, long[] scratch) {
        if ((hi & ~MASK52) != 0 || (lo & ~MASK52) != 0) {
            return false;
        }
        unseal(hi, lo, scratch);
        long pHi = scratch[0];
        long pLo = scratch[1];
        int s = (int) (pLo & 0x7FFF);
        int t = (int) ((pLo >>> 15) & 0x1F);
        long nLo = ((pLo >>> 20) | (pHi << 32)) & MASK52;
        long nHi = pHi >>> 20;
        if (s >= STATE_LIMIT || t >= 26) {
            return false;
        }
        int c0 = s / 729;
        int c1 = s / 27 % 27;
        int c2 = s % 27;
        // First letter present; padding only at the end ("D<<" yes, "<D<" and "D<E" never come out of seal()).
        if (c0 == 0 || (c1 == 0 && c2 != 0)) {
            return false;
        }
        if (nHi == 0 && nLo == 0) {
            return false;
        }
        return nHi < MAX_NUMBER_HI || (nHi == MAX_NUMBER_HI && nLo <= MAX_NUMBER_LO);
    }

    /** Decodes a sealed value back to its normalised key; tests and diagnostics only (it is personal data). */
    static String[] decode(long hi, long lo) {
        long[] p = new long[2];
        unseal(hi, lo, p);
        int s = (int) (p[1] & 0x7FFF);
        int t = (int) ((p[1] >>> 15) & 0x1F);
        long nLo = ((p[1] >>> 20) | (p[0] << 32)) & MASK52;
        long nHi = p[0] >>> 20;
        StringBuilder state = new StringBuilder();
        for (int c : new int[] {s / 729, s / 27 % 27, s % 27}) {
            if (c != 0) {
                state.append((char) ('A' + c - 1));
            }
        }
        StringBuilder number = new StringBuilder();
        while (nHi != 0 || nLo != 0) {
            // n := n - 1, then digit = n mod 36, n := n / 36 (bijective numeration).
            if (nLo == 0) {
                nHi--;
                nLo = MASK52;
            } else {
                nLo--;
            }
            long qHi = nHi / 36;
            long rest = ((nHi % 36) << 52) | nLo;
            int d = (int) (rest % 36);
            nHi = qHi;
            nLo = rest / 36;
            number.append((char) (d < 10 ? '0' + d : 'A' + d - 10));
        }
        return new String[] {state.toString(), String.valueOf((char) ('A' + t)), number.reverse().toString()};
    }

    /** A human sentence for a problem code from {@link #seal}; never contains the key itself. */
    static String describe(int problem) {
        int position = problem & 0xFF;
        return switch (problem >>> 8) {
            case STATE_INVALID -> "issuing state is not 1 to 3 letters A-Z (character " + position + ")";
            case TYPE_INVALID -> "document type does not start with a letter A-Z (character " + position + ")";
            case NUMBER_EMPTY -> "document number is empty";
            case NUMBER_TOO_LONG -> "document number has more than " + MAX_NUMBER_LENGTH + " characters";
            case NUMBER_BAD_CHARACTER -> "document number has a character outside A-Z 0-9 at position " + position;
            default -> "key is valid";
        };
    }

    static int compare(long hiA, long loA, long hiB, long loB) {
        int c = Long.compare(hiA, hiB);
        return c != 0 ? c : Long.compare(loA, loB);
    }

    private static long round(long x, long key) {
        long z = x ^ key;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & MASK52;
    }

    private static int letter(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a';
        }
        return -1;
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        int letter = letter(c);
        return letter < 0 ? -1 : 10 + letter;
    }

    private static int trimmedStart(CharSequence s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int trimmedEnd(CharSequence s) {
        int i = s.length();
        while (i > 0 && Character.isWhitespace(s.charAt(i - 1))) {
            i--;
        }
        return i;
    }
}
