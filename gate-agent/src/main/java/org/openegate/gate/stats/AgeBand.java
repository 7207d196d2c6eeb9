package org.openegate.gate.stats;

import java.time.LocalDate;
import java.time.Period;
import java.util.Optional;

/**
 * Age bands of the statistics. Coarse on purpose: with nationality, sex and the hour, a finer age would single
 * travellers out. The age is taken at the crossing date; the date of birth itself never leaves the journal's sealed
 * personal fields.
 */
public enum AgeBand {
    CHILD("0-17"),
    YOUNG_ADULT("18-29"),
    ADULT("30-44"),
    MIDDLE_AGED("45-59"),
    OLDER("60+"),
    /** No readable date of birth, or one after the crossing date. */
    UNKNOWN("UNKNOWN");

    private final String label;

    AgeBand(String label) {
        this.label = label;
    }

    /** As published and journalled ({@code "18-29"}). */
    public String label() {
        return label;
    }

    /** The band of someone born on {@code dateOfBirth} crossing on {@code crossingDate}. */
    public static AgeBand at(LocalDate dateOfBirth, LocalDate crossingDate) {
        if (dateOfBirth.isAfter(crossingDate)) {
            return UNKNOWN;
        }
        int age = Period.between(dateOfBirth, crossingDate).getYears();
        if (age < 18) {
            return CHILD;
        }
        if (age < 30) {
            return YOUNG_ADULT;
        }
        if (age < 45) {
            return ADULT;
        }
        if (age < 60) {
            return MIDDLE_AGED;
        }
        return OLDER;
    }

    /** The band with this label, if any. */
    public static Optional<AgeBand> fromLabel(String label) {
        for (AgeBand band : values()) {
            if (band.label.equals(label)) {
                return Optional.of(band);
            }
        }
        return Optional.empty();
    }
}
