package org.openegate.gate.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.gate.decision.Outcome;
import org.openegate.gate.decision.ReasonCode;
import org.openegate.gate.journal.CrossingRecord;
import org.openegate.gate.journal.Journal;
import org.openegate.gate.risk.rules.Direction;
import org.openegate.mqtt.AsyncApiContract;
import org.openegate.mqtt.OutboxEvent;
import org.openegate.mqtt.Stream;
import org.openegate.mqtt.Topics;

/** Issue #8 acceptance 4: statistics reconcile with the journal, small cells are suppressed, hours are UTC. */
class HourlyStatisticsTest {

    private static final Instant HOUR = Instant.parse("2026-11-28T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void totalsPerDimension_reconcileWithTheJournal() throws Exception {
        // 400 crossings over 4 hours, skewed as at a real gate (a few common profiles, a long tail), so that many
        // cells pass k and many do not.
        Random random = new Random(8);
        String[] nationalities = {"UTO", "D", "FRA", "XXA", "NLD"};
        String[] sexes = {"F", "M", "X", "<"};
        String[] bands = {"0-17", "18-29", "30-44", "45-59", "60+", "UNKNOWN"};
        Map<List<String>, Integer> truth = new HashMap<>();
        try (Journal journal = Crossings.open(dir)) {
            for (int i = 0; i < 400; i++) {
                Instant started = HOUR.plusSeconds(random.nextInt(4 * 3600));
                boolean common = random.nextInt(10) < 7;
                String nationality = common ? "UTO" : nationalities[random.nextInt(nationalities.length)];
                String sex = common ? sexes[random.nextInt(2)] : sexes[random.nextInt(sexes.length)];
                String band = common ? "30-44" : bands[random.nextInt(bands.length)];
                int draw = common ? 0 : random.nextInt(10);
                Outcome outcome = draw < 7 ? Outcome.OPEN_EXIT : draw < 9 ? Outcome.REFER : Outcome.REJECT;
                List<ReasonCode> reasons = switch (outcome) {
                    case OPEN_EXIT -> List.of();
                    case REFER -> random.nextBoolean() ? List.of(ReasonCode.FACE_MISMATCH, ReasonCode.MINOR)
                            : List.of(ReasonCode.MINOR);
                    case REJECT -> List.of(ReasonCode.DOCUMENT_EXPIRED);
                };
                String direction = random.nextInt(5) == 0 ? null : common || random.nextBoolean() ? "ENTRY" : "EXIT";
                journal.append(Crossings.record(started, 300 + random.nextInt(4000), direction, nationality, sex, band,
                        outcome, reasons));
                truth.merge(List.of(started.truncatedTo(java.time.temporal.ChronoUnit.HOURS).toString(),
                        direction == null ? "EXIT" : direction, nationality, sex.equals("<") ? "U" : sex, band,
                        outcome.name(), reasons.isEmpty() ? "NONE" : reasons.get(0).name()), 1, Integer::sum);
            }
            HourlyStatistics statistics = new HourlyStatistics(journal, "gate-1", Optional.of(Direction.EXIT), 5);
            List<PeriodStatistics> hours = statistics.between(HOUR, HOUR.plusSeconds(4 * 3600), Granularity.HOUR);
            assertThat(hours).hasSize(4);
            int allSuppressed = 0;
            int allPublished = 0;
            for (PeriodStatistics hour : hours) {
                // The journal's own count, by SQL, independent of the aggregation code.
                assertThat(hour.total()).isEqualTo(journalCount(hour.start(), hour.end()));
                for (Map<String, Integer> byValue : hour.totals().values()) {
                    assertThat(byValue.values().stream().mapToInt(Integer::intValue).sum() + hour.suppressed())
                            .isEqualTo(hour.total());
                }
                for (Cell cell : hour.cells()) {
                    List<String> key = new java.util.ArrayList<>(List.of(hour.start().toString()));
                    key.addAll(cell.values());
                    assertThat(cell.count()).as(key.toString()).isEqualTo(truth.get(key)).isGreaterThanOrEqualTo(5);
                }
                int hidden = truth.entrySet().stream()
                        .filter(e -> e.getKey().get(0).equals(hour.start().toString()) && e.getValue() < 5)
                        .mapToInt(Map.Entry::getValue).sum();
                assertThat(hour.suppressed()).isEqualTo(hidden);
                assertThat(hour.processing().count()).isEqualTo(hour.total());
                assertThat(hour.processing().histogram().stream().mapToInt(ProcessingTimes.Bin::count).sum()
                        + hour.processing().suppressed()).isEqualTo(hour.total());
                allSuppressed += hour.suppressed();
                allPublished += hour.cells().stream().mapToInt(Cell::count).sum();
            }
            assertThat(allPublished + allSuppressed).isEqualTo(400).isEqualTo(journal.count());
            assertThat(allSuppressed).as("the data must exercise suppression").isBetween(1, 399);
            assertThat(allPublished).as("and publish some cells").isPositive();
        }
    }

