package org.openegate.gate.risk.names;

/**
 * Compares two packed (YYYYMMDD, 0 = unknown part) dates of birth. Lists often know only the year
 * (1970-00-00) or carry a year off by one (age-derived entries), so those still match, with less weight.
 */
final class DobRule {

    private DobRule() {
    }

    static MatchKind compare(int listed, int traveller) {
        int ly = listed / 10000;
        int ty = traveller / 10000;
        if (ly == 0 || ty == 0) {
            return MatchKind.DOB_UNKNOWN;
        }
        int lm = listed / 100 % 100;
        int tm = traveller / 100 % 100;
        int ld = listed % 100;
        int td = traveller % 100;
        if (ly == ty) {
            boolean monthAgrees = lm == 0 || tm == 0 || lm == tm;
            boolean dayAgrees = ld == 0 || td == 0 || ld == td;
            if (monthAgrees && dayAgrees) {
                return lm != 0 && tm != 0 && ld != 0 && td != 0 ? MatchKind.DOB_EXACT : MatchKind.DOB_PARTIAL;
            }
            if (lm == td && ld == tm && lm != 0 && ld != 0) {
                return MatchKind.DOB_DAY_MONTH_SWAPPED;
            }
            return MatchKind.DOB_YEAR_CLOSE;
        }
        return Math.abs(ly - ty) <= 1 ? MatchKind.DOB_YEAR_CLOSE : MatchKind.DOB_MISMATCH;
    }
}
