package org.openegate.mqtt;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.SecretKey;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.tinylog.Logger;

/**
 * A durable store-and-forward queue of {@link OutboxEvent}s in one SQLite file.
 *
 * <h2>How it survives a crash</h2>
 * <ul>
 *   <li><b>Commit before publish.</b> {@link #enqueue} returns only once the event's transaction has
 *       committed. Nothing reaches the broker that is not already on disk, so a crash at any point loses
 *       nothing the caller was told is stored.</li>
 *   <li><b>WAL with {@code synchronous=FULL}.</b> In WAL mode, FULL fsyncs the write-ahead log at every
 *       commit, so a committed event survives power loss, not only a process crash. NORMAL would fsync
 *       only at checkpoints: still safe against a JVM crash, but the last transactions can roll back when
 *       power is cut, and a gate does lose power (maintenance, a tripped breaker) right after a traveller
 *       has walked through. A crossing record must not vanish then, so we pay one fsync per commit and
 *       win the throughput back with group commit.</li>
 *   <li><b>Group commit.</b> All database work runs on one thread ({@code egate-outbox}) that drains
 *       whatever requests are waiting (up to {@code maxBatch}) and runs them in ONE transaction, each
 *       insert in its own savepoint so one bad event (a duplicate id) fails alone. Many concurrent
 *       producers therefore share one fsync; a lone producer pays one fsync per event.</li>
 *   <li><b>Delete after PUBACK only.</b> An event leaves the file when the broker has acknowledged it
 *       ({@link #ack}). A crash between PUBACK and the delete re-sends it after restart: delivery is
 *       at least once, and consumers de-duplicate on {@code eventId}.</li>
 *   <li><b>Order.</b> {@code seq} is an AUTOINCREMENT key, so it never goes backwards, even after the
 *       table empties or the process restarts. Events are claimed for publishing in {@code seq} order
 *       within each priority class; a stream has one fixed class ({@link Stream#priority()}), so each
 *       stream keeps its order. Records are claimed before telemetry, so a backlog drains records first.</li>
 *   <li><b>Shedding.</b> Only {@link PriorityClass#TELEMETRY} is ever dropped: when more than
 *       {@code maxTelemetry} telemetry events wait, the oldest are deleted in the same transaction that
 *       inserted the new ones. Records are never dropped; if the disk is full, enqueue fails loudly
 *       ({@link OutboxException.Reason#STORAGE}) so the gate can stop admitting travellers.</li>
 *   <li><b>At rest.</b> With a payload key ({@link #open(Path, Config, SecretKey, SecureRandom)}) every
 *       payload is AES-GCM encrypted before it reaches SQLite (WAL included), bound to its event id and
 *       stream; ids, streams and times stay clear so ordering and shedding need no key.</li>
 *   <li><b>In flight.</b> Which events are out on the wire is memory only: after a restart or a lost
 *       connection everything not yet acknowledged is claimed again, oldest first.</li>
 * </ul>
 */
public final class Outbox implements AutoCloseable {

    /**
     * Tuning, validated whole.
     *
     * @param maxTelemetry          most telemetry events kept; beyond it the oldest are shed
     * @param maxBatch              most operations per transaction (group commit)
     * @param maxBytes              the disk bound: payload bytes plus {@value #ROW_OVERHEAD} per event, all
     *                              classes. Past {@value #HIGH_WATER_PERCENT}% telemetry is shed and an alarm
     *                              raised; records are refused ({@link OutboxException.Reason#FULL}) only
     *                              beyond {@code maxBytes - }{@value #ALARM_ROOM}. Leave room on the disk for
     *                              SQLite's page slack and the WAL (about 2x at worst before a checkpoint).
     * @param travellerReserveBytes what one traveller's records may need (crossing, referral, decision);
     *                              {@link #admitsNewTravellers()} is false unless this much still fits
     */
    public record Config(int maxTelemetry, int maxBatch, long maxBytes, long travellerReserveBytes) {
        public static final Config DEFAULT = new Config(10_000, 512);
        /** Bytes counted per event on top of its payload: id, stream, time, index entries. */
        public static final int ROW_OVERHEAD = 128;
        /** Above this share of {@code maxBytes} telemetry is shed and the HIGH alarm raised. */
        public static final int HIGH_WATER_PERCENT = 95;
        /** The HIGH alarm clears below this share, so a level near 95% does not flap. */
        public static final int CLEAR_PERCENT = 90;
        /** Kept free of records so the FULL alarm itself always fits. */
        public static final int ALARM_ROOM = 4096;

        /** Defaults of 256 MiB on disk and a 1 MiB reserve per traveller. */
        public Config(int maxTelemetry, int maxBatch) {
            this(maxTelemetry, maxBatch, 256L << 20, 1L << 20);
        }

