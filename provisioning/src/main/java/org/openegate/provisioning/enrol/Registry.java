package org.openegate.provisioning.enrol;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.openegate.provisioning.enrol.EnrolmentException.Reason;

/**
 * The fleet registry ({@code D/registry.db}, SQLite in WAL mode): devices and their certificates, one-time
 * enrolment tokens, the serial allow-list, pending requests and revocations.
 *
 * <p>Tokens are {@code egt_<id>_<secret>}: only the SHA-256 of the 128-bit secret is stored, looked up by the id
 * and compared in constant time ({@link MessageDigest#isEqual}); a 128-bit random secret needs no slow hash. A
 * token is consumed by one {@code UPDATE ... WHERE used_at IS NULL} inside the write transaction, so two gates
 * presenting the same token — from one registrar or two — cannot both enrol.
 *
 * <p>Several processes may open the registry ({@code fleet serve} and {@code fleet approve}); SQLite's busy
 * timeout serialises their writes. Within one process the registry is one connection behind a lock.
 */
public final class Registry implements AutoCloseable {

    static final String TOKEN_PREFIX = "egt_";
    private static final int TOKEN_ID_BYTES = 6;
    private static final int TOKEN_SECRET_BYTES = 16;

    private final Connection connection;
    private final Clock clock;
    private final Path file;

    private Registry(Path file, Connection connection, Clock clock) {
        this.file = file;
        this.connection = connection;
        this.clock = clock;
    }

    /**
     * Opens the registry of the fleet in {@code fleetDir} without its keys: approving serials, making tokens and
     * reading the status need no passphrase.
     */
    public static Registry openFleet(Path fleetDir, Clock clock) {
        if (!Files.isRegularFile(fleetDir.resolve(Fleet.REGISTRY))) {
            throw new EnrolmentException(Reason.BAD_CONFIGURATION,
                    "fleet directory " + fleetDir + " has no " + Fleet.REGISTRY + " (run egate fleet init first)");
        }
        return open(fleetDir.resolve(Fleet.REGISTRY), clock);
    }

