package org.openegate.provisioning.bundle;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the gate's trust list is too old. BSI TR-03135 expects CSCA and CRL updates to reach a gate at least
 * every few working days (3 by default), so the age is counted in working time: the hours between the trust
 * list's signing and now, leaving out Saturdays, Sundays and the given public holidays, in the clock's time zone.
 * A list signed on Friday at 10:00 is 47 working hours old on Tuesday at 09:00 (14 + 24 + 9), and becomes
 * stale with a limit of 3 working days on Wednesday just after 10:00.
 *
 * <p>The lead publishes {@link #check} as a health value and raises an alarm on {@link State#STALE} or
 * {@link State#MISSING}.
 */
public final class TrustListAge {

    /** The result of a check. */
    public enum State {
        /** Younger than the limit. */
        OK,
        /** Older than the limit: the gate must alarm. */
        STALE,
        /** No trust list was ever installed. */
        MISSING
    }

    /**
     * @param state       OK, STALE or MISSING
     * @param issuedAt    when the trust list was signed, if there is one
     * @param age         wall-clock time since then (zero if it was signed in the future)
     * @param workingAge  working time since then (weekends and holidays left out)
     * @param limit       the configured limit, as working time
     */
    public record Status(State state, Optional<Instant> issuedAt, Duration age, Duration workingAge, Duration limit) {
    }

    private final Clock clock;
    private final int maxWorkingDays;
    private final Set<LocalDate> holidays;

    /** With weekends, but no holidays, left out. */
    public TrustListAge(Clock clock, int maxWorkingDays) {
        this(clock, maxWorkingDays, Set.of());
    }

    /**
     * @throws IllegalArgumentException if {@code maxWorkingDays} is outside 1..60
     */
    public TrustListAge(Clock clock, int maxWorkingDays, Set<LocalDate> holidays) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxWorkingDays < 1 || maxWorkingDays > 60) {
            throw new IllegalArgumentException("maxWorkingDays " + maxWorkingDays + " is outside 1..60");
        }
        this.maxWorkingDays = maxWorkingDays;
        this.holidays = Set.copyOf(holidays);
    }

    /** The status of the trust list bundle in {@code store}, by its signing time. */
    public Status check(BundleStore store) {
        return check(store.active(BundleType.TRUSTLIST).map(VerifiedBundle::signedAt));
    }

    /** The status of a trust list signed at {@code issuedAt}, or MISSING for none. */
    public Status check(Optional<Instant> issuedAt) {
        Duration limit = Duration.ofDays(maxWorkingDays);
        if (issuedAt.isEmpty()) {
            return new Status(State.MISSING, issuedAt, Duration.ZERO, Duration.ZERO, limit);
        }
        Instant now = clock.instant();
        Instant from = issuedAt.get();
        if (!from.isBefore(now)) {
            return new Status(State.OK, issuedAt, Duration.ZERO, Duration.ZERO, limit);
        }
        Duration working = workingTime(from, now, clock.getZone());
        return new Status(working.compareTo(limit) > 0 ? State.STALE : State.OK, issuedAt, Duration.between(from, now),
                working, limit);
    }

    /** Working time between two instants: day by day, counting only the part of each working day inside. */
    Duration workingTime(Instant from, Instant to, ZoneId zone) {
        Duration total = Duration.ZERO;
        ZonedDateTime start = from.atZone(zone);
        LocalDate day = start.toLocalDate();
        LocalDate last = to.atZone(zone).toLocalDate();
        while (!day.isAfter(last)) {
            if (isWorkingDay(day)) {
                Instant dayStart = day.atStartOfDay(zone).toInstant();
                Instant dayEnd = day.plusDays(1).atStartOfDay(zone).toInstant();
                Instant a = from.isAfter(dayStart) ? from : dayStart;
                Instant b = to.isBefore(dayEnd) ? to : dayEnd;
                if (b.isAfter(a)) {
                    total = total.plus(Duration.between(a, b));
                }
            }
            day = day.plusDays(1);
        }
        return total;
    }

    private boolean isWorkingDay(LocalDate day) {
        DayOfWeek d = day.getDayOfWeek();
        return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY && !holidays.contains(day);
    }

    @Override
    public String toString() {
        return "TrustListAge[limit " + maxWorkingDays + " working days, " + holidays.size() + " holidays]";
    }
}