        public Config {
            if (maxTelemetry < 1) {
                throw new IllegalArgumentException("maxTelemetry " + maxTelemetry + " must be at least 1");
            }
            if (maxBatch < 1 || maxBatch > 10_000) {
                throw new IllegalArgumentException("maxBatch " + maxBatch + " is outside 1..10000");
            }
            if (travellerReserveBytes < OutboxEvent.MAX_PAYLOAD_BYTES + ROW_OVERHEAD) {
                throw new IllegalArgumentException("travellerReserveBytes " + travellerReserveBytes
                        + " is below one largest event (" + (OutboxEvent.MAX_PAYLOAD_BYTES + ROW_OVERHEAD) + ")");
            }
            if (maxBytes < 4 * travellerReserveBytes + ALARM_ROOM) {
                throw new IllegalArgumentException("maxBytes " + maxBytes + " must be at least four traveller reserves ("
                        + travellerReserveBytes + ") plus " + ALARM_ROOM);
            }
        }

        long highWater() {
            return maxBytes / 100 * HIGH_WATER_PERCENT;
        }

        long clearLevel() {
            return maxBytes / 100 * CLEAR_PERCENT;
        }

        long recordLimit() {
            return maxBytes - ALARM_ROOM;
        }
    }

    /**
     * How full the outbox is. {@link Level#FULL} means a new traveller's records might not fit: the gate must
     * stop admitting travellers (the ones in progress still fit, in the reserve).
     */
    public record Capacity(long usedBytes, long maxBytes, long recordBytes, long telemetryBytes, Level level) {
        public enum Level {
            /** Below the high-water mark. */
            NORMAL,
            /** Past {@value Config#HIGH_WATER_PERCENT}%: telemetry is being shed. */
            HIGH,
            /** Records leave less than one traveller reserve (or the disk itself is nearly full). */
            FULL
        }

        public boolean admitsNewTravellers() {
            return level != Level.FULL;
        }
    }

    private static final int SCHEMA_VERSION = 1;

    private final Path file;
    private final FileChannel lockChannel;
    private final PayloadSealer sealer;
    private final Config config;
    private final Connection db;
    private final PreparedStatement insert;
    private final PreparedStatement delete;
    private final PreparedStatement selectClass;
    private final PreparedStatement shed;
    private final BlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private final Map<PriorityClass, AtomicLong> counts = new EnumMap<>(PriorityClass.class);
    private final AtomicLong shedCount = new AtomicLong();
    private final Map<PriorityClass, AtomicLong> bytes = new EnumMap<>(PriorityClass.class);
    private final java.time.Clock clock;
    private final java.util.Random random;
    /** The level last announced on the health stream (worker thread only). */
    private volatile Capacity.Level announced = Capacity.Level.NORMAL;
    /** Set when a batch passed the high-water mark; cleared once usage falls below the clear level. */
    private volatile boolean highWater;
    /** The newest alarm event: never shed, so the latest outbox state always reaches central. */
    private volatile String protectedAlarmId = "";
    private final Object depthChanged = new Object();
    private volatile boolean closed;
    private volatile Runnable onEnqueued = () -> { };

    // Claim cursors: the highest seq handed out per class. Touched on the worker thread only.
    private final Map<PriorityClass, Long> cursors = new EnumMap<>(PriorityClass.class);

