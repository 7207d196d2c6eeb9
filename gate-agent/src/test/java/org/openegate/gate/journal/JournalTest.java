package org.openegate.gate.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.crypto.AEADBadTagException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.gate.decision.Decision;
import org.openegate.gate.decision.Outcome;
import org.openegate.gate.decision.ReasonCode;

class JournalTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));

    private static CrossingRecord record(String id) {
        return new CrossingRecord(id, "gate-1", Instant.parse("2026-11-28T10:00:00Z"),
                Instant.parse("2026-11-28T10:00:01Z"),
                new Decision(Outcome.REFER, List.of(ReasonCode.FACE_MISMATCH)),
                new JsonObject().put("face", new JsonObject().put("score", 0.12).put("threshold", 0.3)),
                new JsonObject().put("mrz", 1), new JsonObject().put("agent", "test"),
                new JsonObject().put("surname", "ERIKSSON").put("documentNumber", "L898902C3"),
                new JsonObject().put("nationality", "UTO"));
    }

    @Test
    void append_storesPersonalFieldsEncryptedAndReadsThemBack() throws Exception {
        Path db = dir.resolve("journal.db");
        try (Journal journal = Journal.open(db, DataKey.loadOrCreate(dir.resolve("data.key"), new SecureRandom()),
                clock, Duration.ofDays(30))) {
            journal.append(record("t-1"));
            assertThat(journal.count()).isEqualTo(1);
            assertThat(journal.personalFields("t-1")).get()
                    .extracting(json -> json.getString("surname")).isEqualTo("ERIKSSON");
        }
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement statement = raw.createStatement();
                ResultSet rows = statement.executeQuery("SELECT personal, outcome FROM crossing")) {
            assertThat(rows.getString("outcome")).isEqualTo("REFER");
            assertThat(new String(rows.getBytes("personal"), StandardCharsets.ISO_8859_1))
                    .doesNotContain("ERIKSSON").doesNotContain("L898902C3");
        }
        String everything = new String(Files.readAllBytes(db), StandardCharsets.ISO_8859_1)
                + (Files.exists(dir.resolve("journal.db-wal"))
                        ? new String(Files.readAllBytes(dir.resolve("journal.db-wal")), StandardCharsets.ISO_8859_1)
                        : "");
        assertThat(everything).doesNotContain("ERIKSSON");
    }

    @Test
    void dataKey_isOwnerOnlyAndRejectsCiphertextMovedToAnotherRecord() throws Exception {
        Path keyFile = dir.resolve("data.key");
        DataKey key = DataKey.loadOrCreate(keyFile, new SecureRandom());
        assertThat(Files.getPosixFilePermissions(keyFile)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        byte[] sealed = key.encrypt("secret".getBytes(StandardCharsets.UTF_8), "t-1".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> key.decrypt(sealed, "t-2".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(AEADBadTagException.class);
        assertThat(DataKey.loadOrCreate(keyFile, new SecureRandom())
                .decrypt(sealed, "t-1".getBytes(StandardCharsets.UTF_8))).asString(StandardCharsets.UTF_8)
                .isEqualTo("secret");
        assertThat(key.toString()).doesNotContain(java.util.HexFormat.of().formatHex(Files.readAllBytes(keyFile)));
    }

    @Test
    void purgeExpired_deletesOnlyRecordsPastRetention() throws Exception {
        try (Journal journal = Journal.open(dir.resolve("journal.db"),
                DataKey.loadOrCreate(dir.resolve("data.key"), new SecureRandom()), clock, Duration.ofDays(30))) {
            journal.append(record("old"));
            clock.advance(Duration.ofDays(20));
            journal.append(record("new"));
            clock.advance(Duration.ofDays(10));
            assertThat(journal.purgeExpired()).isEqualTo(1);
            assertThat(journal.personalFields("old")).isEmpty();
            assertThat(journal.personalFields("new")).isPresent();
        }
    }

    @Test
    void record_toStringHidesPersonalFields() {
        assertThat(record("t-1").toString()).doesNotContain("ERIKSSON").doesNotContain("L898902C3");
        assertThat(record("t-1").toPublishedJson().encode()).doesNotContain("ERIKSSON").doesNotContain("L898902C3")
                .contains("\"eventId\":\"t-1\"");
    }

    /** A clock tests move by hand, so retention is tested without sleeping. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
