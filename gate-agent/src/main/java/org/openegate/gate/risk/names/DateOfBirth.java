package org.openegate.gate.risk.names;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * A date of birth that may be partly unknown, as watchlists and 9303-3 §4.6.3 allow: 0 stands for an unknown
 * year, month or day ("1970-00-00" is "some day in 1970"). {@link #UNKNOWN} knows nothing. An approximate date
 * ("~1970", sanctions lists' "circa 1970") matches any year within one of it.
 *
 * <p>Dates are personal data: {@link #toString()} prints only which parts are known.
 */
public record DateOfBirth(int year, int month, int day, boolean approximate) {

    public static final DateOfBirth UNKNOWN = new DateOfBirth(0, 0, 0);

    public DateOfBirth(int year, int month, int day) {
        this(year, month, day, false);
    }

    /** A year known to within one either way. */
    public static DateOfBirth circa(int year) {
        return new DateOfBirth(year, 0, 0, true);
    }

    public DateOfBirth {
        if (approximate && (year == 0 || month != 0 || day != 0)) {
            throw new NameScreeningException(NameScreeningException.Reason.BAD_DATE,
                    "an approximate date has a year and nothing else");
        }
        if (year < 0 || year > 9999 || month < 0 || month > 12 || day < 0 || day > 31) {
            throw new NameScreeningException(NameScreeningException.Reason.BAD_DATE,
                    "date part out of range (year 0-9999, month 0-12, day 0-31)");
        }
        if (year == 0 && (month != 0 || day != 0)) {
            throw new NameScreeningException(NameScreeningException.Reason.BAD_DATE,
                    "month or day known without a year");
        }
        if (year != 0 && month != 0 && day != 0) {
            try {
                LocalDate.of(year, month, day);
            } catch (DateTimeException e) {
                throw new NameScreeningException(NameScreeningException.Reason.BAD_DATE,
                        "day " + day + " does not exist in month " + month);
            }
        }
    }

    /**
     * Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD", where 00 (or XX) marks an unknown part, or "~YYYY" for an
     * approximate year; empty or null gives {@link #UNKNOWN}.
     */
    public static DateOfBirth parse(String text) {
        if (text == null || text.isBlank()) {
            return UNKNOWN;
        }
        String t = text.trim();
        if (t.startsWith("~")) {
            if (t.length() != 5) {
                throw new NameScreeningException(NameScreeningException.Reason.BAD_DATE,
                        "approximate date is not ~YYYY");
            }
            return circa(part(t.substring(1), 4));
        }
        if (t.length() > 10) {
            throw new NameScreeningException(NameScreeningException.Reason.BAD_DATE,
                    "date has " + t.length() + " characters, at most 10 (YYYY-MM-DD)");
        }
        String[] parts = t.split("-", -1);
        if (parts.length > 3 || parts[0].length() != 4) {
            throw new NameScreeningException(NameScreeningException.Reason.BAD_DATE,
                    "date is not YYYY[-MM[-DD]]");
        }
        int year = part(parts[0], 4);
        int month = parts.length > 1 ? part(parts[1], 2) : 0;
        int day = parts.length > 2 ? part(parts[2], 2) : 0;
        return new DateOfBirth(year, month, day);
    }

    /**
     * Reads an MRZ date of birth (YYMMDD, 9303-3 §4.6.3: unknown parts may be filled with '<'). The century is
     * the one that puts the date not after {@code today}.
     */
    public static DateOfBirth fromMrz(String yymmdd, LocalDate today) {
        if (yymmdd == null || yymmdd.length() != 6) {
            throw new NameScreeningException(NameScreeningException.Reason.BAD_DATE,
                    "MRZ date must have 6 characters, got " + (yymmdd == null ? "null" : yymmdd.length()));
        }
        if (yymmdd.startsWith("<<")) {
            return UNKNOWN;
        }
        int yy = part(yymmdd.substring(0, 2), 2);
        int mm = part(yymmdd.substring(2, 4), 2);
        int dd = part(yymmdd.substring(4, 6), 2);
        int year = 2000 + yy;
        if (year > today.getYear()) {
            year -= 100;
        }
        return new DateOfBirth(year, mm, dd);
    }

    private static int part(String s, int width) {
        if (s.length() != width) {
            throw new NameScreeningException(NameScreeningException.Reason.BAD_DATE,
                    "date part has " + s.length() + " characters, expected " + width);
        }
        if (s.chars().allMatch(c -> c == '<' || c == 'X' || c == 'x')) {
            return 0; // unknown part (9303-3 §4.6.3 fills unknown parts)
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new NameScreeningException(NameScreeningException.Reason.BAD_DATE,
                        "non-digit at offset " + i + " of a date part");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    public boolean isUnknown() {
        return year == 0;
    }

    public boolean isComplete() {
        return year != 0 && month != 0 && day != 0;
    }

    /** Packed as YYYYMMDD, plus {@link #APPROXIMATE_BIT}, for compact storage. */
    int packed() {
        return year * 10000 + month * 100 + day + (approximate ? APPROXIMATE_BIT : 0);
    }

    static final int APPROXIMATE_BIT = 1 << 30;

    @Override
    public String toString() {
        return isUnknown() ? "DateOfBirth[unknown]"
                : "DateOfBirth[redacted, " + (approximate ? "approximate" : isComplete() ? "complete" : "partial")
                        + "]";
    }
}
