package org.openegate.gate.risk.names;

/**
 * Compares two packed dates of birth ({@link DateOfBirth#packed()}). The rule, from the "exact,
 * partial, or year ±1": a complete date must agree (day and month swapped, a common data-entry error, is
 * kept with less weight; so is a year one off with day and month equal, a typo in the year); a partial list
 * date (1970-00-00) must agree on the parts it knows; an approximate list date (~1970) takes any year within
 * one. Anything else contradicts, and a contradicting date keeps the match from alerting.
 */
final class DobRule {

    private DobRule() {
    }

    static MatchKind compare(int listed, int traveller) {
        boolean approximate = ((listed | traveller) & DateOfBirth.APPROXIMATE_BIT) != 0;
        listed &= ~DateOfBirth.APPROXIMATE_BIT;
        traveller &= ~DateOfBirth.APPROXIMATE_BIT;
        int ly = listed / 10000;
        int ty = traveller / 10000;
        if (ly == 0 || ty == 0) {
            return MatchKind.DOB_UNKNOWN;
        }
        if (approximate) {
            return Math.abs(ly - ty) <= 1 ? MatchKind.DOB_YEAR_CLOSE : MatchKind.DOB_MISMATCH;
        }
        int lm = listed / 100 % 100;
        int tm = traveller / 100 % 100;
        int ld = listed % 100;
        int td = traveller % 100;
        boolean monthAgrees = lm == 0 || tm == 0 || lm == tm;
        boolean dayAgrees = ld == 0 || td == 0 || ld == td;
        if (ly == ty) {
            if (monthAgrees && dayAgrees) {
                return lm != 0 && tm != 0 && ld != 0 && td != 0 ? MatchKind.DOB_EXACT : MatchKind.DOB_PARTIAL;
            }
            if (lm == td && ld == tm && lm != 0 && ld != 0) {
                return MatchKind.DOB_DAY_MONTH_SWAPPED;
            }
            return MatchKind.DOB_MISMATCH;
        }
        boolean complete = lm != 0 && ld != 0 && tm != 0 && td != 0;
        return Math.abs(ly - ty) == 1 && complete && lm == tm && ld == td ? MatchKind.DOB_YEAR_CLOSE
                : MatchKind.DOB_MISMATCH;
    }

    /**
     * How much the date adds to or takes from the name score. A complete equal date is strong evidence (one day
     * in some 24,000); a year alone, an approximate year or no date at all is weak, so then only a name very
     * close to the listed one reaches the threshold.
     */
    static double adjustment(int listed, int traveller, MatchKind kind) {
        return switch (kind) {
            case DOB_EXACT -> EXACT;
            case DOB_PARTIAL -> (listed / 100 % 100 != 0 && traveller / 100 % 100 != 0) ? YEAR_MONTH : YEAR_ONLY;
            case DOB_YEAR_CLOSE -> ((listed | traveller) & DateOfBirth.APPROXIMATE_BIT) != 0 ? APPROXIMATE
                    : FULL_DATE_VARIANT;
            case DOB_DAY_MONTH_SWAPPED -> FULL_DATE_VARIANT;
            case DOB_UNKNOWN -> UNKNOWN;
            default -> CONTRADICTS;
        };
    }

    /**
     * How much room the date leaves for a namesake, 0..1: none with a full date (one day in ~24,000, or a
     * typo-like variant of it), half with a year and month (one in ~700), all with a year only, an
     * approximate year or no date. Scales the commonness penalty (PersonWatchlist.COMMON_NAT).
     */
    static double weakness(int listed, int traveller, MatchKind kind) {
        return switch (kind) {
            case DOB_PARTIAL -> (listed / 100 % 100 != 0 && traveller / 100 % 100 != 0) ? 0.5 : 1.0;
            case DOB_YEAR_CLOSE -> ((listed | traveller) & DateOfBirth.APPROXIMATE_BIT) != 0 ? 1.0 : 0.0;
            case DOB_UNKNOWN -> 1.0;
            default -> 0.0;
        };
    }

    // Graded date evidence. A full equal date is one day in ~24,000: strongly positive. A full date with one
    // typo-like difference (day/month swapped, year one off) is still specific. A year and month is one in
    // ~700, a year alone one in ~60, an approximate year one in ~20, no date nothing: the name must then carry
    // the match nearly alone. A contradicting date keeps any name from alerting.
    static final double EXACT = 0.08;
    static final double FULL_DATE_VARIANT = -0.02;
    static final double YEAR_MONTH = -0.04;
    static final double YEAR_ONLY = -0.10;
    static final double APPROXIMATE = -0.13;
    static final double UNKNOWN = -0.13;
    static final double CONTRADICTS = -0.5;
    static final double MAX_ADJUSTMENT = Math.max(EXACT, 0);
}
