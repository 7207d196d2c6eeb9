package org.openegate.crypto.mrz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.openegate.crypto.mrz.MrzException.Reason;

/** Century resolution (MrzDates): birth never after today, expiry within [today - 80 years, today + 20 years). */
class MrzDatesTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);

    @Test
    void birth_isTheLatestDateNotAfterToday() {
        assertThat(MrzDates.birth("740812", TODAY)).isEqualTo(LocalDate.of(1974, 8, 12));
        assertThat(MrzDates.birth("261128", TODAY)).isEqualTo(LocalDate.of(2026, 11, 28));
        assertThat(MrzDates.birth("261129", TODAY)).isEqualTo(LocalDate.of(1926, 11, 29));
        assertThat(MrzDates.birth("000229", TODAY)).isEqualTo(LocalDate.of(2000, 2, 29));
        // 2024 is a leap year and in the past.
        assertThat(MrzDates.birth("240229", TODAY)).isEqualTo(LocalDate.of(2024, 2, 29));
    }

    @Test
    void birth_29FebruaryWithNoLeapYearInRange_isBadDate() {
        // 2029 is in the future and 1929 is a common year.
        assertThatThrownBy(() -> MrzDates.birth("290229", TODAY))
                .isInstanceOfSatisfying(MrzException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.BAD_DATE);
                    assertThat(e.field()).isEqualTo("dateOfBirth");
                });
    }

    @Test
    void expiry_windowEdges() {
        // Window [1946-11-28, 2046-11-28).
        assertThat(MrzDates.expiry("120415", TODAY)).isEqualTo(LocalDate.of(2012, 4, 15));
        assertThat(MrzDates.expiry("361231", TODAY)).isEqualTo(LocalDate.of(2036, 12, 31));
        assertThat(MrzDates.expiry("461127", TODAY)).isEqualTo(LocalDate.of(2046, 11, 27));
        assertThat(MrzDates.expiry("461128", TODAY)).isEqualTo(LocalDate.of(1946, 11, 28));
        assertThat(MrzDates.expiry("950712", TODAY)).isEqualTo(LocalDate.of(1995, 7, 12));
        assertThat(MrzDates.expiry("280229", TODAY)).isEqualTo(LocalDate.of(2028, 2, 29));
        // Near a century change the window moves with the clock.
        assertThat(MrzDates.expiry("050101", LocalDate.of(2098, 6, 1))).isEqualTo(LocalDate.of(2105, 1, 1));
    }

    @Test
    void expiry_farFutureDigitsReadAsLongExpired_soTheGateRefers() {
        // No document is issued for 40 years: 2066 would be a forgery's expiry, 1966 makes the document expired.
        assertThat(MrzDates.expiry("661231", TODAY)).isEqualTo(LocalDate.of(1966, 12, 31));
        assertThat(MrzDates.expiry("661231", TODAY)).isBefore(TODAY);
    }

    @Test
    void expiry_windowEdgeOnALeapDay() {
        // today 2028-02-29: the window is [1948-02-29, 2048-02-29), the end excluded.
        LocalDate leap = LocalDate.of(2028, 2, 29);
        assertThat(MrzDates.expiry("480229", leap)).isEqualTo(LocalDate.of(1948, 2, 29));
        assertThat(MrzDates.expiry("480228", leap)).isEqualTo(LocalDate.of(2048, 2, 28));
        assertThat(MrzDates.expiry("280229", leap)).isEqualTo(LocalDate.of(2028, 2, 29));
    }

    @Test
    void birth_acrossACenturyTurn() {
        LocalDate newCentury = LocalDate.of(2100, 1, 1);
        assertThat(MrzDates.birth("000101", newCentury)).isEqualTo(LocalDate.of(2100, 1, 1));
        assertThat(MrzDates.birth("000102", newCentury)).isEqualTo(LocalDate.of(2000, 1, 2));
        assertThat(MrzDates.birth("991231", newCentury)).isEqualTo(LocalDate.of(2099, 12, 31));
        // 2100 is not a leap year, 2000 was.
        assertThat(MrzDates.birth("000229", newCentury)).isEqualTo(LocalDate.of(2000, 2, 29));
    }

    @Test
    void mrz_expiryWindowEdgeFollowsTheClockZone() {
        Mrz m = Mrz.parse(MrzTest.TD1_L1, MrzTest.TD1_L2, MrzTest.TD1_L3); // expiry 950712
        // On 2075-07-12 the window still starts on 1995-07-12: the document expired 80 years ago.
        Clock lastDay = Clock.fixed(Instant.parse("2075-07-12T12:00:00Z"), ZoneOffset.UTC);
        assertThat(m.resolvedDateOfExpiry(lastDay)).isEqualTo(LocalDate.of(1995, 7, 12));
        // A day later the same digits are read as 2095.
        Clock nextDay = Clock.fixed(Instant.parse("2075-07-13T12:00:00Z"), ZoneOffset.UTC);
        assertThat(m.resolvedDateOfExpiry(nextDay)).isEqualTo(LocalDate.of(2095, 7, 12));
        // The same instant as nextDay's morning is still 12 July at UTC-5.
        Clock west = Clock.fixed(Instant.parse("2075-07-13T02:00:00Z"), ZoneOffset.ofHours(-5));
        assertThat(m.resolvedDateOfExpiry(west)).isEqualTo(LocalDate.of(1995, 7, 12));
    }

    @Test
    void unknownOrMisreadOrImpossibleDates_areBadDate_withoutTheDigitsInTheMessage() {
        for (String raw : new String[] {"7408<<", "74O812", "741312", "740800", "740832", "740431", "<<<<<<"}) {
            assertThatThrownBy(() -> MrzDates.birth(raw, TODAY))
                    .isInstanceOfSatisfying(MrzException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.BAD_DATE);
                        assertThat(e.getMessage()).doesNotContain("74");
                    });
        }
        assertThatThrownBy(() -> MrzDates.expiry("250431", TODAY)).isInstanceOf(MrzException.class)
                .hasFieldOrPropertyWithValue("reason", Reason.BAD_DATE);
    }

    @Test
    void mrz_resolvesThroughTheInjectedClock() {
        Mrz m = Mrz.parse(MrzTest.TD1_L1, MrzTest.TD1_L2, MrzTest.TD1_L3);
        Clock clock = Clock.fixed(Instant.parse("2026-11-28T23:59:59Z"), ZoneOffset.UTC);
        assertThat(m.resolvedDateOfBirth(clock)).isEqualTo(LocalDate.of(1934, 7, 12));
        assertThat(m.resolvedDateOfExpiry(clock)).isEqualTo(LocalDate.of(1995, 7, 12));
        // The clock's zone decides "today".
        Clock earlier = Clock.fixed(Instant.parse("2034-07-12T02:00:00Z"), ZoneOffset.ofHours(-5));
        assertThat(m.resolvedDateOfBirth(earlier)).isEqualTo(LocalDate.of(1934, 7, 12));
        Clock sameDay = Clock.fixed(Instant.parse("2034-07-12T06:00:00Z"), ZoneOffset.ofHours(-5));
        assertThat(m.resolvedDateOfBirth(sameDay)).isEqualTo(LocalDate.of(2034, 7, 12));
    }
}
