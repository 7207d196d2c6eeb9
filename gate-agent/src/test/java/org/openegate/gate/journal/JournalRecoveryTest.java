package org.openegate.gate.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.gate.decision.Decision;
import org.openegate.gate.decision.Outcome;
import org.openegate.gate.decision.ReasonCode;
import org.openegate.gate.journal.OfficerDecision.Verdict;

class JournalRecoveryTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T08:00:00Z"), ZoneOffset.UTC);

    private Journal open() throws Exception {
        return Journal.open(dir.resolve("journal.db"), DataKey.loadOrCreate(dir.resolve("data.key"),
                new SecureRandom()), clock, Duration.ofDays(30));
    }

    private static CrossingRecord record(String id) {
        return new CrossingRecord(id, "gate-1", Instant.parse("2026-11-29T08:00:00Z"),
                Instant.parse("2026-11-29T08:00:01Z"), new Decision(Outcome.OPEN_EXIT, List.of()),
                new JsonObject(), new JsonObject(), new JsonObject(), new JsonObject().put("surname", "ERIKSSON"),
                new JsonObject());
    }

    @Test
    void startedWithoutEnd_isJournalledAbortedAfterReopen() throws Exception {
        try (Journal journal = open()) {
            journal.started("t-done", "gate-1", clock.instant());
            journal.append(record("t-done"));
            journal.started("t-cut", "gate-1", clock.instant());
        }
        try (Journal journal = open()) {
            assertThat(journal.recoverInterrupted("CRASH")).containsExactly("t-cut");
            assertThat(journal.status("t-cut")).contains(Journal.Status.ABORTED);
            assertThat(journal.status("t-done")).contains(Journal.Status.COMPLETED);
            assertThat(journal.recoverInterrupted("CRASH")).isEmpty();
            List<Journal.PendingEvent> pending = journal.pendingEvents();
            assertThat(pending).extracting(Journal.PendingEvent::transactionId)
                    .containsExactlyInAnyOrder("t-done", "t-cut");
            JsonObject aborted = new JsonObject(pending.stream().filter(e -> e.transactionId().equals("t-cut"))
                    .findFirst().orElseThrow().payload());
            assertThat(aborted.getString("outcome")).isEqualTo("ABORTED");
            assertThat(aborted.getJsonArray("reasons").getString(0)).isEqualTo("CRASH");
            // The published events carry no personal field.
            assertThat(pending).allSatisfy(e -> assertThat(e.payload()).doesNotContain("ERIKSSON"));
            journal.markQueued("t-done");
            assertThat(journal.pendingEvents()).extracting(Journal.PendingEvent::transactionId)
                    .containsExactly("t-cut");
        }
    }

    @Test
    void aborted_isIdempotentForAnEndedTransaction() throws Exception {
        try (Journal journal = open()) {
            journal.append(record("t-1"));
            journal.aborted("t-1", "gate-1", "TIMEOUT", clock.instant());
            assertThat(journal.status("t-1")).contains(Journal.Status.COMPLETED);
        }
    }

    @Test
    void append_afterAnAbort_keepsTheTransactionAborted() throws Exception {
        try (Journal journal = open()) {
            journal.started("t-late", "gate-1", clock.instant());
            journal.aborted("t-late", "gate-1", "TIMEOUT", clock.instant());
            journal.append(record("t-late"));
            assertThat(journal.status("t-late")).contains(Journal.Status.ABORTED);
            assertThat(journal.count()).isEqualTo(1);
        }
    }

    @Test
    void officerTrail_chainsAndVerifies() throws Exception {
        try (Journal journal = open()) {
            assertThat(journal.verifyOfficerTrail().intact()).isTrue();
            String first = journal.appendOfficerDecision(new OfficerDecision("t-1", "officer.7", Verdict.ADMIT,
                    "IDENTITY_CONFIRMED", clock.instant()));
            String second = journal.appendOfficerDecision(new OfficerDecision("t-2", "officer.7", Verdict.REFUSE,
                    "MINOR_UNACCOMPANIED", clock.instant()));
            TrailCheck check = journal.verifyOfficerTrail();
            assertThat(check.intact()).isTrue();
            assertThat(check.entries()).isEqualTo(2);
            assertThat(check.head()).isEqualTo(second).isNotEqualTo(first).hasSize(64);
        }
    }

    private void tamper(String sql) throws Exception {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("journal.db"));
                Statement statement = raw.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private void threeDecisions() throws Exception {
        try (Journal journal = open()) {
            for (int i = 1; i <= 3; i++) {
                journal.appendOfficerDecision(new OfficerDecision("t-" + i, "officer.7",
                        i == 2 ? Verdict.REFUSE : Verdict.ADMIT, "CHECKED", clock.instant()));
            }
        }
    }

    @Test
    void officerTrail_detectsAnEditedVerdict() throws Exception {
        threeDecisions();
        tamper("UPDATE officer_decision SET verdict = 'ADMIT' WHERE seq = 2");
        try (Journal journal = open()) {
            TrailCheck check = journal.verifyOfficerTrail();
            assertThat(check.intact()).isFalse();
            assertThat(check.firstBroken()).contains(2L);
            assertThat(check.problem()).hasValueSatisfying(p -> assertThat(p).contains("edited"));
        }
    }

    @Test
    void officerTrail_detectsARecomputedHashByTheNextLink() throws Exception {
        threeDecisions();
        // An attacker who edits entry 2 and fixes its own hash still breaks entry 3's link.
        tamper("UPDATE officer_decision SET verdict = 'ADMIT', hash = '" + "ab".repeat(32) + "' WHERE seq = 2");
        try (Journal journal = open()) {
            assertThat(journal.verifyOfficerTrail().firstBroken()).contains(2L);
        }
    }

    @Test
    void officerTrail_detectsADeletedEntry() throws Exception {
        threeDecisions();
        tamper("DELETE FROM officer_decision WHERE seq = 2");
        try (Journal journal = open()) {
            TrailCheck check = journal.verifyOfficerTrail();
            assertThat(check.firstBroken()).contains(3L);
            assertThat(check.problem()).hasValueSatisfying(p -> assertThat(p).contains("deleted"));
        }
    }

    @Test
    void officerDecision_refusesFreeTextThatCouldCarryPersonalData() {
        assertThatThrownBy(() -> new OfficerDecision("t-1", "officer.7", Verdict.ADMIT, "Mr Eriksson looked fine",
                Instant.EPOCH)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
    }

    @Test
    void officerTrail_recordsNoReasonCodeFromThePolicyByAccident() {
        // The trail's reason is the officer's own code; policy reason codes are valid codes too.
        assertThat(new OfficerDecision("t-1", "o", Verdict.REFUSE, ReasonCode.MINOR.name(), Instant.EPOCH).reason())
                .isEqualTo("MINOR");
    }
}
