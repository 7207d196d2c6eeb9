package org.openegate.gate.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.gate.decision.Outcome;
import org.openegate.gate.journal.Journal;
import org.openegate.mqtt.Outbox;
import org.openegate.mqtt.PriorityClass;

/** Each completed hour goes to the outbox once, also across a restart that lost the marker (real SQLite both). */
class StatisticsPublisherTest {

    private static final Instant NOW = Instant.parse("2026-11-29T05:20:00Z");

    @TempDir
    Path dir;

    @Test
    void publishesEachCompletedHourOnce_andARepublishedHourKeepsItsEventId() throws Exception {
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        try (Journal journal = Crossings.open(dir); Outbox outbox = Outbox.open(dir.resolve("outbox.db"))) {
            for (int i = 0; i < 6; i++) {
                journal.append(Crossings.record(Instant.parse("2026-11-29T03:10:00Z").plusSeconds(60L * i), 900,
                        "ENTRY", "UTO", "F", "30-44", Outcome.OPEN_EXIT, List.of()));
            }
            HourlyStatistics hourly = new HourlyStatistics(journal, "gate-1", Optional.empty(), 5);
            Path marker = dir.resolve("stats-published");
            StatisticsPublisher publisher = new StatisticsPublisher(hourly, outbox, marker, clock);

            // First start: the whole catch-up window up to 04:00-05:00, the last completed hour.
            assertThat(publisher.publishDue()).isEqualTo(StatisticsPublisher.CATCH_UP);
            assertThat(outbox.depth(PriorityClass.TELEMETRY)).isEqualTo(StatisticsPublisher.CATCH_UP);
            assertThat(Files.readString(marker)).isEqualTo("2026-11-29T04:00:00Z");
            assertThat(publisher.publishDue()).as("nothing new within the hour").isZero();

            // A crash lost the marker after the enqueue: the hours go again under the same ids, refused as
            // duplicates while they wait, so no hour is queued twice.
            Files.delete(marker);
            assertThat(publisher.publishDue()).isEqualTo(StatisticsPublisher.CATCH_UP);
            assertThat(outbox.depth(PriorityClass.TELEMETRY)).isEqualTo(StatisticsPublisher.CATCH_UP);

            // An hour later, exactly one more.
            StatisticsPublisher later = new StatisticsPublisher(hourly, outbox, marker,
                    Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC));
            assertThat(later.publishDue()).isEqualTo(1);
            assertThat(Files.readString(marker)).isEqualTo("2026-11-29T05:00:00Z");
        }
    }

    @Test
    void eventIds_dependOnTheGateAndTheHourOnly() {
        Instant hour = Instant.parse("2026-11-29T04:00:00Z");
        assertThat(StatisticsPublisher.eventId("gate-1", hour)).isEqualTo(StatisticsPublisher.eventId("gate-1", hour))
                .isNotEqualTo(StatisticsPublisher.eventId("gate-2", hour))
                .isNotEqualTo(StatisticsPublisher.eventId("gate-1", hour.plusSeconds(3600)))
                .startsWith("01a22575-b200-7"); // version 7, stamped with the hour
    }
}
