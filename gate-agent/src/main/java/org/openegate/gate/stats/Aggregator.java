package org.openegate.gate.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.openegate.gate.journal.Journal;
import org.openegate.gate.risk.rules.Direction;

/**
 * Counts one period's journal rows, then suppresses. Rows are reduced to their cell key on arrival, so memory
 * grows with the number of distinct combinations, not with the number of crossings (timings excepted: one double
 * per crossing, to take exact percentiles).
 */
final class Aggregator {

    private static final Pattern STATE = Pattern.compile("[A-Z]{1,3}");
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final Pattern STEP = Pattern.compile("[a-zA-Z][a-zA-Z0-9]{0,31}");
    static final String UNKNOWN = "UNKNOWN";

    private final Instant start;
    private final Instant end;
    private final int k;
    private final String gateDirection;
    private final Map<List<String>, Integer> counts = new HashMap<>();
    private final List<Double> totalMs = new ArrayList<>();
    private final Map<String, List<Double>> stepMs = new TreeMap<>();
    private int total;

    Aggregator(Instant start, Instant end, int k, java.util.Optional<Direction> gateDirection) {
        this.start = start;
        this.end = end;
        this.k = k;
        this.gateDirection = gateDirection.map(Enum::name).orElse(UNKNOWN);
    }

    void add(Journal.StatisticsRow row) {
        total++;
        counts.merge(key(row), 1, Integer::sum);
        totalMs.add((double) Duration.between(row.startedAt(), row.finishedAt()).toMillis());
        for (String step : row.timingsMs().fieldNames()) {
            Object v = row.timingsMs().getValue(step);
            if (v instanceof Number n && STEP.matcher(step).matches()) {
                stepMs.computeIfAbsent(step, s -> new ArrayList<>()).add(n.doubleValue());
            }
        }
    }

    /** The row's value on each dimension. Journal values are checked, not trusted: anything odd counts as UNKNOWN. */
    List<String> key(Journal.StatisticsRow row) {
        String[] values = new String[Dimension.values().length];
        var stats = row.statistics();
        String direction = stats.getValue("direction") instanceof String s ? s : gateDirection;
        values[Dimension.DIRECTION.ordinal()] = direction.equals("ENTRY") || direction.equals("EXIT") ? direction : UNKNOWN;
        values[Dimension.NATIONALITY.ordinal()] = matching(stats.getValue("nationality"), STATE);
        values[Dimension.SEX.ordinal()] = sex(stats.getValue("sex"));
        values[Dimension.AGE_BAND.ordinal()] = stats.getValue("ageBand") instanceof String s
                ? AgeBand.fromLabel(s).orElse(AgeBand.UNKNOWN).label() : AgeBand.UNKNOWN.label();
        String outcome = row.outcome();
        values[Dimension.OUTCOME.ordinal()] = List.of("OPEN_EXIT", "REFER", "REJECT").contains(outcome) ? outcome : UNKNOWN;
        // The first reason is the decisive finding (the pipeline records findings in check order).
        values[Dimension.REFERRAL_REASON.ordinal()] = row.reasons().isEmpty() ? "NONE"
                : matching(row.reasons().get(0), CODE);
        return Arrays.asList(values);
    }

    private static String matching(Object value, Pattern pattern) {
        return value instanceof String s && pattern.matcher(s).matches() ? s : UNKNOWN;
    }

    private static String sex(Object value) {
        if (!(value instanceof String s)) {
            return UNKNOWN;
        }
        return switch (s) {
            case "F", "M", "X" -> s;
            case "<" -> "U";
            default -> UNKNOWN;
        };
    }

    PeriodStatistics result() {
        List<Cell> cells = new ArrayList<>();
        int suppressed = 0;
        for (Map.Entry<List<String>, Integer> e : counts.entrySet()) {
            if (e.getValue() >= k) {
                cells.add(new Cell(e.getKey(), e.getValue()));
            } else {
                suppressed += e.getValue();
            }
        }
        cells.sort((a, b) -> String.join("\u0000", a.values()).compareTo(String.join("\u0000", b.values())));
        return new PeriodStatistics(start, end, k, total, cells, suppressed, processing());
    }

    private ProcessingTimes processing() {
        double[] sorted = totalMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        List<ProcessingTimes.Bin> bins = new ArrayList<>();
        int suppressed = 0;
        long from = 0;
        List<Long> edges = new ArrayList<>(ProcessingTimes.BIN_EDGES_MS);
        edges.add(-1L);
        for (long to : edges) {
            long lo = from;
            int n = (int) Arrays.stream(sorted).filter(v -> v >= lo && (to < 0 || v < to)).count();
            if (n >= k) {
                bins.add(new ProcessingTimes.Bin(from, to, n));
            } else {
                suppressed += n;
            }
            from = to;
        }
        Map<String, Double> steps = new TreeMap<>();
        stepMs.forEach((step, values) -> {
            if (values.size() >= k) {
                steps.put(step, percentile(values.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 50));
            }
        });
        boolean enough = sorted.length >= k;
        return new ProcessingTimes(sorted.length, enough ? OptionalDouble.of(percentile(sorted, 50)) : OptionalDouble.empty(),
                enough ? OptionalDouble.of(percentile(sorted, 90)) : OptionalDouble.empty(),
                enough ? OptionalDouble.of(percentile(sorted, 95)) : OptionalDouble.empty(), bins, suppressed, steps);
    }

    /** Nearest-rank percentile of sorted, non-empty values: always one of the values, never an interpolation. */
    static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