    private int journalCount(Instant from, Instant to) throws Exception {
        int n = 0;
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("journal.db"));
                PreparedStatement select = raw.prepareStatement("SELECT started_at FROM crossing");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                Instant t = Instant.parse(rows.getString(1));
                n += !t.isBefore(from) && t.isBefore(to) ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void cellsUnderK_areSuppressedAndTheirValuesNeverPublished() throws Exception {
        try (Journal journal = Crossings.open(dir)) {
            for (int i = 0; i < 5; i++) {
                journal.append(Crossings.record(HOUR.plusSeconds(60 * i), 900, "ENTRY", "UTO", "F", "30-44",
                        Outcome.OPEN_EXIT, List.of()));
            }
            for (int i = 0; i < 4; i++) {
                journal.append(Crossings.record(HOUR.plusSeconds(600 + 60 * i), 900, "ENTRY", "ZZZ", "M", "60+",
                        Outcome.REFER, List.of(ReasonCode.WATCHLIST_DOCUMENT)));
            }
            journal.append(Crossings.record(HOUR.plusSeconds(1800), 45_000, "ENTRY", "UTO", "F", "30-44",
                    Outcome.REFER, List.of(ReasonCode.FACE_MISMATCH)));
            PeriodStatistics hour = new HourlyStatistics(journal, "gate-1", Optional.empty(), 5).hour(HOUR);
            assertThat(hour.total()).isEqualTo(10);
            assertThat(hour.cells()).containsExactly(new Cell(List.of("ENTRY", "UTO", "F", "30-44", "OPEN_EXIT", "NONE"), 5));
            assertThat(hour.suppressed()).isEqualTo(5);
            String payload = new HourlyStatistics(journal, "gate-1", Optional.empty(), 5).payloadFor(HOUR).encode();
            assertThat(payload).doesNotContain("ZZZ").doesNotContain("WATCHLIST").doesNotContain("FACE_MISMATCH")
                    .doesNotContain("60+").doesNotContain("ERIKSSON").doesNotContain("740812");
            // The one slow crossing is alone in its bin: hidden too, and no percentile over fewer than k.
            assertThat(hour.processing().histogram()).containsExactly(new ProcessingTimes.Bin(500, 1000, 9));
            assertThat(hour.processing().suppressed()).isEqualTo(1);
            // With k = 4 the second cell appears.
            assertThat(new HourlyStatistics(journal, "gate-1", Optional.empty(), 4).hour(HOUR).cells()).hasSize(2);
        }
    }

    @Test
    void percentiles_needAtLeastKCrossings() throws Exception {
        try (Journal journal = Crossings.open(dir)) {
            for (int i = 0; i < 4; i++) {
                journal.append(Crossings.record(HOUR.plusSeconds(i), 1000 + i, "EXIT", "UTO", "F", "30-44",
                        Outcome.OPEN_EXIT, List.of()));
            }
            HourlyStatistics statistics = new HourlyStatistics(journal, "gate-1", Optional.empty(), 5);
            assertThat(statistics.hour(HOUR).processing().p50()).isEmpty();
            assertThat(statistics.payloadFor(HOUR).getJsonObject("processingMs").containsKey("p50")).isFalse();
            journal.append(Crossings.record(HOUR.plusSeconds(9), 2000, "EXIT", "UTO", "F", "30-44",
                    Outcome.OPEN_EXIT, List.of()));
            ProcessingTimes times = statistics.hour(HOUR).processing();
            assertThat(times.p50()).hasValue(1002.0);
            assertThat(times.p95()).hasValue(2000.0);
            assertThat(times.stepsP50()).containsEntry("mrz", 12.5).containsKey("chip");
        }
    }

