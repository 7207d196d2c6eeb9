package org.openegate.gate.stats;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.openegate.gate.decision.Decision;
import org.openegate.gate.decision.Outcome;
import org.openegate.gate.decision.ReasonCode;
import org.openegate.gate.journal.CrossingRecord;
import org.openegate.gate.journal.DataKey;
import org.openegate.gate.journal.Journal;

/** Crossing records with known attributes, written through the real journal, for the statistics tests. */
final class Crossings {

    private Crossings() {
    }

    static Journal open(Path dir) throws Exception {
        return Journal.open(dir.resolve("journal.db"), DataKey.loadOrCreate(dir.resolve("data.key"), new SecureRandom()),
                Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC), Duration.ofDays(3650));
    }

    /**
     * One record. Statistics are what the pipeline journals (documentCode, issuingState, nationality, sex, ageBand);
     * the personal part holds a name and a date of birth that must never reach statistics.
     */
    static CrossingRecord record(Instant started, long durationMs, String direction, String nationality, String sex,
            String ageBand, Outcome outcome, List<ReasonCode> reasons) {
        JsonObject statistics = new JsonObject().put("documentCode", "P").put("issuingState", nationality)
                .put("nationality", nationality).put("sex", sex).put("ageBand", ageBand);
        if (direction != null) {
            statistics.put("direction", direction);
        }
        return new CrossingRecord(UUID.randomUUID().toString(), "gate-1", started, started.plusMillis(durationMs),
                new Decision(outcome, reasons), new JsonObject(),
                new JsonObject().put("mrz", 12.5).put("chip", durationMs * 0.6).put("face", durationMs * 0.3),
                new JsonObject(), new JsonObject().put("surname", "ERIKSSON").put("dateOfBirth", "740812"), statistics);
    }
}
