package org.openegate.crypto.mrz;

import java.time.DateTimeException;
import java.time.LocalDate;
import org.openegate.crypto.mrz.MrzException.Reason;

/**
 * Century resolution of the MRZ's YYMMDD dates (9303-3 gives only two year digits).
 *
 * <p>Date of birth: the latest calendar date with those digits that is not after today. A birth date cannot lie in
 * the future; the cost is that a holder over 100 is placed a century late, which no two-digit rule can avoid.
 *
 * <p>Date of expiry: the date with those digits in the window [today - 80 years, today + 20 years). The window is
 * lopsided on purpose, so that it fails safe: no travel document is issued for 20 years, so digits that would put
 * the expiry further ahead than that are read as a document that expired long ago, and the gate refers the traveller
 * instead of accepting a forged far-future expiry as valid.
 *
 * <p>Source: no public text of BSI TR-03135 we could consult (parts 1 to 3, v2.3 and v2.5) states a century rule for
 * the two-digit year, so this window is our own documented rule, not a quotation of the TR.
 *
 * <p>"Today" is the date in the zone of the {@link java.time.Clock} the caller injects (see
 * {@link Mrz#resolvedDateOfExpiry}).
 */
final class MrzDates {

    /** How far back an expiry date may lie, and how far ahead. */
    static final int EXPIRY_YEARS_BACK = 80;
    static final int EXPIRY_YEARS_AHEAD = 20;

    private MrzDates() {}

    static LocalDate birth(String yymmdd, LocalDate today) {
        int[] ymd = digits(yymmdd, Mrz.CHECK_DATE_OF_BIRTH);
        int century = today.getYear() / 100 * 100;
        for (int c = century; c >= century - 100; c -= 100) {
            LocalDate d = date(c + ymd[0], ymd[1], ymd[2]);
            if (d != null && !d.isAfter(today)) {
                return d;
            }
        }
        throw new MrzException(Reason.BAD_DATE, Mrz.CHECK_DATE_OF_BIRTH, 0, 0,
                "no calendar date with these digits lies in the 100 years up to today");
    }

    static LocalDate expiry(String yymmdd, LocalDate today) {
        int[] ymd = digits(yymmdd, Mrz.CHECK_DATE_OF_EXPIRY);
        LocalDate from = today.minusYears(EXPIRY_YEARS_BACK);
        LocalDate to = today.plusYears(EXPIRY_YEARS_AHEAD);
        int century = today.getYear() / 100 * 100;
        for (int c = century - 100; c <= century + 100; c += 100) {
            int year = c + ymd[0];
            if (year >= from.getYear() - 1 && year <= to.getYear()) {
                LocalDate d = date(year, ymd[1], ymd[2]);
                if (d != null && !d.isBefore(from) && d.isBefore(to)) {
                    return d;
                }
            }
        }
        throw new MrzException(Reason.BAD_DATE, Mrz.CHECK_DATE_OF_EXPIRY, 0, 0,
                "not a calendar date (or 29 February of a year that has none)");
    }

    /** YY, MM, DD as numbers; refuses fillers (unknown parts, 9303-3 dates) and misread letters. */
    private static int[] digits(String yymmdd, String field) {
        if (yymmdd == null || yymmdd.length() != 6) {
            throw new MrzException(Reason.BAD_DATE, field, 0, 0, "a date has 6 characters YYMMDD");
        }
        for (int i = 0; i < 6; i++) {
            char c = yymmdd.charAt(i);
            if (c < '0' || c > '9') {
                throw new MrzException(Reason.BAD_DATE, field, 0, i + 1,
                        "not a digit; the date is unknown in part or misread");
            }
        }
        int yy = Integer.parseInt(yymmdd.substring(0, 2));
        int mm = Integer.parseInt(yymmdd.substring(2, 4));
        int dd = Integer.parseInt(yymmdd.substring(4, 6));
        if (mm < 1 || mm > 12) {
            throw new MrzException(Reason.BAD_DATE, field, 0, 3, "month is not 01-12");
        }
        if (dd < 1 || dd > 31) {
            throw new MrzException(Reason.BAD_DATE, field, 0, 5, "day is not 01-31");
        }
        return new int[] {yy, mm, dd};
    }

    private static LocalDate date(int year, int month, int day) {
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null; // e.g. 31 April, or 29 February of a common year: the caller tries another century
        }
    }
}