    private Outbox(Path file, Config config, Connection db, FileChannel lockChannel, PayloadSealer sealer,
            java.time.Clock clock, java.util.Random random) throws SQLException {
        this.clock = clock;
        this.random = random;
        this.lockChannel = lockChannel;
        this.sealer = sealer;
        this.file = file;
        this.config = config;
        this.db = db;
        this.insert = db.prepareStatement(
                "INSERT INTO outbox(event_id, stream, priority, payload, created, sealed) VALUES (?, ?, ?, ?, ?, ?)");
        this.delete = db.prepareStatement("DELETE FROM outbox WHERE event_id = ?");
        this.selectClass = db.prepareStatement(
                "SELECT seq, event_id, stream, payload, created, sealed FROM outbox"
                        + " WHERE priority = ? AND seq > ? ORDER BY seq LIMIT ?");
        this.shed = db.prepareStatement(
                "DELETE FROM outbox WHERE priority = 'TELEMETRY' AND seq <= ? AND event_id != ?");
        for (PriorityClass c : PriorityClass.values()) {
            counts.put(c, new AtomicLong());
            bytes.put(c, new AtomicLong());
            cursors.put(c, 0L);
        }
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT priority, COUNT(*), COALESCE(SUM(length(payload)), 0) FROM outbox"
                     + " GROUP BY priority")) {
            while (rs.next()) {
                PriorityClass c = PriorityClass.valueOf(rs.getString(1));
                counts.get(c).set(rs.getLong(2));
                bytes.get(c).set(rs.getLong(3) + rs.getLong(2) * Config.ROW_OVERHEAD);
            }
        }
        db.setAutoCommit(false);
        this.worker = new Thread(this::run, "egate-outbox");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /** Opens (creating if needed) the outbox in {@code file} with default tuning. */
    public static Outbox open(Path file) {
        return open(file, Config.DEFAULT);
    }

    /** Opens (creating if needed) the outbox in {@code file}; payloads are stored as given. */
    public static Outbox open(Path file, Config config) {
        return open(file, config, PayloadSealer.none(), java.time.Clock.systemUTC(), new SecureRandom());
    }

    /**
     * As {@link #open(Path, Config)}; {@code clock} and {@code random} stamp and name the alarm events the
     * outbox raises on the health stream when it nears its disk bound.
     */
    public static Outbox open(Path file, Config config, java.time.Clock clock, SecureRandom random) {
        return open(file, config, PayloadSealer.none(), clock, random);
    }

    /**
     * Opens (creating if needed) the outbox in {@code file}, encrypting every payload at rest with
     * {@code payloadKey} (AES-128 or AES-256, GCM, a fresh nonce from {@code random} per event). Opening
     * fails with reason UNREADABLE if stored events do not decrypt with this key.
     */
    public static Outbox open(Path file, Config config, SecretKey payloadKey, SecureRandom random) {
        return open(file, config, PayloadSealer.aesGcm(payloadKey, random), java.time.Clock.systemUTC(), random);
    }

    private static Outbox open(Path file, Config config, PayloadSealer sealer, java.time.Clock clock,
            java.util.Random random) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(config, "config");
        Connection db = null;
        FileChannel lockChannel = null;
        FileLock lock = null;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            // One owner per outbox file: a second publisher on the same file would send every event twice
            // and race the deletes. An OS file lock dies with the process, so a crash never leaves it stale.
            Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new OutboxException(OutboxException.Reason.IN_USE,
                        "outbox " + file + " is already open (lock " + lockFile + " is held)", null);
            }
            // Generated keys off: otherwise the driver runs a regex over every statement's SQL to decide whether
            // to fetch last_insert_rowid(), a third of the worker's time in profiles; nothing here reads them.
            org.sqlite.SQLiteConfig sqlite = new org.sqlite.SQLiteConfig();
            sqlite.setGetGeneratedKeys(false);
            db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), sqlite.toProperties());
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA busy_timeout = 5000");
                try (ResultSet rs = st.executeQuery("PRAGMA journal_mode = WAL")) {
                    if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                        throw new OutboxException(OutboxException.Reason.STORAGE,
                                "outbox " + file + " could not switch to WAL mode", null);
                    }
                }
                st.execute("PRAGMA synchronous = FULL");
                // Deleted (published) records are personal data: overwrite their bytes rather than leave
                // them in free pages until reused.
                st.execute("PRAGMA secure_delete = ON");
                int version;
                try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
                    version = rs.next() ? rs.getInt(1) : 0;
                }
                if (version > SCHEMA_VERSION) {
                    throw new OutboxException(OutboxException.Reason.STORAGE, "outbox " + file + " has schema version "
                            + version + ", newer than the " + SCHEMA_VERSION + " this build understands", null);
                }
                st.execute("CREATE TABLE IF NOT EXISTS outbox ("
                        + " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                        + " event_id TEXT NOT NULL UNIQUE,"
                        + " stream TEXT NOT NULL,"
                        + " priority TEXT NOT NULL,"
                        + " payload BLOB NOT NULL,"
                        + " sealed INTEGER NOT NULL DEFAULT 0,"
                        + " created TEXT NOT NULL)");
                st.execute("CREATE INDEX IF NOT EXISTS outbox_priority_seq ON outbox(priority, seq)");
                // Seen command nonces (replay protection), kept until the command would have expired anyway.
                // In this file because it is already durable, locked to one owner and fsynced per commit.
                st.execute("CREATE TABLE IF NOT EXISTS command_nonce ("
                        + " key_id TEXT NOT NULL,"
                        + " nonce TEXT NOT NULL,"
                        + " keep_until INTEGER NOT NULL,"
                        + " PRIMARY KEY (key_id, nonce)) WITHOUT ROWID");
                addSealedColumnIfMissing(st);
                st.execute("PRAGMA user_version = " + SCHEMA_VERSION);
            }
            checkReadable(db, sealer, file);
            Outbox outbox = new Outbox(file, config, db, lockChannel, sealer, Objects.requireNonNull(clock, "clock"),
                    Objects.requireNonNull(random, "random"));
            Logger.info("Outbox {} opened: {} records and {} telemetry events waiting",
                    file, outbox.depth(PriorityClass.RECORD), outbox.depth(PriorityClass.TELEMETRY));
            return outbox;
        } catch (SQLException | java.io.IOException e) {
            closeQuietly(db);
            release(lockChannel);
            throw new OutboxException(OutboxException.Reason.STORAGE, "cannot open outbox " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(db);
            release(lockChannel);
            throw e;
        }
    }

    /**
     * The first outbox layout had no {@code sealed} column. Records queued by that build must still go out after an
     * upgrade, so the column is added (all old rows are plain, hence the default 0) instead of refusing the file.
     */
    private static void addSealedColumnIfMissing(Statement st) throws SQLException {
        try (ResultSet columns = st.executeQuery("PRAGMA table_info(outbox)")) {
            while (columns.next()) {
                if ("sealed".equals(columns.getString("name"))) {
                    return;
                }
            }
        }
        st.execute("ALTER TABLE outbox ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0");
    }

    /** Fails fast on a wrong or missing key, rather than leaving the publisher stuck on the first row. */
    private static void checkReadable(Connection db, PayloadSealer sealer, Path file) throws SQLException {
        try (Statement st = db.createStatement();
             ResultSet rs = st.executeQuery(
                     "SELECT event_id, stream, payload, sealed FROM outbox WHERE sealed = 1 ORDER BY seq LIMIT 1")) {
            if (rs.next()) {
                try {
                    sealer.open(rs.getString(1), Stream.valueOf(rs.getString(2)), rs.getBytes(3), true);
                } catch (OutboxException e) {
                    throw new OutboxException(OutboxException.Reason.UNREADABLE, "outbox " + file + ": "
                            + e.getMessage().substring(e.reason().name().length() + 2), e);
                }
            }
        }
    }

    private OutboxEvent read(String eventId, String stream, String priority, byte[] stored, String created, int sealed) {
        Stream s = Stream.valueOf(stream);
        return new OutboxEvent(eventId, s, PriorityClass.valueOf(priority), sealer.open(eventId, s, stored, sealed != 0),
                Instant.parse(created));
    }

    /**
     * Stores {@code event} durably; returns once it is committed to disk.
     *
     * @throws OutboxException with reason PAYLOAD_NOT_JSON, EVENT_ID_MISMATCH, DUPLICATE_EVENT_ID, STORAGE or CLOSED
     */
    public void enqueue(OutboxEvent event) {
        join(enqueueAsync(event));
    }

    /** Stores all {@code events} (each committed durably, in iteration order); returns once all are stored. */
    public void enqueueAll(Collection<OutboxEvent> events) {
        List<CompletableFuture<Void>> futures = new ArrayList<>(events.size());
        for (OutboxEvent e : events) {
            futures.add(enqueueAsync(e));
        }
        for (CompletableFuture<Void> f : futures) {
            join(f);
        }
    }

    /**
     * Stores {@code event}; the future completes once it is committed to disk, or fails with an
     * {@link OutboxException}. For event-loop callers that must not block. Non-async callbacks chained on
     * the future run on the outbox thread: keep them short, and never call blocking outbox methods there.
     */
    public CompletableFuture<Void> enqueueAsync(OutboxEvent event) {
        Objects.requireNonNull(event, "event");
        try {
            event.checkPayloadCarriesId();
        } catch (OutboxException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        submit(new Insert(event, done));
        return done;
    }

    /** How many events wait (not yet acknowledged by the broker), all classes. */
    public long depth() {
        long total = 0;
        for (AtomicLong c : counts.values()) {
            total += c.get();
        }
        return total;
    }

    /** How many events of {@code priority} wait. */
    public long depth(PriorityClass priority) {
        return counts.get(priority).get();
    }

    /** Waiting events per class. */
    public Map<PriorityClass, Long> counts() {
        Map<PriorityClass, Long> m = new EnumMap<>(PriorityClass.class);
        counts.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    /** How many telemetry events were shed (dropped, oldest first) since this outbox was opened. */
    public long shedCount() {
        return shedCount.get();
    }

    /**
     * How full the outbox is against its disk bound ({@link Config#maxBytes()}). {@code FULL} also when the
     * file system holding it has less than one traveller reserve left, whatever the bound says.
     */
    public Capacity capacity() {
        long rec = bytes.get(PriorityClass.RECORD).get();
        long tel = bytes.get(PriorityClass.TELEMETRY).get();
        Capacity.Level level = level(rec, tel);
        if (level != Capacity.Level.FULL && diskNearlyFull()) {
            level = Capacity.Level.FULL;
        }
        return new Capacity(rec + tel, config.maxBytes(), rec, tel, level);
    }

    /**
     * Whether the gate may admit another traveller: their records are sure to fit. The gate asks this before
     * opening the entry gate and shows "out of service" when it is false; no record is ever dropped to make room.
     */
    public boolean admitsNewTravellers() {
        return capacity().admitsNewTravellers();
    }

    private Capacity.Level level(long rec, long tel) {
        if (rec + config.travellerReserveBytes() > config.recordLimit()) {
            return Capacity.Level.FULL;
        }
        return highWater || rec + tel > config.highWater() ? Capacity.Level.HIGH : Capacity.Level.NORMAL;
    }

    private boolean diskNearlyFull() {
        try {
            return Files.getFileStore(file.toAbsolutePath().getParent()).getUsableSpace() < config.travellerReserveBytes();
        } catch (java.io.IOException e) {
            Logger.warn("Cannot read free space of {}: {}", file, e.getMessage());
            return false;
        }
    }

    /** Blocks until the outbox is empty or {@code timeout} has passed; returns the depth then. */
    public long awaitEmpty(Duration timeout) throws InterruptedException {
        return awaitDepthAtMost(0, timeout);
    }

    /** Blocks until at most {@code target} events wait or {@code timeout} has passed; returns the depth then. */
    long awaitDepthAtMost(long target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (depthChanged) {
            long depth;
            while ((depth = depth()) > target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return depth;
                }
                depthChanged.wait(Math.max(1, left / 1_000_000));
            }
            return depth;
        }
    }

    public Path file() {
        return file;
    }

    // ---- used by MqttPublisher ------------------------------------------------------------------------

    /** Called on the outbox thread after new events commit; must not block. */
    void onEnqueued(Runnable listener) {
        this.onEnqueued = Objects.requireNonNull(listener);
    }

    /**
     * Hands out up to {@code max} waiting events not handed out since the last {@link #releaseAll()},
     * records first, each class in {@code seq} order.
     */
    CompletableFuture<List<OutboxEvent>> claim(int max) {
        return task(db -> {
            List<OutboxEvent> out = new ArrayList<>(max);
            for (PriorityClass c : PriorityClass.values()) {
                int room = max - out.size();
                if (room <= 0) {
                    break;
                }
                selectClass.setString(1, c.name());
                selectClass.setLong(2, cursors.get(c));
                selectClass.setInt(3, room);
                try (ResultSet rs = selectClass.executeQuery()) {
                    while (rs.next()) {
                        cursors.put(c, rs.getLong(1));
                        out.add(read(rs.getString(2), rs.getString(3), c.name(), rs.getBytes(4), rs.getString(5),
                                rs.getInt(6)));
                    }
                }
            }
            return out;
        });
    }

    /** Forgets what was handed out, so the next claims start again from the oldest waiting event. */
    CompletableFuture<Void> releaseAll() {
        return task(db -> {
            cursors.replaceAll((c, v) -> 0L);
            return null;
        });
    }

    /**
     * The broker acknowledged {@code event}: delete it. Completes with true if this call removed it (false
     * when a duplicate PUBACK or shedding got there first).
     */
    CompletableFuture<Boolean> ack(OutboxEvent event) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        submit(new Delete(event, done));
        return done;
    }

    /**
     * Records a command nonce; true if it was not seen before. Returns once the nonce is committed, so a
     * command is never run twice across a crash. Nonces whose {@code keepUntil} is before {@code now} are
     * forgotten in the same transaction: a command that old is refused as expired before its nonce is looked up.
     */
    boolean firstNonceUse(String keyId, String nonce, java.time.Instant keepUntil, java.time.Instant now) {
        return join(task(db -> {
            try (PreparedStatement prune = db.prepareStatement("DELETE FROM command_nonce WHERE keep_until < ?");
                 PreparedStatement ins = db.prepareStatement(
                         "INSERT OR IGNORE INTO command_nonce(key_id, nonce, keep_until) VALUES (?, ?, ?)")) {
                prune.setLong(1, now.toEpochMilli());
                prune.executeUpdate();
                ins.setString(1, keyId);
                ins.setString(2, nonce);
                ins.setLong(3, keepUntil.toEpochMilli());
                return ins.executeUpdate() == 1;
            }
        }));
    }

    /** All waiting events in seq order (tests and diagnostics). */
    List<OutboxEvent> snapshot() {
        return join(task(db -> {
            List<OutboxEvent> out = new ArrayList<>();
            try (Statement st = db.createStatement();
                 ResultSet rs = st.executeQuery(
                         "SELECT event_id, stream, priority, payload, created, sealed FROM outbox ORDER BY seq")) {
                while (rs.next()) {
                    out.add(read(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getString(5),
                            rs.getInt(6)));
                }
            }
            return out;
        }));
    }

    // ---- the worker --------------------------------------------------------------------------------------

    private sealed interface Op permits Insert, Delete, Task, Stop { }

    private record Insert(OutboxEvent event, CompletableFuture<Void> done) implements Op { }

    private record Delete(OutboxEvent event, CompletableFuture<Boolean> done) implements Op { }

    private record Task<T>(SqlFunction<T> body, CompletableFuture<T> done) implements Op { }

    private record Stop() implements Op { }

    @FunctionalInterface
    private interface SqlFunction<T> {
        T apply(Connection db) throws SQLException;
    }

    private <T> CompletableFuture<T> task(SqlFunction<T> body) {
        CompletableFuture<T> done = new CompletableFuture<>();
        submit(new Task<>(body, done));
        return done;
    }

    private void submit(Op op) {
        if (closed) {
            failClosed(op);
            return;
        }
        queue.add(op);
        // close() may have drained the queue between our check and add; fail instead of hanging.
        if (closed && queue.remove(op)) {
            failClosed(op);
        }
    }

    private void run() {
        List<Op> batch = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, config.maxBatch() - 1);
            stop = batch.stream().anyMatch(op -> op instanceof Stop);
            runBatch(batch);
            batch.clear();
        }
        List<Op> rest = new ArrayList<>();
        queue.drainTo(rest);
        rest.forEach(Outbox::failClosed);
        try {
            db.commit();
            try (Statement st = db.createStatement()) {
                st.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        } catch (SQLException e) {
            Logger.warn("Outbox {} checkpoint at close failed: {}", file, e.getMessage());
        }
        closeQuietly(db);
        release(lockChannel);
    }

    /** Runs {@code batch} in one transaction; completes futures only after the commit. */
    private void runBatch(List<Op> batch) {
        List<Runnable> afterCommit = new ArrayList<>(batch.size());
        long[] delta = new long[PriorityClass.values().length];
        long[] byteDelta = new long[PriorityClass.values().length];
        boolean inserted = false;
        try {
            for (Op op : batch) {
                if (op instanceof Insert ins) {
                    int cls = ins.event().priority().ordinal();
                    OutcomeOrError r = fits(ins.event(), byteDelta[PriorityClass.RECORD.ordinal()]);
                    if (r.error == null) {
                        r = insert(ins.event());
                    }
                    if (r.error == null) {
                        delta[cls]++;
                        byteDelta[cls] += r.cost;
                        inserted = true;
                        afterCommit.add(() -> ins.done().complete(null));
                    } else {
                        OutboxException err = r.error;
                        afterCommit.add(() -> ins.done().completeExceptionally(err));
                    }
                } else if (op instanceof Delete del) {
                    delete.setString(1, del.event().eventId());
                    int n = delete.executeUpdate();
                    delta[del.event().priority().ordinal()] -= n;
                    byteDelta[del.event().priority().ordinal()] -= n * (del.event().payloadUnsafe().length
                            + (sealer.seals() ? (long) PayloadSealer.OVERHEAD : 0) + Config.ROW_OVERHEAD);
                    afterCommit.add(() -> del.done().complete(n > 0));
                } else if (op instanceof Task<?> t) {
                    afterCommit.add(runTask(t));
                }
            }
            long shedNow = shedTelemetry(delta, byteDelta);
            db.commit();
            if (shedNow > 0) {
                long before = shedCount.getAndAdd(shedNow);
                // Once the cap is reached every new telemetry event sheds one; warn at the start and
                // every thousand, not per event.
                if (before == 0 || before / 1000 != (before + shedNow) / 1000) {
                    Logger.warn("Outbox {} past {} telemetry events or {}% of {} bytes: shedding the oldest telemetry"
                            + " ({} shed so far)", file, config.maxTelemetry(), Config.HIGH_WATER_PERCENT,
                            config.maxBytes(), before + shedNow);
                }
            }
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            // A claim in this batch may have moved the cursors past rows the publisher will now never see;
            // start again from the oldest (at worst a duplicate, never a gap).
            cursors.replaceAll((c, v) -> 0L);
            OutboxException err = new OutboxException(OutboxException.Reason.STORAGE,
                    "outbox " + file + " transaction of " + batch.size() + " operations failed: " + e.getMessage(), e);
            Logger.error("Outbox {} transaction failed, nothing of it stored: {}", file, e.getMessage());
            for (Op op : batch) {
                if (op instanceof Insert ins) {
                    ins.done().completeExceptionally(err);
                } else if (op instanceof Delete del) {
                    del.done().completeExceptionally(err);
                } else if (op instanceof Task<?> t) {
                    t.done().completeExceptionally(err);
                }
            }
            return;
        }
        // Counters and completions change together under the lock awaitEmpty() reads under, so a waiter
        // woken by an empty outbox also sees every completion callback of the deletes that emptied it.
        synchronized (depthChanged) {
            for (PriorityClass c : PriorityClass.values()) {
                counts.get(c).addAndGet(delta[c.ordinal()]);
                bytes.get(c).addAndGet(byteDelta[c.ordinal()]);
            }
            afterCommit.forEach(Runnable::run);
            depthChanged.notifyAll();
        }
        announceLevel();
        if (inserted) {
            try {
                onEnqueued.run();
            } catch (RuntimeException e) {
                Logger.error(e, "Outbox listener failed");
            }
        }
    }

    private record OutcomeOrError(OutboxException error, long cost) { }

    /**
     * Refuses a record that would take the records past the bound. Telemetry always goes in (it is shed at the
     * end of the batch if need be); a record is never dropped once accepted, so it must be refused up front.
     */
    private OutcomeOrError fits(OutboxEvent e, long recordDeltaSoFar) {
        if (e.priority() != PriorityClass.RECORD) {
            return new OutcomeOrError(null, 0);
        }
        long cost = e.payloadUnsafe().length + (sealer.seals() ? PayloadSealer.OVERHEAD : 0) + Config.ROW_OVERHEAD;
        long records = bytes.get(PriorityClass.RECORD).get() + recordDeltaSoFar;
        if (records + cost > config.recordLimit()) {
            return new OutcomeOrError(new OutboxException(OutboxException.Reason.FULL, "outbox " + file + " holds "
                    + records + " bytes of records; event " + e.eventId() + " (" + cost + " bytes) would pass the bound of "
                    + config.recordLimit() + ". The gate must stop admitting travellers (see admitsNewTravellers())",
                    null), 0);
        }
        return new OutcomeOrError(null, cost);
    }

    /**
     * Sheds the oldest telemetry (never the newest alarm) past the count cap or past the high-water mark of
     * the disk bound, inside the batch's transaction; returns how many were shed.
     */
    private long shedTelemetry(long[] delta, long[] byteDelta) throws SQLException {
        int t = PriorityClass.TELEMETRY.ordinal();
        long count = counts.get(PriorityClass.TELEMETRY).get() + delta[t];
        long tel = bytes.get(PriorityClass.TELEMETRY).get() + byteDelta[t];
        long used = tel + bytes.get(PriorityClass.RECORD).get() + byteDelta[PriorityClass.RECORD.ordinal()];
        long excessCount = Math.max(0, count - config.maxTelemetry());
        long excessBytes = Math.max(0, used - config.highWater());
        if (excessBytes > 0) {
            highWater = true;
        } else if (used < config.clearLevel()) {
            highWater = false;
        }
        if (excessCount == 0 && excessBytes == 0) {
            return 0;
        }
        // Walk the oldest telemetry until enough is freed, then delete up to there in one statement.
        long lastSeq = -1;
        long n = 0;
        long freed = 0;
        String keep = protectedAlarmId;
        try (PreparedStatement q = db.prepareStatement("SELECT seq, length(payload), event_id FROM outbox"
                + " WHERE priority = 'TELEMETRY' ORDER BY seq")) {
            try (ResultSet rs = q.executeQuery()) {
                while ((n < excessCount || freed < excessBytes) && rs.next()) {
                    if (rs.getString(3).equals(keep)) {
                        continue;
                    }
                    lastSeq = rs.getLong(1);
                    n++;
                    freed += rs.getLong(2) + Config.ROW_OVERHEAD;
                }
            }
        }
        if (n == 0) {
            return 0;
        }
        shed.setLong(1, lastSeq);
        shed.setString(2, keep);
        long deleted = shed.executeUpdate();
        delta[t] -= deleted;
        byteDelta[t] -= freed;
        return deleted;
    }

    /**
     * Raises (or clears) the outbox alarm on the health stream when the level changes. The alarm is an
     * ordinary durable event, so it survives restarts and goes out with the backlog; the newest one is never shed.
     */
    private void announceLevel() {
        Capacity c = capacity();
        if (c.level() == announced || closed) {
            return;
        }
        Capacity.Level previous = announced;
        announced = c.level();
        if (c.level() == Capacity.Level.NORMAL) {
            Logger.info("Outbox {} back to normal: {} of {} bytes used", file, c.usedBytes(), c.maxBytes());
        } else {
            Logger.warn("Outbox {} is {}: {} of {} bytes used ({} records, {} telemetry); {}", file, c.level(),
                    c.usedBytes(), c.maxBytes(), c.recordBytes(), c.telemetryBytes(),
                    c.level() == Capacity.Level.FULL ? "the gate must stop admitting travellers" : "shedding telemetry");
        }
        com.fasterxml.jackson.databind.node.ObjectNode body = OutboxEvent.JSON.createObjectNode();
        body.put("kind", "alarm");
        body.put("alarm", "OUTBOX_CAPACITY");
        body.put("level", c.level().name());
        body.put("previousLevel", previous.name());
        body.put("usedBytes", c.usedBytes());
        body.put("maxBytes", c.maxBytes());
        body.put("recordBytes", c.recordBytes());
        body.put("telemetryBytes", c.telemetryBytes());
        body.put("admitsNewTravellers", c.admitsNewTravellers());
        body.put("shedSinceOpen", shedCount.get());
        body.put("at", clock.instant().toString());
        OutboxEvent alarm = OutboxEvent.create(Stream.HEALTH, body, clock, random);
        protectedAlarmId = alarm.eventId();
        CompletableFuture<Void> done = new CompletableFuture<>();
        done.whenComplete((v, e) -> {
            if (e != null) {
                Logger.error("Outbox alarm {} could not be stored: {}", alarm.eventId(), e.getMessage());
            }
        });
        queue.add(new Insert(alarm, done)); // goes into the next batch; this runs on the worker
    }

    /**
     * Inserts one event. No savepoint is needed for a duplicate to fail alone: on a constraint violation SQLite's
     * default ABORT backs out the failing statement only and keeps the transaction (sqlite.org/lang_conflict.html).
     */
    private OutcomeOrError insert(OutboxEvent e) throws SQLException {
        try {
            insert.setString(1, e.eventId());
            insert.setString(2, e.stream().name());
            insert.setString(3, e.priority().name());
            byte[] stored = sealer.seal(e.eventId(), e.stream(), e.payloadUnsafe());
            insert.setBytes(4, stored);
            insert.setString(5, e.created().toString());
            insert.setInt(6, sealer.seals() ? 1 : 0);
            insert.executeUpdate();
            return new OutcomeOrError(null, stored.length + (long) Config.ROW_OVERHEAD);
        } catch (SQLiteException ex) {
            if (ex.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE) {
                return new OutcomeOrError(new OutboxException(OutboxException.Reason.DUPLICATE_EVENT_ID,
                        "event " + e.eventId() + " is already in the outbox", ex), 0);
            }
            throw ex;
        }
    }

    private static <T> Runnable runTaskResult(Task<T> t, T value) {
        return () -> t.done().complete(value);
    }

    /** A task that fails on its own (an unreadable row) fails alone; an SQL error fails the batch. */
    private <T> Runnable runTask(Task<T> t) throws SQLException {
        T value;
        try {
            value = t.body().apply(db);
        } catch (OutboxException e) {
            return () -> t.done().completeExceptionally(e);
        }
        return runTaskResult(t, value);
    }

    private void rollbackQuietly() {
        try {
            db.rollback();
        } catch (SQLException e) {
            Logger.error("Outbox {} rollback failed: {}", file, e.getMessage());
        }
    }

    private static void failClosed(Op op) {
        OutboxException err = new OutboxException(OutboxException.Reason.CLOSED, "the outbox is closed", null);
        if (op instanceof Insert ins) {
            ins.done().completeExceptionally(err);
        } else if (op instanceof Delete del) {
            del.done().completeExceptionally(err);
        } else if (op instanceof Task<?> t) {
            t.done().completeExceptionally(err);
        }
    }

    private static void release(FileChannel lockChannel) {
        if (lockChannel != null) {
            try {
                lockChannel.close(); // releases the lock
            } catch (java.io.IOException e) {
                Logger.warn("Closing the outbox lock failed: {}", e.getMessage());
            }
        }
    }

    private static void closeQuietly(Connection db) {
        if (db != null) {
            try {
                db.close();
            } catch (SQLException e) {
                Logger.warn("Closing the outbox database failed: {}", e.getMessage());
            }
        }
    }

    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OutboxException(OutboxException.Reason.CLOSED, "interrupted while waiting for the outbox", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof OutboxException oe) {
                // Re-throw with this caller's stack trace, keeping the reason.
                throw new OutboxException(oe.reason(), oe.getMessage().substring(oe.reason().name().length() + 2), oe);
            }
            throw new CompletionException(e.getCause());
        }
    }

    /** Finishes pending work, then closes the database. Later calls fail with reason CLOSED. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.add(new Stop());
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (depthChanged) {
            depthChanged.notifyAll();
        }
    }

    @Override
    public String toString() {
        return "Outbox[" + file + ", records=" + depth(PriorityClass.RECORD)
                + ", telemetry=" + depth(PriorityClass.TELEMETRY) + "]";
    }
}
