package org.openegate.gate.journal;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
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
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return new Journal(connection, dataKey, clock, retention);
    }

    public void append(CrossingRecord record) throws SQLException {
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

    public int count() throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM crossing")) {
            return rows.getInt(1);
        }
    }

    /** The decrypted personal fields of one record, for an officer with an open case. */
    public Optional<JsonObject> personalFields(String transactionId) throws SQLException, GeneralSecurityException {
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
    public int purgeExpired() throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM crossing WHERE purge_after <= ?")) {
            delete.setLong(1, clock.instant().toEpochMilli());
            return delete.executeUpdate();
        }
    }

    /** The instant the oldest remaining record was started, for operators. */
    public Optional<Instant> oldest() throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT min(started_at) FROM crossing")) {
            String value = rows.getString(1);
            return value == null ? Optional.empty() : Optional.of(Instant.parse(value));
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
