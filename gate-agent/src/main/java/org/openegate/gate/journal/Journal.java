package org.openegate.gate.journal;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The gate's local journal of crossings, in SQLite.
 *
 * <p>Why SQLite in WAL mode with {@code synchronous=FULL}: a record is the legal trace of a border crossing, so a
 * committed insert must survive a power cut. WAL keeps readers (statistics, the console) off the writer's back.
 * Personal fields are sealed with the device {@link DataKey} (AES-GCM, the transaction id as associated data);
 * everything else stays queryable for statistics. Each row carries the instant after which it is purged.
 *
 * <p><b>Crash recovery.</b> {@code transaction_log} gets a STARTED row the moment a traveller enters, before any
 * check runs; the decision (or an abort) turns it into COMPLETED or ABORTED in the same SQLite transaction that
 * writes the crossing. A STARTED row found at the next start is therefore a transaction the gate went down in:
 * {@link #recoverInterrupted} journals it ABORTED (reason CRASH).
 *
 * <p><b>Nothing lost to the outbox.</b> Journal and outbox are two files, so a crash can fall between the journal
 * commit and the outbox enqueue. Each ended transaction keeps its event payload and an outbox state (PENDING until
 * {@link #markQueued}); at start {@link #pendingEvents} hands back every event the outbox may not have, to be
 * enqueued again (the outbox refuses a duplicate id, and consumers de-duplicate on eventId anyway).
 *
 * <p><b>Officer decisions</b> form a hash chain (TR-03135 §6 asks for a tamper-evident log of manual decisions):
 * each entry stores SHA-256 over the previous entry's hash and its own fields, so editing, inserting, deleting or
 * reordering an entry breaks every hash after it ({@link #verifyOfficerTrail}). Cutting entries off the end is
 * only detectable against an anchored head ({@link TrailCheck#head()}), which is why the head is published.
 * The trail holds no traveller data and is never purged.
 */
public final class Journal implements AutoCloseable {

    private final Connection connection;
    private final DataKey dataKey;
    private final Clock clock;
    private final Duration retention;

    private Journal(Connection connection, DataKey dataKey, Clock clock, Duration retention) {
        this.connection = connection;
        this.dataKey = dataKey;
        this.clock = clock;
        this.retention = retention;
    }

    public static Journal open(Path file, DataKey dataKey, Clock clock, Duration retention) throws SQLException {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, was " + retention);
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create the folder of " + file, e);
        }
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=FULL");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS crossing (
                      transaction_id TEXT PRIMARY KEY,
                      gate_id        TEXT NOT NULL,
                      started_at     TEXT NOT NULL,
                      finished_at    TEXT NOT NULL,
                      outcome        TEXT NOT NULL,
                      reasons        TEXT NOT NULL,
                      checks         TEXT NOT NULL,
                      timings        TEXT NOT NULL,
                      versions       TEXT NOT NULL,
                      statistics     TEXT NOT NULL,
                      personal       BLOB NOT NULL,
                      purge_after    INTEGER NOT NULL
                    )""");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS transaction_log (
                      transaction_id TEXT PRIMARY KEY,
                      gate_id        TEXT NOT NULL,
                      started_at     TEXT NOT NULL,
                      ended_at       TEXT,
                      status         TEXT NOT NULL,
                      abort_reason   TEXT,
                      event          TEXT,
                      outbox_state   TEXT
                    )""");
            statement.execute("""
                    CREATE TABLE IF NOT EXISTS officer_decision (
                      seq            INTEGER PRIMARY KEY,
                      transaction_id TEXT NOT NULL,
                      officer_id     TEXT NOT NULL,
                      verdict        TEXT NOT NULL,
                      reason         TEXT NOT NULL,
                      decided_at     TEXT NOT NULL,
                      prev_hash      TEXT NOT NULL,
                      hash           TEXT NOT NULL
                    )""");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return new Journal(connection, dataKey, clock, retention);
    }

    /** The status of a transaction in {@code transaction_log}. */
    public enum Status {
        STARTED,
        COMPLETED,
        ABORTED
    }

    /** An ended transaction's event the outbox may not hold yet. */
    public record PendingEvent(String transactionId, String payload) {
    }

    /** Writes the STARTED row of a transaction; durable when this returns (before the traveller's checks run). */
    public synchronized void started(String transactionId, String gateId, Instant at) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO transaction_log(transaction_id, gate_id, started_at, status) VALUES (?,?,?,?)")) {
            insert.setString(1, transactionId);
            insert.setString(2, gateId);
            insert.setString(3, at.toString());
            insert.setString(4, Status.STARTED.name());
            insert.executeUpdate();
        }
    }

    /**
     * Ends a transaction without a decision (timeout, fault, emergency, crash), with an event for central
     * systems; the transaction's STARTED row is created if it is missing.
     */
    public synchronized void aborted(String transactionId, String gateId, String reason, Instant at)
            throws SQLException {
        Optional<Instant> started = startedAt(transactionId);
        String event = new JsonObject().put("eventId", transactionId).put("gateId", gateId)
                .put("startedAt", started.orElse(at).toString()).put("finishedAt", at.toString())
                .put("outcome", "ABORTED").put("reasons", List.of(reason)).encode();
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            if (started.isEmpty()) {
                started(transactionId, gateId, at);
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE transaction_log SET status = ?, ended_at = ?, abort_reason = ?, event = ?,"
                            + " outbox_state = 'PENDING' WHERE transaction_id = ? AND status = 'STARTED'")) {
                update.setString(1, Status.ABORTED.name());
                update.setString(2, at.toString());
                update.setString(3, reason);
                update.setString(4, event);
                update.setString(5, transactionId);
                update.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(auto);
        }
    }

    /**
     * Journals every transaction still STARTED as ABORTED with reason CRASH: the gate went down while a traveller
     * was inside. Call once at start, before the gate admits anyone. Returns their ids.
     */
    public synchronized List<String> recoverInterrupted(String reason) throws SQLException {
        List<String> ids = new ArrayList<>();
        List<String> gates = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT transaction_id, gate_id FROM transaction_log WHERE status = 'STARTED'")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
                gates.add(rows.getString(2));
            }
        }
        for (int i = 0; i < ids.size(); i++) {
            aborted(ids.get(i), gates.get(i), reason, clock.instant());
        }
        return ids;
    }

    public synchronized Optional<Status> status(String transactionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT status FROM transaction_log WHERE transaction_id = ?")) {
            select.setString(1, transactionId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(Status.valueOf(rows.getString(1))) : Optional.empty();
            }
        }
    }

    /** Events of ended transactions not yet confirmed in the outbox, oldest first. */
    public synchronized List<PendingEvent> pendingEvents() throws SQLException {
        List<PendingEvent> pending = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT transaction_id, event FROM transaction_log"
                        + " WHERE outbox_state = 'PENDING' ORDER BY ended_at")) {
            while (rows.next()) {
                pending.add(new PendingEvent(rows.getString(1), rows.getString(2)));
            }
        }
        return pending;
    }

    /** The outbox has committed this transaction's event. */
    public synchronized void markQueued(String transactionId) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE transaction_log SET outbox_state = 'QUEUED' WHERE transaction_id = ?")) {
            update.setString(1, transactionId);
            update.executeUpdate();
        }
    }

    private Optional<Instant> startedAt(String transactionId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT started_at FROM transaction_log WHERE transaction_id = ?")) {
            select.setString(1, transactionId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(Instant.parse(rows.getString(1))) : Optional.empty();
            }
        }
    }

    /**
     * Journals a decided crossing and ends its transaction (COMPLETED, event PENDING for the outbox) in one
     * SQLite transaction. A crossing without a STARTED row (the demo's pipeline run alone) gets one. A transaction
     * already ABORTED (it timed out while its checks ran) stays ABORTED: its checks are kept, its decision is not
     * what happened at the gate.
     */
    public synchronized void append(CrossingRecord record) throws SQLException {
        boolean auto = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            if (startedAt(record.transactionId()).isEmpty()) {
                started(record.transactionId(), record.gateId(), record.startedAt());
            }
            insertCrossing(record);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE transaction_log SET status = ?, ended_at = ?, event = ?, outbox_state = 'PENDING'"
                            + " WHERE transaction_id = ? AND status = 'STARTED'")) {
                update.setString(1, Status.COMPLETED.name());
                update.setString(2, record.finishedAt().toString());
                update.setString(3, record.toPublishedJson().encode());
                update.setString(4, record.transactionId());
                update.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(auto);
        }
    }

    /** Appends an officer's decision to the hash chain; returns the new entry's hash. */
    public synchronized String appendOfficerDecision(OfficerDecision decision) throws SQLException {
        long seq;
        String previous;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT seq, hash FROM officer_decision ORDER BY seq DESC LIMIT 1")) {
            seq = rows.next() ? rows.getLong(1) + 1 : 1;
            previous = seq == 1 ? GENESIS : rows.getString(2);
        }
        String hash = chainHash(previous, seq, decision.transactionId(), decision.officerId(),
                decision.verdict().name(), decision.reason(), decision.decidedAt().toString());
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO officer_decision VALUES (?,?,?,?,?,?,?,?)")) {
            insert.setLong(1, seq);
            insert.setString(2, decision.transactionId());
            insert.setString(3, decision.officerId());
            insert.setString(4, decision.verdict().name());
            insert.setString(5, decision.reason());
            insert.setString(6, decision.decidedAt().toString());
            insert.setString(7, previous);
            insert.setString(8, hash);
            insert.executeUpdate();
        }
        return hash;
    }

    /** Recomputes the whole chain and reports the first entry that does not fit. */
    public synchronized TrailCheck verifyOfficerTrail() throws SQLException {
        String previous = GENESIS;
        long expectedSeq = 1;
        long entries = 0;
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT seq, transaction_id, officer_id, verdict, reason,"
                        + " decided_at, prev_hash, hash FROM officer_decision ORDER BY seq")) {
            while (rows.next()) {
                entries++;
                long seq = rows.getLong(1);
                if (seq != expectedSeq) {
                    return broken(entries, seq, "sequence jumps from " + (expectedSeq - 1) + " to " + seq
                            + ": an entry was deleted", previous);
                }
                if (!rows.getString(7).equals(previous)) {
                    return broken(entries, seq, "does not point to the hash of entry " + (seq - 1), previous);
                }
                String hash = chainHash(previous, seq, rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getString(6));
                if (!hash.equals(rows.getString(8))) {
                    return broken(entries, seq, "content does not match its hash: the entry was edited", previous);
                }
                previous = hash;
                expectedSeq++;
            }
        }
        return new TrailCheck(entries, Optional.empty(), Optional.empty(), previous);
    }

    private static TrailCheck broken(long entries, long seq, String problem, String head) {
        return new TrailCheck(entries, Optional.of(seq), Optional.of("entry " + seq + " " + problem), head);
    }

    private static final String GENESIS = "0".repeat(64);

    /** SHA-256 over the previous hash and the entry's fields, each length-prefixed so no two field lists collide. */
    private static String chainHash(String previous, long seq, String... fields) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previous.getBytes(StandardCharsets.US_ASCII));
            sha.update(Long.toString(seq).getBytes(StandardCharsets.US_ASCII));
            for (String field : fields) {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private void insertCrossing(CrossingRecord record) throws SQLException {
        byte[] sealed = dataKey.encrypt(record.personal().encode().getBytes(StandardCharsets.UTF_8),
                record.transactionId().getBytes(StandardCharsets.UTF_8));
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO crossing VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
            insert.setString(1, record.transactionId());
            insert.setString(2, record.gateId());
            insert.setString(3, record.startedAt().toString());
            insert.setString(4, record.finishedAt().toString());
            insert.setString(5, record.decision().outcome().name());
            insert.setString(6, String.join(",", record.decision().reasons().stream().map(Enum::name).toList()));
            insert.setString(7, record.checks().encode());
            insert.setString(8, record.timingsMs().encode());
            insert.setString(9, record.versions().encode());
            insert.setString(10, record.statistics().encode());
            insert.setBytes(11, sealed);
            insert.setLong(12, clock.instant().plus(retention).toEpochMilli());
            insert.executeUpdate();
        }
    }

    /** The non-identifying columns of one journalled crossing: what statistics are made of. */
    public record StatisticsRow(Instant startedAt, Instant finishedAt, String outcome, List<String> reasons,
            JsonObject statistics, JsonObject timingsMs) {
    }

    /**
     * Every crossing started in [from, to), in stored order, without its personal fields. Read-only; for statistics.
     * Instants are stored as ISO text whose fraction has no fixed width, so SQL only narrows to whole seconds and
     * the exact bounds are applied here.
     */
    public synchronized void forEachStatistics(Instant from, Instant to, java.util.function.Consumer<StatisticsRow> sink)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT started_at, finished_at, outcome, reasons,"
                + " statistics, timings FROM crossing WHERE started_at >= ? AND started_at < ? ORDER BY started_at")) {
            select.setString(1, from.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(1).toString());
            select.setString(2, to.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1).toString());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Instant started = Instant.parse(rows.getString(1));
                    if (started.isBefore(from) || !started.isBefore(to)) {
                        continue;
                    }
                    String reasons = rows.getString(4);
                    sink.accept(new StatisticsRow(started, Instant.parse(rows.getString(2)), rows.getString(3),
                            reasons.isEmpty() ? List.of() : List.of(reasons.split(",")),
                            new JsonObject(rows.getString(5)), new JsonObject(rows.getString(6))));
                }
            }
        }
    }

    public synchronized int count() throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM crossing")) {
            return rows.getInt(1);
        }
    }

    /** The decrypted personal fields of one record, for an officer with an open case. */
    public synchronized Optional<JsonObject> personalFields(String transactionId) throws SQLException, GeneralSecurityException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT personal FROM crossing WHERE transaction_id = ?")) {
            select.setString(1, transactionId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                byte[] plain = dataKey.decrypt(rows.getBytes(1), transactionId.getBytes(StandardCharsets.UTF_8));
                return Optional.of(new JsonObject(new String(plain, StandardCharsets.UTF_8)));
            }
        }
    }

    /** Deletes every record whose retention period has ended; returns how many. */
    public synchronized int purgeExpired() throws SQLException {
        int purged;
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM crossing WHERE purge_after <= ?")) {
            delete.setLong(1, clock.instant().toEpochMilli());
            purged = delete.executeUpdate();
        }
        // Ended transactions whose event is in the outbox go with the same retention; the officer trail stays.
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM transaction_log"
                + " WHERE outbox_state = 'QUEUED' AND ended_at <= ?")) {
            delete.setString(1, clock.instant().minus(retention).toString());
            delete.executeUpdate();
        }
        return purged;
    }

    /** The instant the oldest remaining record was started, for operators. */
    public synchronized Optional<Instant> oldest() throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT min(started_at) FROM crossing")) {
            String value = rows.getString(1);
            return value == null ? Optional.empty() : Optional.of(Instant.parse(value));
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        connection.close();
    }
}
