package org.openegate.gate.stats;

import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openegate.gate.journal.Journal;
import org.openegate.gate.risk.rules.Direction;

/**
 * Statistics from a gate's journal, k-suppressed. The gate publishes {@link #payloadFor} once per completed UTC hour
 * on the stats stream; {@code egate stats} exports {@link #between}.
 *
 * <p>Why hours in UTC: local hours repeat or vanish at daylight-saving changes, and central systems add gates
 * from several time zones. Each crossing counts in the hour its transaction started.
 */
public final class HourlyStatistics {

    /** The default k: cells with fewer crossings are never published. */
    public static final int DEFAULT_K = 5;
    /** Below 2 nothing would be suppressed; above this the tables would be empty at any real gate. */
    public static final int MIN_K = 2;
    public static final int MAX_K = 1000;
    /** Most periods one call reports, so a mistyped range cannot fill memory. */
    public static final int MAX_PERIODS = 50_000;

    private final Journal journal;
    private final String gateId;
    private final Optional<Direction> gateDirection;
    private final int k;

    /**
     * @param gateDirection the gate's direction, for records whose statistics carry no {@code direction}
     * @param k             the suppression threshold, {@value #MIN_K}..{@value #MAX_K}
     */
    public HourlyStatistics(Journal journal, String gateId, Optional<Direction> gateDirection, int k) {
        if (k < MIN_K || k > MAX_K) {
            throw new IllegalArgumentException("k must be " + MIN_K + ".." + MAX_K + ", was " + k);
        }
        this.journal = journal;
        this.gateId = gateId;
        this.gateDirection = gateDirection;
        this.k = k;
    }

    /** The start of the last hour that has completely passed: the one to publish now. */
    public static Instant lastCompleteHour(Clock clock) {
        return Granularity.HOUR.floor(clock.instant()).minus(Granularity.HOUR.length());
    }

    /** The statistics of the UTC hour starting at {@code hourStart}, which must be a whole hour. */
    public PeriodStatistics hour(Instant hourStart) throws SQLException {
        if (!Granularity.HOUR.floor(hourStart).equals(hourStart)) {
            throw new IllegalArgumentException("an hour starts on the hour (UTC), not at " + hourStart);
        }
        return between(hourStart, hourStart.plus(Granularity.HOUR.length()), Granularity.HOUR).get(0);
    }

    /** The stats-stream payload of one UTC hour, without {@code eventId} (the outbox adds it). */
    public JsonObject payloadFor(Instant hourStart) throws SQLException {
        return hour(hourStart).toJson(gateId);
    }

    /**
     * Every period of the grid that overlaps [from, to), empty ones included, oldest first. {@code from} is moved
     * back and {@code to} forward to period bounds, so each period is counted whole.
     */
    public List<PeriodStatistics> between(Instant from, Instant to, Granularity granularity) throws SQLException {
        Instant first = granularity.floor(from);
        Instant last = granularity.floor(to).equals(to) ? to : granularity.floor(to).plus(granularity.length());
        if (!first.isBefore(last)) {
            throw new IllegalArgumentException("from " + from + " is not before to " + to);
        }
        long periods = java.time.Duration.between(first, last).dividedBy(granularity.length());
        if (periods > MAX_PERIODS) {
            throw new IllegalArgumentException(periods + " periods from " + from + " to " + to + " exceed "
                    + MAX_PERIODS + "; use a shorter range or a coarser granularity");
        }
        List<Aggregator> aggregators = new ArrayList<>((int) periods);
        for (Instant p = first; p.isBefore(last); p = p.plus(granularity.length())) {
            aggregators.add(new Aggregator(p, p.plus(granularity.length()), k, gateDirection));
        }
        journal.forEachStatistics(first, last, row -> {
            int index = (int) java.time.Duration.between(first, granularity.floor(row.startedAt()))
                    .dividedBy(granularity.length());
            aggregators.get(index).add(row);
        });
        return aggregators.stream().map(Aggregator::result).toList();
    }

    public int k() {
        return k;
    }

    public String gateId() {
        return gateId;
    }
}
