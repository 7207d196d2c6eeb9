package org.openegate.gate.stats;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The period statistics are counted over, on a fixed UTC grid. Fixed so that no two exports of one granularity
 * overlap partially: overlapping windows could be subtracted to reveal a suppressed cell.
 */
public enum Granularity {
    HOUR(ChronoUnit.HOURS),
    DAY(ChronoUnit.DAYS);

    private final ChronoUnit unit;

    Granularity(ChronoUnit unit) {
        this.unit = unit;
    }

    /** The start of the period holding {@code instant} (UTC). */
    public Instant floor(Instant instant) {
        return instant.truncatedTo(unit);
    }

    public Duration length() {
        return unit.getDuration();
    }
}