    static Registry open(Path file, Clock clock) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("CREATE TABLE IF NOT EXISTS devices (device_id TEXT PRIMARY KEY, site TEXT NOT NULL,"
                        + " hardware TEXT NOT NULL, status TEXT NOT NULL, enrolled_at INTEGER NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS certificates (serial TEXT PRIMARY KEY, device_id TEXT NOT NULL,"
                        + " not_before INTEGER NOT NULL, not_after INTEGER NOT NULL, issued_at INTEGER NOT NULL,"
                        + " revoked_at INTEGER, der BLOB NOT NULL)");
                s.execute("CREATE INDEX IF NOT EXISTS certificates_device ON certificates(device_id)");
                s.execute("CREATE TABLE IF NOT EXISTS tokens (id TEXT PRIMARY KEY, hash BLOB NOT NULL, site TEXT,"
                        + " created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, used_at INTEGER, used_by TEXT)");
                s.execute("CREATE TABLE IF NOT EXISTS approvals (serial TEXT PRIMARY KEY, site TEXT,"
                        + " approved_at INTEGER NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS pending (serial TEXT PRIMARY KEY, site TEXT NOT NULL,"
                        + " hardware TEXT NOT NULL, first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL,"
                        + " attempts INTEGER NOT NULL)");
                s.execute("CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)");
                // Claim certificates the fleet issued: the broker's dynamic security needs each claim user by name
                // (Mosquitto 2.0.11's plugin has no %u patterns), and they drop off when the certificate expires.
                s.execute("CREATE TABLE IF NOT EXISTS claims (user TEXT PRIMARY KEY, serial TEXT NOT NULL,"
                        + " not_after INTEGER NOT NULL)");
                addColumnIfMissing(c, "certificates", "reason", "TEXT");
            }
            return new Registry(file, c, clock);
        } catch (SQLException | java.io.IOException e) {
            throw new EnrolmentException(Reason.STORAGE, "cannot open the registry " + file + ": " + e.getMessage(), e);
        }
    }

    /** Registries made before a column existed get it on open (SQLite has no ADD COLUMN IF NOT EXISTS). */
    private static void addColumnIfMissing(Connection c, String table, String column, String type) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA table_info(" + table + ")")) {
            while (r.next()) {
                if (column.equals(r.getString("name"))) {
                    return;
                }
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type);
        }
    }

    // ---- operator actions ------------------------------------------------------------------------------------

    /**
     * Makes a one-time enrolment token, valid for {@code validity}, optionally only for gates of {@code site}. The
     * token is returned once and only its hash is kept: print it to the operator, never log it.
     */
    public synchronized String createToken(Optional<String> site, Duration validity, SecureRandom random) {
        byte[] id = new byte[TOKEN_ID_BYTES];
        byte[] secret = new byte[TOKEN_SECRET_BYTES];
        random.nextBytes(id);
        random.nextBytes(secret);
        String idHex = HexFormat.of().formatHex(id);
        String secretHex = HexFormat.of().formatHex(secret);
        Instant now = clock.instant();
        write(() -> {
            try (PreparedStatement p = connection.prepareStatement(
                    "INSERT INTO tokens(id, hash, site, created_at, expires_at) VALUES (?,?,?,?,?)")) {
                p.setString(1, idHex);
                p.setBytes(2, sha256(secretHex));
                p.setString(3, site.orElse(null));
                p.setLong(4, now.toEpochMilli());
                p.setLong(5, now.plus(validity).toEpochMilli());
                p.executeUpdate();
            }
            return null;
        });
        return TOKEN_PREFIX + idHex + "_" + secretHex;
    }

    /** Puts {@code serial} on the allow-list (optionally for one site only) and clears its pending request. */
    public synchronized void approve(String serial, Optional<String> site) {
        Instant now = clock.instant();
        write(() -> {
            try (PreparedStatement p = connection.prepareStatement(
                    "INSERT OR REPLACE INTO approvals(serial, site, approved_at) VALUES (?,?,?)")) {
                p.setString(1, serial);
                p.setString(2, site.orElse(null));
                p.setLong(3, now.toEpochMilli());
                p.executeUpdate();
            }
            try (PreparedStatement p = connection.prepareStatement("DELETE FROM pending WHERE serial = ?")) {
                p.setString(1, serial);
                p.executeUpdate();
            }
            return null;
        });
    }

    public synchronized List<DeviceRecord> devices() {
        return read(() -> {
            List<DeviceRecord> out = new ArrayList<>();
            try (PreparedStatement p = connection.prepareStatement(DEVICE_QUERY + " ORDER BY d.device_id");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(device(r));
                }
            }
            return out;
        });
    }

    public synchronized Optional<DeviceRecord> device(String deviceId) {
        return read(() -> {
            try (PreparedStatement p = connection.prepareStatement(DEVICE_QUERY + " WHERE d.device_id = ?")) {
                p.setString(1, deviceId);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(device(r)) : Optional.<DeviceRecord>empty();
                }
            }
        });
    }

    public synchronized List<PendingRequest> pending() {
        return read(() -> {
            List<PendingRequest> out = new ArrayList<>();
            try (PreparedStatement p = connection.prepareStatement(
                    "SELECT serial, site, hardware, first_seen, last_seen, attempts FROM pending ORDER BY first_seen");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new PendingRequest(r.getString(1), r.getString(2), r.getString(3),
                            Instant.ofEpochMilli(r.getLong(4)), Instant.ofEpochMilli(r.getLong(5)), r.getInt(6)));
                }
            }
            return out;
        });
    }

    /** Counts for {@code fleet status}. */
    public record Summary(int active, int revoked, int pending, int unusedTokens, int approvals) {
    }

    public synchronized Summary summary() {
        Instant now = clock.instant();
        return read(() -> new Summary(
                count("SELECT COUNT(*) FROM devices WHERE status = 'ACTIVE'"),
                count("SELECT COUNT(*) FROM devices WHERE status = 'REVOKED'"),
                count("SELECT COUNT(*) FROM pending"),
                count("SELECT COUNT(*) FROM tokens WHERE used_at IS NULL AND expires_at > " + now.toEpochMilli()),
                count("SELECT COUNT(*) FROM approvals")));
    }

    // ---- registrar machinery ---------------------------------------------------------------------------------

    private static final String DEVICE_QUERY = "SELECT d.device_id, d.site, d.hardware, d.status, d.enrolled_at,"
            + " c.serial, c.not_after FROM devices d JOIN certificates c ON c.serial ="
            + " (SELECT serial FROM certificates WHERE device_id = d.device_id ORDER BY issued_at DESC, not_after DESC LIMIT 1)";

    private static DeviceRecord device(ResultSet r) throws SQLException {
        return new DeviceRecord(r.getString(1), r.getString(2), r.getString(3),
                DeviceRecord.Status.valueOf(r.getString(4)), Instant.ofEpochMilli(r.getLong(5)),
                new BigInteger(r.getString(6), 16), Instant.ofEpochMilli(r.getLong(7)));
    }

    /** Runs {@code work} in one write transaction ({@code BEGIN IMMEDIATE}): the registrar's batch of requests. */
    synchronized <T> T inTransaction(SqlWork<T> work) {
        return write(work);
    }

    /**
     * Runs one request's writes inside the batch transaction under a savepoint: a request refused half-way (say,
     * after its token was checked) leaves nothing behind, and the rest of the batch still commits.
     */
    <T> T request(SqlWork<T> work) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("SAVEPOINT request");
        }
        boolean released = false;
        try {
            T result = work.run();
            try (Statement s = connection.createStatement()) {
                s.execute("RELEASE request");
            }
            released = true;
            return result;
        } finally {
            if (!released) {
                try (Statement s = connection.createStatement()) {
                    s.execute("ROLLBACK TO request");
                    s.execute("RELEASE request");
                }
            }
        }
    }

    /**
     * Checks and consumes a one-time token for {@code serial} at {@code site}; must run inside
     * {@link #inTransaction}. Throws {@link Reason#BAD_TOKEN} naming the token's id only (never its secret).
     */
    void consumeToken(String token, String serial, String site) throws SQLException {
        String[] parts = token.startsWith(TOKEN_PREFIX) ? token.substring(TOKEN_PREFIX.length()).split("_", -1) : null;
        if (parts == null || parts.length != 2 || !parts[0].matches("[0-9a-f]{" + 2 * TOKEN_ID_BYTES + "}")
                || !parts[1].matches("[0-9a-f]{" + 2 * TOKEN_SECRET_BYTES + "}")) {
            throw new EnrolmentException(Reason.BAD_TOKEN, "the token of " + serial + " is not egt_<id>_<secret>");
        }
        String id = parts[0];
        byte[] stored;
        String tokenSite;
        long expires;
        Long used;
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT hash, site, expires_at, used_at FROM tokens WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    throw new EnrolmentException(Reason.BAD_TOKEN, "token id " + id + " of " + serial + " is unknown");
                }
                stored = r.getBytes(1);
                tokenSite = r.getString(2);
                expires = r.getLong(3);
                long usedAt = r.getLong(4);
                used = r.wasNull() ? null : usedAt;
            }
        }
        if (!MessageDigest.isEqual(stored, sha256(parts[1]))) {
            throw new EnrolmentException(Reason.BAD_TOKEN, "token id " + id + " of " + serial + " has a wrong secret");
        }
        long now = clock.millis();
        if (expires <= now) {
            throw new EnrolmentException(Reason.BAD_TOKEN, "token id " + id + " expired at " + Instant.ofEpochMilli(expires));
        }
        if (tokenSite != null && !tokenSite.equals(site)) {
            throw new EnrolmentException(Reason.BAD_TOKEN,
                    "token id " + id + " is for site " + tokenSite + ", not " + site);
        }
        try (PreparedStatement p = connection.prepareStatement(
                "UPDATE tokens SET used_at = ?, used_by = ? WHERE id = ? AND used_at IS NULL")) {
            p.setLong(1, now);
            p.setString(2, serial);
            p.setString(3, id);
            if (used != null || p.executeUpdate() != 1) {
                throw new EnrolmentException(Reason.BAD_TOKEN, "token id " + id + " was used already");
            }
        }
    }

    /** True if {@code serial} is on the allow-list for {@code site} (or for any site). Inside a transaction. */
    boolean isApproved(String serial, String site) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT 1 FROM approvals WHERE serial = ? AND (site IS NULL OR site = ?)")) {
            p.setString(1, serial);
            p.setString(2, site);
            try (ResultSet r = p.executeQuery()) {
                return r.next();
            }
        }
    }

    /** Notes (or counts again) a request waiting for approval. Inside a transaction. */
    void recordPending(String serial, String site, String hardware) throws SQLException {
        long now = clock.millis();
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO pending(serial, site, hardware, first_seen,"
                + " last_seen, attempts) VALUES (?,?,?,?,?,1) ON CONFLICT(serial) DO UPDATE SET last_seen = excluded.last_seen,"
                + " attempts = attempts + 1, site = excluded.site, hardware = excluded.hardware")) {
            p.setString(1, serial);
            p.setString(2, site);
            p.setString(3, hardware);
            p.setLong(4, now);
            p.setLong(5, now);
            p.executeUpdate();
        }
    }

    /** The device's status inside a transaction, or null if unknown. */
    DeviceRecord.Status statusOf(String deviceId) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT status FROM devices WHERE device_id = ?")) {
            p.setString(1, deviceId);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? DeviceRecord.Status.valueOf(r.getString(1)) : null;
            }
        }
    }

    /** Stores a new device (first enrolment). Inside a transaction. */
    void insertDevice(String deviceId, String site, String hardware) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT INTO devices(device_id, site, hardware, status, enrolled_at) VALUES (?,?,?,'ACTIVE',?)")) {
            p.setString(1, deviceId);
            p.setString(2, site);
            p.setString(3, hardware);
            p.setLong(4, clock.millis());
            p.executeUpdate();
        }
        try (PreparedStatement p = connection.prepareStatement("DELETE FROM pending WHERE serial = ?")) {
            p.setString(1, deviceId);
            p.executeUpdate();
        }
    }

    /** Stores a certificate issued to a device. Inside a transaction. */
    void insertCertificate(String deviceId, X509Certificate certificate) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("INSERT INTO certificates(serial, device_id, not_before,"
                + " not_after, issued_at, der) VALUES (?,?,?,?,?,?)")) {
            p.setString(1, certificate.getSerialNumber().toString(16));
            p.setString(2, deviceId);
            p.setLong(3, certificate.getNotBefore().getTime());
            p.setLong(4, certificate.getNotAfter().getTime());
            p.setLong(5, clock.millis());
            try {
                p.setBytes(6, certificate.getEncoded());
            } catch (java.security.cert.CertificateEncodingException e) {
                throw new SQLException("cannot encode certificate " + certificate.getSerialNumber().toString(16), e);
            }
            p.executeUpdate();
        }
    }

    /** The newest unrevoked certificate issued to the device. Inside a transaction. */
    Optional<X509Certificate> latestCertificate(String deviceId) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement("SELECT der FROM certificates WHERE device_id = ?"
                + " AND revoked_at IS NULL ORDER BY issued_at DESC, not_after DESC LIMIT 1")) {
            p.setString(1, deviceId);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(Pki.certificate(r.getBytes(1)));
                } catch (java.security.GeneralSecurityException e) {
                    throw new SQLException("stored certificate of " + deviceId + " does not parse", e);
                }
            }
        }
    }

    /** True if this exact certificate was issued to {@code deviceId} and is not revoked. Inside a transaction. */
    boolean isCurrent(String deviceId, BigInteger serial) throws SQLException {
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT 1 FROM certificates WHERE serial = ? AND device_id = ? AND revoked_at IS NULL")) {
            p.setString(1, serial.toString(16));
            p.setString(2, deviceId);
            try (ResultSet r = p.executeQuery()) {
                return r.next();
            }
        }
    }

    /**
     * Marks the device and every certificate it was issued as revoked. Returns false if it was unknown or revoked
     * already.
     */
    public synchronized boolean markRevoked(String deviceId) {
        long now = clock.millis();
        return write(() -> {
            int changed;
            try (PreparedStatement p = connection.prepareStatement(
                    "UPDATE devices SET status = 'REVOKED' WHERE device_id = ? AND status = 'ACTIVE'")) {
                p.setString(1, deviceId);
                changed = p.executeUpdate();
            }
            try (PreparedStatement p = connection.prepareStatement(
                    "UPDATE certificates SET revoked_at = ?, reason = ? WHERE device_id = ? AND revoked_at IS NULL")) {
                p.setLong(1, now);
                p.setString(2, RevocationReason.CESSATION_OF_OPERATION.name());
                p.setString(3, deviceId);
                p.executeUpdate();
            }
            return changed == 1;
        });
    }

    /** Serials of revoked certificates that have not expired yet (expired ones need no CRL entry, RFC 5280 §3.3). */
    synchronized List<BigInteger> revokedSerials() {
        return new ArrayList<>(revocations().keySet());
    }

    /** Why a certificate is on the CRL (RFC 5280 §5.3.1 reasonCode). */
    enum RevocationReason {
        /** The device was revoked (retired, lost, stolen): all its certificates go. */
        CESSATION_OF_OPERATION,
        /** A rotation replaced the certificate and the gate confirmed the new one (or the grace period ran out). */
        SUPERSEDED
    }

    /** Revoked, unexpired certificates and why, ordered by serial: the CRL's entries. */
    synchronized java.util.SortedMap<BigInteger, RevocationReason> revocations() {
        long now = clock.millis();
        return read(() -> {
            java.util.SortedMap<BigInteger, RevocationReason> out = new java.util.TreeMap<>();
            try (PreparedStatement p = connection.prepareStatement(
                    "SELECT serial, reason FROM certificates WHERE revoked_at IS NOT NULL AND not_after > ?")) {
                p.setLong(1, now);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        String reason = r.getString(2);
                        // rows revoked before the reason column existed were all device revocations
                        out.put(new BigInteger(r.getString(1), 16),
                                reason == null ? RevocationReason.CESSATION_OF_OPERATION : RevocationReason.valueOf(reason));
                    }
                }
            }
            return out;
        });
    }

    /**
     * Supersedes every other unrevoked certificate of {@code deviceId} once the gate has shown it uses
     * {@code confirmed} (which must be its, issued by the registry, and unrevoked). Returns how many went on the
     * CRL; 0 when {@code confirmed} is not a current certificate of the device (nothing changes then).
     */
    int supersedeAllBut(String deviceId, BigInteger confirmed) throws SQLException {
        if (!isCurrent(deviceId, confirmed)) {
            return 0;
        }
        try (PreparedStatement p = connection.prepareStatement("UPDATE certificates SET revoked_at = ?, reason = ?"
                + " WHERE device_id = ? AND serial <> ? AND revoked_at IS NULL")) {
            p.setLong(1, clock.millis());
            p.setString(2, RevocationReason.SUPERSEDED.name());
            p.setString(3, deviceId);
            p.setString(4, confirmed.toString(16));
            return p.executeUpdate();
        }
    }

    /**
     * The grace-period path: supersedes each active device's unrevoked certificates that are older than its newest
     * one, when that newest one was issued before {@code issuedBefore} (the gate never confirmed it). Returns the
     * ids of the devices whose certificates went on the CRL.
     */
    synchronized List<String> supersedeUnconfirmed(Instant issuedBefore) {
        long now = clock.millis();
        return write(() -> {
            List<String> devices = new ArrayList<>();
            try (PreparedStatement p = connection.prepareStatement("SELECT DISTINCT old.device_id FROM certificates old"
                    + " JOIN devices d ON d.device_id = old.device_id AND d.status = 'ACTIVE'"
                    + " WHERE old.revoked_at IS NULL AND EXISTS (SELECT 1 FROM certificates new"
                    + " WHERE new.device_id = old.device_id AND new.revoked_at IS NULL AND new.issued_at > old.issued_at"
                    + " AND new.issued_at < ?) ORDER BY old.device_id")) {
                p.setLong(1, issuedBefore.toEpochMilli());
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        devices.add(r.getString(1));
                    }
                }
            }
            for (String device : devices) {
                try (PreparedStatement p = connection.prepareStatement("UPDATE certificates SET revoked_at = ?,"
                        + " reason = ? WHERE device_id = ? AND revoked_at IS NULL AND serial <> (SELECT serial FROM"
                        + " certificates WHERE device_id = ? AND revoked_at IS NULL ORDER BY issued_at DESC,"
                        + " not_after DESC LIMIT 1)")) {
                    p.setLong(1, now);
                    p.setString(2, RevocationReason.SUPERSEDED.name());
                    p.setString(3, device);
                    p.setString(4, device);
                    p.executeUpdate();
                }
            }
            return devices;
        });
    }

    /** Notes a claim certificate the fleet issued (its user {@code claim-<id>} and expiry). */
    synchronized void recordClaim(String user, BigInteger serial, Instant notAfter) {
        write(() -> {
            try (PreparedStatement p = connection.prepareStatement("INSERT INTO claims(user, serial, not_after)"
                    + " VALUES (?,?,?) ON CONFLICT(user) DO UPDATE SET serial = excluded.serial,"
                    + " not_after = MAX(not_after, excluded.not_after)")) {
                p.setString(1, user);
                p.setString(2, serial.toString(16));
                p.setLong(3, notAfter.toEpochMilli());
                p.executeUpdate();
            }
            return null;
        });
    }

    /** Users of unexpired claim certificates, for the broker's dynamic security. */
    synchronized List<String> activeClaimUsers() {
        long now = clock.millis();
        return read(() -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement p = connection.prepareStatement(
                    "SELECT user FROM claims WHERE not_after > ? ORDER BY user")) {
                p.setLong(1, now);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /** Active devices' ids and sites, for the broker ACL. */
    synchronized List<String[]> activeDevices() {
        return read(() -> {
            List<String[]> out = new ArrayList<>();
            try (PreparedStatement p = connection.prepareStatement(
                    "SELECT device_id, site FROM devices WHERE status = 'ACTIVE' ORDER BY device_id");
                 ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new String[] {r.getString(1), r.getString(2)});
                }
            }
            return out;
        });
    }

    /** The next value of a monotonic counter (the CRL number, RFC 5280 §5.2.3). */
    synchronized BigInteger next(String counter) {
        return write(() -> {
            try (PreparedStatement p = connection.prepareStatement("INSERT INTO counters(name, value) VALUES (?, 1)"
                    + " ON CONFLICT(name) DO UPDATE SET value = value + 1")) {
                p.setString(1, counter);
                p.executeUpdate();
            }
            try (PreparedStatement p = connection.prepareStatement("SELECT value FROM counters WHERE name = ?")) {
                p.setString(1, counter);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    return BigInteger.valueOf(r.getLong(1));
                }
            }
        });
    }

    // ---- plumbing --------------------------------------------------------------------------------------------

    /** A unit of SQL work. */
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    private int count(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getInt(1) : 0;
        }
    }

    private <T> T read(SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new EnrolmentException(Reason.STORAGE, "registry " + file + ": " + e.getMessage(), e);
        }
    }

    private <T> T write(SqlWork<T> work) {
        try {
            try (Statement s = connection.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
            }
            boolean committed = false;
            try {
                T result = work.run();
                try (Statement s = connection.createStatement()) {
                    s.execute("COMMIT");
                }
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    try (Statement s = connection.createStatement()) {
                        s.execute("ROLLBACK");
                    }
                }
            }
        } catch (SQLException e) {
            throw new EnrolmentException(Reason.STORAGE, "registry " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new EnrolmentException(Reason.STORAGE, "closing the registry " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Registry[" + file + "]";
    }
}
