package org.openegate.gate.risk.names;

/** Edit-distance checks bounded at one edit, so they cost one pass and never a matrix. */
final class Edits {

    private Edits() {
    }

    /** True if a and b are at most one substitution, insertion, deletion or adjacent swap apart. */
    static boolean withinOne(String a, String b) {
        int la = a.length();
        int lb = b.length();
        if (Math.abs(la - lb) > 1) {
            return false;
        }
        if (la == lb) {
            int first = -1;
            for (int i = 0; i < la; i++) {
                if (a.charAt(i) != b.charAt(i)) {
                    first = i;
                    break;
                }
            }
            if (first < 0) {
                return true;
            }
            // one substitution, or an adjacent swap
            if (a.regionMatches(first + 1, b, first + 1, la - first - 1)) {
                return true;
            }
            return first + 1 < la && a.charAt(first) == b.charAt(first + 1) && a.charAt(first + 1) == b.charAt(first)
                    && a.regionMatches(first + 2, b, first + 2, la - first - 2);
        }
        String longer = la > lb ? a : b;
        String shorter = la > lb ? b : a;
        int i = 0;
        while (i < shorter.length() && shorter.charAt(i) == longer.charAt(i)) {
            i++;
        }
        return shorter.regionMatches(i, longer, i + 1, shorter.length() - i);
    }
}
