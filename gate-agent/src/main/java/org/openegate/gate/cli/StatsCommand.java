package org.openegate.gate.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.openegate.gate.journal.DataKey;
import org.openegate.gate.journal.Journal;
import org.openegate.gate.risk.rules.Direction;
import org.openegate.gate.stats.Dimension;
import org.openegate.gate.stats.Granularity;
import org.openegate.gate.stats.HourlyStatistics;
import org.openegate.gate.stats.PeriodStatistics;
import org.openegate.gate.stats.ProcessingTimes;
import org.openegate.gate.stats.StatisticsChart;
import org.openegate.gate.stats.StatisticsCsv;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code egate stats}: the journal's disaggregated statistics, k-suppressed exactly as the gate publishes them, as
 * a summary, a CSV of cells and a PNG chart (docs/statistics.md). Reads only non-identifying columns; the data key
 * is needed only because the journal is opened whole.
 */
@Command(name = "stats", description = "Disaggregated crossing statistics from a journal, with cells under k"
        + " suppressed: summary, CSV (--csv) and chart (--plot).")
final class StatsCommand implements Callable<Integer> {

    @Option(names = "--journal", required = true, description = "the gate's journal.db")
    Path journalFile;

    @Option(names = "--key-file", description = "the journal's data key (default: data.key next to the journal)")
    Path keyFile;

    @Option(names = "--from", description = "first instant, ISO-8601 (2026-11-28, 2026-11-28T10:00:00Z or with an"
            + " offset); default: the oldest record")
    String from;

    @Option(names = "--to", description = "end instant (exclusive), ISO-8601; default: now. Only periods that have"
            + " ended are reported")
    String to;

    @Option(names = "--k", defaultValue = "5", description = "suppress cells under k crossings (2..1000, default"
            + " ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--period", defaultValue = "HOUR", description = "HOUR or DAY (UTC grid, default"
            + " ${DEFAULT-VALUE})")
    String period;

    @Option(names = "--direction", description = "ENTRY or EXIT: the gate's direction, for records without one")
    String direction;

    @Option(names = "--gate", defaultValue = "local", description = "gate id in the chart title (default"
            + " ${DEFAULT-VALUE})")
    String gate;

    @Option(names = "--csv", description = "write the suppressed cells as CSV")
    Path csv;