    @Test
    void hours_areUtcWhateverTheOffsetOfTheInstantOrTheClock() throws Exception {
        // 23:30 at UTC-05:00 is 04:30 UTC the next day; 00:30 in Berlin (UTC+1 in winter) is 23:30 UTC the day before.
        Instant newYork = OffsetDateTime.parse("2026-11-28T23:30:00-05:00").toInstant();
        Instant berlin = OffsetDateTime.parse("2026-11-29T00:30:00+01:00").toInstant();
        try (Journal journal = Crossings.open(dir)) {
            for (int i = 0; i < 5; i++) {
                journal.append(Crossings.record(newYork.plusMillis(i), 800, "ENTRY", "UTO", "F", "30-44",
                        Outcome.OPEN_EXIT, List.of()));
                journal.append(Crossings.record(berlin.plusMillis(i), 800, "ENTRY", "D", "M", "18-29",
                        Outcome.OPEN_EXIT, List.of()));
            }
            // On the boundary: 22:59:59.999 belongs to 22:00, 23:00:00.000 to 23:00.
            journal.append(Crossings.record(Instant.parse("2026-11-28T22:59:59.999Z"), 800, "ENTRY", "D", "M",
                    "18-29", Outcome.OPEN_EXIT, List.of()));
            journal.append(Crossings.record(Instant.parse("2026-11-28T23:00:00Z"), 800, "ENTRY", "D", "M", "18-29",
                    Outcome.OPEN_EXIT, List.of()));
            HourlyStatistics statistics = new HourlyStatistics(journal, "gate-1", Optional.empty(), 5);
            assertThat(statistics.hour(Instant.parse("2026-11-29T04:00:00Z")).total()).isEqualTo(5);
            assertThat(statistics.hour(Instant.parse("2026-11-28T23:00:00Z")).total()).isEqualTo(6);
            assertThat(statistics.hour(Instant.parse("2026-11-28T22:00:00Z")).total()).isEqualTo(1);
            List<PeriodStatistics> days = statistics.between(Instant.parse("2026-11-28T00:00:00Z"),
                    Instant.parse("2026-11-30T00:00:00Z"), Granularity.DAY);
            assertThat(days).extracting(PeriodStatistics::total).containsExactly(7, 5);
            // The clock the gate runs in, whatever its zone, only picks which hour has passed.
            Clock tokyo = Clock.fixed(Instant.parse("2026-11-29T05:10:00Z"), ZoneId.of("Asia/Tokyo"));
            assertThat(HourlyStatistics.lastCompleteHour(tokyo)).isEqualTo(Instant.parse("2026-11-29T04:00:00Z"));
            assertThatThrownBy(() -> statistics.hour(Instant.parse("2026-11-29T04:30:00Z")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("04:30");
        }
    }

    @Test
    void journalValuesOutsideTheirAlphabet_countAsUnknown() throws Exception {
        try (Journal journal = Crossings.open(dir)) {
            for (int i = 0; i < 5; i++) {
                CrossingRecord r = Crossings.record(HOUR.plusSeconds(i), 800, "SIDEWAYS", "utopia", "?", "17",
                        Outcome.OPEN_EXIT, List.of());
                journal.append(r);
            }
            PeriodStatistics hour = new HourlyStatistics(journal, "gate-1", Optional.empty(), 5).hour(HOUR);
            assertThat(hour.cells()).containsExactly(new Cell(List.of("UNKNOWN", "UNKNOWN", "UNKNOWN", "UNKNOWN",
                    "OPEN_EXIT", "NONE"), 5));
        }
    }

    @Test
    void payload_matchesTheStatsChannelOfTheAsyncApiDocument() throws Exception {
        try (Journal journal = Crossings.open(dir)) {
            for (int i = 0; i < 12; i++) {
                journal.append(Crossings.record(HOUR.plusSeconds(i * 60), 700 + i * 100, i % 2 == 0 ? "ENTRY" : null,
                        "UTO", "F", "30-44", i < 10 ? Outcome.OPEN_EXIT : Outcome.REFER,
                        i < 10 ? List.of() : List.of(ReasonCode.MINOR)));
            }
            HourlyStatistics statistics = new HourlyStatistics(journal, "gate-1", Optional.of(Direction.EXIT), 5);
            for (Instant hour : List.of(HOUR, HOUR.plusSeconds(3600))) { // a busy hour and an empty one
                JsonObject body = statistics.payloadFor(hour);
                OutboxEvent event = OutboxEvent.create(Stream.STATS,
                        (ObjectNode) new ObjectMapper().readTree(body.encode()), Clock.systemUTC(), new Random(1));
                String topic = Topics.of("site-1", "gate-1").topic(Stream.STATS);
                assertThat(AsyncApiContract.load().violations(topic, event.payload()))
                        .as(new String(event.payload(), StandardCharsets.UTF_8)).isEmpty();
            }
            JsonObject busy = statistics.payloadFor(HOUR);
            assertThat(busy.getInteger("total")).isEqualTo(12);
            assertThat(busy.getJsonObject("totals").getJsonObject("direction").getJsonObject("values").getMap())
                    .containsEntry("ENTRY", 5).containsEntry("EXIT", 5);
            assertThat(busy.getJsonObject("totals").getJsonObject("outcome").getInteger("suppressed")).isEqualTo(2);
        }
    }

    @Test
    void k_outsideItsRangeIsRefused() throws Exception {
        try (Journal journal = Crossings.open(dir)) {
            assertThatThrownBy(() -> new HourlyStatistics(journal, "g", Optional.empty(), 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 1");
        }
    }
}
