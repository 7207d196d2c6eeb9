package org.openegate.provisioning.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrustListAgeTest {

    // 2026-11-27 is a Friday.
    static final Instant FRIDAY_10 = Instant.parse("2026-11-27T10:00:00Z");

    static TrustListAge at(String now, int days) {
        return new TrustListAge(Clock.fixed(Instant.parse(now), ZoneOffset.UTC), days);
    }

    @Test
    void weekendIsNotCounted() {
        TrustListAge.Status s = at("2026-12-01T09:00:00Z", 3).check(Optional.of(FRIDAY_10)); // Tuesday 09:00
        assertThat(s.state()).isEqualTo(TrustListAge.State.OK);
        assertThat(s.workingAge()).isEqualTo(Duration.ofHours(14 + 24 + 9));
        assertThat(s.age()).isEqualTo(Duration.ofHours(95));
    }

    @Test
    void staleJustAfterThreeWorkingDays() {
        assertThat(at("2026-12-02T10:00:00Z", 3).check(Optional.of(FRIDAY_10)).state()) // Wednesday 10:00, exactly 72 h
                .isEqualTo(TrustListAge.State.OK);
        TrustListAge.Status s = at("2026-12-02T10:00:01Z", 3).check(Optional.of(FRIDAY_10));
        assertThat(s.state()).isEqualTo(TrustListAge.State.STALE);
        assertThat(s.workingAge()).isEqualTo(Duration.ofHours(72).plusSeconds(1));
        assertThat(s.limit()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void signedOnASaturday_startsCountingOnMonday() {
        Instant saturday = Instant.parse("2026-11-28T15:00:00Z");
        TrustListAge.Status s = at("2026-12-01T12:00:00Z", 1).check(Optional.of(saturday)); // Tuesday noon
        assertThat(s.workingAge()).isEqualTo(Duration.ofHours(36));
        assertThat(s.state()).isEqualTo(TrustListAge.State.STALE);
    }

    @Test
    void holidaysAreNotCounted() {
        Clock tuesday = Clock.fixed(Instant.parse("2026-12-01T09:00:00Z"), ZoneOffset.UTC);
        TrustListAge withHoliday = new TrustListAge(tuesday, 3, Set.of(LocalDate.parse("2026-11-30")));
        assertThat(withHoliday.check(Optional.of(FRIDAY_10)).workingAge()).isEqualTo(Duration.ofHours(14 + 9));
    }

    @Test
    void countsInTheClocksTimeZone() {
        // Friday 23:30 in Tokyo is Friday 14:30 UTC; Saturday begins 30 minutes later there
        Clock tokyo = Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"), ZoneId.of("Asia/Tokyo")); // Sat 09:00 JST
        Instant fridayLate = Instant.parse("2026-11-27T14:30:00Z");
        assertThat(new TrustListAge(tokyo, 3).check(Optional.of(fridayLate)).workingAge()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void missingAndFutureLists() {
        assertThat(at("2026-12-01T09:00:00Z", 3).check(Optional.empty()).state()).isEqualTo(TrustListAge.State.MISSING);
        TrustListAge.Status future = at("2026-11-27T09:00:00Z", 3).check(Optional.of(FRIDAY_10));
        assertThat(future.state()).isEqualTo(TrustListAge.State.OK);
        assertThat(future.workingAge()).isZero();
    }

    @Test
    void aVeryOldListIsStale() {
        assertThat(at("2026-12-01T09:00:00Z", 3).check(Optional.of(Instant.parse("2016-01-01T00:00:00Z"))).state())
                .isEqualTo(TrustListAge.State.STALE);
    }

    @Test
    void limitIsChecked() {
        assertThatThrownBy(() -> new TrustListAge(Clock.systemUTC(), 0)).hasMessageContaining("maxWorkingDays 0");
    }
}