    @Option(names = "--plot", description = "write a PNG chart")
    Path plot;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Tests fix the clock. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        if (k < HourlyStatistics.MIN_K || k > HourlyStatistics.MAX_K) {
            throw new EgateCommand.UsageException("--k must be " + HourlyStatistics.MIN_K + ".."
                    + HourlyStatistics.MAX_K + ", was " + k);
        }
        Granularity granularity = choice(Granularity.class, "--period", period);
        Optional<Direction> gateDirection = direction == null ? Optional.empty()
                : Optional.of(choice(Direction.class, "--direction", direction));
        if (!Files.isRegularFile(journalFile)) {
            throw new EgateCommand.UsageException("no journal at " + journalFile);
        }
        Path key = keyFile != null ? keyFile : journalFile.toAbsolutePath().resolveSibling("data.key");
        if (!Files.isRegularFile(key)) {
            throw new EgateCommand.UsageException("no data key at " + key + " (give --key-file)");
        }
        Instant now = clock.instant();
        Instant end = to == null ? now : instant("--to", to);
        List<PeriodStatistics> periods;
        DataKey dataKey;
        try {
            dataKey = DataKey.loadOrCreate(key, new SecureRandom());
        } catch (IOException e) {
            throw new EgateCommand.UsageException("unreadable data key: " + e.getMessage());
        }
        try (Journal journal = Journal.open(journalFile, dataKey, clock, Duration.ofDays(36_500))) {
            Instant start = from != null ? instant("--from", from)
                    : journal.oldest().orElse(granularity.floor(end).minus(granularity.length()));
            if (!start.isBefore(end)) {
                throw new EgateCommand.UsageException("--from " + start + " is not before --to " + end);
            }
            HourlyStatistics statistics = new HourlyStatistics(journal, gate, gateDirection, k);
            try {
                // A period still running would be reported again, larger, later: the difference of two exports
                // would show the cells of its tail. Only ended periods leave the gate.
                periods = statistics.between(start, end, granularity).stream()
                        .filter(p -> !p.end().isAfter(now)).toList();
            } catch (IllegalArgumentException e) {
                throw new EgateCommand.UsageException(e.getMessage());
            }
        } catch (SQLException e) {
            throw new EgateCommand.UsageException("unreadable journal " + journalFile + ": " + e.getMessage());
        }
        if (csv != null) {
            try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                StatisticsCsv.write(periods, out);
            }
        }
        if (plot != null) {
            if (periods.isEmpty()) {
                throw new EgateCommand.UsageException("no ended period between --from and --to to plot");
            }
            StatisticsChart.write(periods, granularity, gate, plot);
        }
        JsonObject summary = summary(periods, granularity);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonOutput.print(out, summary);
        } else {
            out.printf("%d crossings in %d %s periods, %d in cells under k=%d (suppressed)%n",
                    summary.getInteger("total"), periods.size(), granularity.name().toLowerCase(java.util.Locale.ROOT),
                    summary.getInteger("suppressed"), k);
            for (Dimension d : Dimension.values()) {
                out.printf("  %-15s %s%n", d.field(), summary.getJsonObject("totals").getJsonObject(d.field())
                        .getJsonObject("values").encode());
            }
            if (csv != null) {
                out.println("CSV:   " + csv);
            }
            if (plot != null) {
                out.println("chart: " + plot);
            }
            out.flush();
        }
        return EgateCommand.OK;
    }

    /** Range totals: sums of the periods' published totals; each dimension reconciles with total via suppressed. */
    private JsonObject summary(List<PeriodStatistics> periods, Granularity granularity) {
        int total = periods.stream().mapToInt(PeriodStatistics::total).sum();
        int suppressed = periods.stream().mapToInt(PeriodStatistics::suppressed).sum();
        JsonObject totals = new JsonObject();
        for (Dimension d : Dimension.values()) {
            Map<String, Object> values = new TreeMap<>();
            for (PeriodStatistics p : periods) {
                p.totals().get(d).forEach((v, n) -> values.merge(v, n, (a, b) -> (Integer) a + (Integer) b));
            }
            totals.put(d.field(), new JsonObject().put("values", new JsonObject(values)).put("suppressed", suppressed));
        }
        JsonObject histogram = new JsonObject();
        int timesSuppressed = 0;
        for (PeriodStatistics p : periods) {
            for (ProcessingTimes.Bin bin : p.processing().histogram()) {
                String name = bin.fromMs() + "-" + (bin.toMs() < 0 ? "" : bin.toMs());
                histogram.put(name, histogram.getInteger(name, 0) + bin.count());
            }
            timesSuppressed += p.processing().suppressed();
        }
        JsonObject result = new JsonObject()
                .put("gate", gate)
                .put("period", granularity.name())
                .put("k", k)
                .put("periods", periods.size())
                .put("total", total)
                .put("published", total - suppressed)
                .put("suppressed", suppressed)
                .put("totals", totals)
                .put("processingMs", new JsonObject().put("histogram", histogram).put("suppressed", timesSuppressed));
        if (!periods.isEmpty()) {
            result.put("from", periods.get(0).start().toString()).put("to", periods.get(periods.size() - 1).end().toString());
        }
        if (csv != null) {
            result.put("csv", csv.toString());
        }
        if (plot != null) {
            result.put("plot", plot.toString());
        }
        return result;
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String option, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new EgateCommand.UsageException(option + " must be one of "
                    + java.util.Arrays.toString(type.getEnumConstants()) + ", was '" + value + "'");
        }
    }

    /** An instant, a date-time with offset, or a date (midnight UTC). */
    static Instant instant(String option, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            // try the next form
        }
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new EgateCommand.UsageException(option + " '" + text + "' is not an ISO-8601 instant, date-time"
                    + " with offset, or date");
        }
    }
}
