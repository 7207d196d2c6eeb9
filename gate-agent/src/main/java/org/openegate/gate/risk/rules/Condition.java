package org.openegate.gate.risk.rules;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** One compiled test of a rule's {@code when}. A condition on an attribute the traveller lacks is false. */
sealed interface Condition {

    /** The crossing seen in the policy's time zone, and the validity assumed when the issue date is unknown. */
    record Context(ZonedDateTime local, int assumedValidityYears) {
    }

    boolean test(TravellerAttributes traveller, Context context);

    /** {@code in} or {@code notIn} over a code attribute. */
    record InSet(Function<TravellerAttributes, Optional<String>> attribute, Set<String> values, boolean negated,
            boolean prefixOfOne) implements Condition {
        @Override
        public boolean test(TravellerAttributes traveller, Context context) {
            return attribute.apply(traveller).map(v -> contains(v) != negated).orElse(false);
        }

        private boolean contains(String value) {
            // A one-letter document code names the family (9303-4 §4.2.2: P, PD, PO... are all passports).
            return values.contains(value) || (prefixOfOne && !value.isEmpty() && values.contains(value.substring(0, 1)));
        }
    }

    /** An inclusive range over an integer the traveller's data and the crossing time give. */
    record Range(Function<Derived, Optional<Long>> attribute, long min, long max) implements Condition {
        @Override
        public boolean test(TravellerAttributes traveller, Context context) {
            return attribute.apply(new Derived(traveller, context)).map(v -> v >= min && v <= max).orElse(false);
        }
    }

    /** Local time of day in [from, to); a window with to before from wraps midnight. */
    record TimeOfDay(LocalTime from, LocalTime to) implements Condition {
        @Override
        public boolean test(TravellerAttributes traveller, Context context) {
            LocalTime t = context.local().toLocalTime();
            return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
        }
    }

    record DaysOfWeek(Set<DayOfWeek> days) implements Condition {
        @Override
        public boolean test(TravellerAttributes traveller, Context context) {
            return days.contains(context.local().getDayOfWeek());
        }
    }

    /** The rule is in force in [from, until). */
    record InForce(Instant from, Instant until) implements Condition {
        @Override
        public boolean test(TravellerAttributes traveller, Context context) {
            Instant at = traveller.at();
            return !at.isBefore(from) && at.isBefore(until);
        }
    }

    /** Values computed from the traveller's dates at the crossing date (local to the policy's zone). */
    record Derived(TravellerAttributes traveller, Context context) {

        LocalDate today() {
            return context.local().toLocalDate();
        }

        Optional<Long> ageYears() {
            return traveller.dateOfBirth().filter(dob -> !dob.isAfter(today()))
                    .map(dob -> (long) Period.between(dob, today()).getYears());
        }

        /** Days since issue; without an issue date, estimated as expiry minus the assumed validity. */
        Optional<Long> documentAgeDays() {
            Optional<LocalDate> issued = traveller.dateOfIssue()
                    .or(() -> traveller.dateOfExpiry().map(e -> e.minusYears(context.assumedValidityYears())));
            return issued.map(i -> ChronoUnit.DAYS.between(i, today()));
        }

        Optional<Long> daysToExpiry() {
            return traveller.dateOfExpiry().map(e -> ChronoUnit.DAYS.between(today(), e));
        }
    }
}
