package org.openegate.gate.stats;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * How long crossings took (from the traveller's entry to the decision), suppressed like the counts: histogram bins
 * under k are merged into {@code suppressed}, and percentiles are given only over at least k crossings.
 *
 * @param count      crossings measured
 * @param p50        median in ms, if count &ge; k
 * @param p90        90th percentile in ms, if count &ge; k
 * @param p95        95th percentile in ms, if count &ge; k
 * @param histogram  published bins, each with at least k crossings
 * @param suppressed crossings in bins under k
 * @param stepsP50   median ms per pipeline step (mrz, chip, passiveAuth, face, risk, decide) when measured at
 *                   least k times
 */
public record ProcessingTimes(int count, OptionalDouble p50, OptionalDouble p90, OptionalDouble p95,
        List<Bin> histogram, int suppressed, Map<String, Double> stepsP50) {

    /** Fixed bin edges in ms, the same for every gate and period so central systems can add histograms. */
    public static final List<Long> BIN_EDGES_MS = List.of(250L, 500L, 1_000L, 2_000L, 5_000L, 10_000L, 20_000L,
            30_000L, 60_000L);

    public ProcessingTimes {
        histogram = List.copyOf(histogram);
        stepsP50 = Map.copyOf(stepsP50);
    }

    /**
     * One histogram bin: crossings that took at least {@code fromMs} and less than {@code toMs} (-1: no upper
     * bound).
     */
    public record Bin(long fromMs, long toMs, int count) {
    }
}
