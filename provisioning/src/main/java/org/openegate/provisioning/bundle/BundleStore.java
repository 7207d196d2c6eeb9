package org.openegate.provisioning.bundle;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.openegate.provisioning.bundle.BundleException.Reason;
import org.tinylog.Logger;

/**
 * The gate's bundles on disk: per type the active bundle, the one before it, and the committed version that
 * makes rollback impossible. A new bundle is verified, validated, staged, swapped in with atomic renames and only
 * then committed; a crash at any point leaves the previous bundle active and intact or the new one complete.
 *
 * <h2>Layout</h2>
 * <pre>
 * root/.lock                      held while a store is open (one writer per root)
 * root/&lt;type&gt;/active/bundle.cms   the signed bundle as received (re-verified when read)
 * root/&lt;type&gt;/active/content      its content, for loaders that want a file
 * root/&lt;type&gt;/previous/...        the bundle active before it
 * root/&lt;type&gt;/staging/...         a bundle being written
 * root/&lt;type&gt;/version             the committed version (decimal), written last
 * root/&lt;type&gt;/pending             the version being activated, present only during an activation
 * </pre>
 *
 * <h2>Activation and its crash windows</h2>
 * Every file is fsynced before it is renamed and every rename is followed by an fsync of its directory, so the
 * order below is also the order on disk after a power cut.
 * <ol>
 *   <li>verify (signature, signer, target), refuse a version not above the committed one, validate: nothing
 *       written yet;</li>
 *   <li>write {@code staging/}; a crash leaves a partial staging folder that the next open deletes;</li>
 *   <li>write {@code pending} = new version (atomic rename): from here an open that finds it finishes or undoes
 *       the activation;</li>
 *   <li>delete the old {@code previous/} (renamed to {@code trash/} first, so it is gone in one step);</li>
 *   <li>rename {@code active/} to {@code previous/}; a crash here leaves no active folder, and recovery renames
 *       {@code previous/} back;</li>
 *   <li>rename {@code staging/} to {@code active/};</li>
 *   <li>call the validator's {@code apply}; if it fails the new folder goes to {@code trash/} and
 *       {@code previous/} back to {@code active/};</li>
 *   <li>write {@code version} = new version (atomic rename): the commit point;</li>
 *   <li>delete {@code pending}.</li>
 * </ol>
 * Recovery at open, with {@code pending} present: if {@code version} already equals it, the activation committed
 * and only {@code pending} is removed; otherwise an active bundle of the pending version is moved to
 * {@code trash/} and {@code previous/} renamed back to {@code active/} if there is no active folder. A crash
 * before the commit therefore always ends with the previous bundle active, which the gate had already applied,
 * rather than with a new one whose {@code apply} never finished. Leftover {@code staging/}, {@code trash/} and
 * temporary files are deleted. The committed version is the larger of {@code version} and the active bundle's
 * version, so even a lost {@code version} file cannot open the door to an older bundle.
 */
public final class BundleStore implements AutoCloseable {

    static final String ACTIVE = "active";
    static final String PREVIOUS = "previous";
    static final String STAGING = "staging";
    static final String TRASH = "trash";
    static final String VERSION = "version";
    static final String PENDING = "pending";
    static final String BUNDLE_FILE = "bundle.cms";
    static final String CONTENT_FILE = "content";

    /** The points of an activation at which a test may stop the process (the crash-consistency test). */
    enum Step { STAGED, PENDING_WRITTEN, PREVIOUS_CLEARED, ACTIVE_RETIRED, ACTIVATED, APPLYING, APPLIED, COMMITTED, DONE }

    /** Called at each {@link Step}; only tests set one. */
    @FunctionalInterface
    interface Hook {
        void reached(BundleType type, Step step);
    }

    /** What {@link #install} did. */
    public record Installed(VerifiedBundle bundle, Optional<Long> replacedVersion) {
    }

    private final Path root;
    private final BundleVerifier verifier;
    private final String deviceId;
    private final String site;
    private final Map<BundleType, BundleValidator> validators;
    private final Hook hook;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<BundleType, VerifiedBundle> active = new EnumMap<>(BundleType.class);
    private final List<String> recoveries = new ArrayList<>();

    private BundleStore(Path root, BundleVerifier verifier, String deviceId, String site,
            Map<BundleType, BundleValidator> validators, Hook hook, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.verifier = verifier;
        this.deviceId = deviceId;
        this.site = site;
        this.validators = Collections.unmodifiableMap(new EnumMap<>(validators));
        this.hook = hook;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (creating if needed) the store under {@code root} for the gate {@code deviceId} at {@code site},
     * finishing or undoing any activation a crash interrupted. Bundles of a type without a validator are refused.
     *
     * @throws BundleException {@link Reason#STORE_FAILED} if the folder cannot be used, is locked by another
     *                         process, or holds an active bundle that no longer verifies
     */
    public static BundleStore open(Path root, BundleVerifier verifier, String deviceId, String site,
            Map<BundleType, ? extends BundleValidator> validators) throws BundleException {
        return open(root, verifier, deviceId, site, validators, (type, step) -> { });
    }

    static BundleStore open(Path root, BundleVerifier verifier, String deviceId, String site,
            Map<BundleType, ? extends BundleValidator> validators, Hook hook) throws BundleException {
        Objects.requireNonNull(verifier, "verifier");
        Objects.requireNonNull(hook, "hook");
        if (BundleFormat.targetProblem(deviceId) != null || deviceId.startsWith("site:") || deviceId.equals("*")) {
            throw new IllegalArgumentException("device id " + BundleFormat.quote(deviceId) + " is not a device id");
        }
        if (BundleFormat.targetProblem(site) != null || site.startsWith("site:") || site.equals("*")) {
            throw new IllegalArgumentException("site " + BundleFormat.quote(site) + " is not a site id");
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(root);
            channel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException e) {
                lock = null; // held by this JVM
            }
            if (lock == null) {
                throw new BundleException(Reason.STORE_FAILED, "bundle store " + root
                        + " is open in another process or already open in this one");
            }
            BundleStore store = new BundleStore(root, verifier, deviceId, site, Map.copyOf(validators), hook, channel,
                    lock);
            for (BundleType type : BundleType.values()) {
                store.recover(type);
                store.loadActive(type);
            }
            return store;
        } catch (IOException | BundleException | RuntimeException e) {
            closeQuietly(channel);
            if (e instanceof BundleException b) {
                throw b;
            }
            throw new BundleException(Reason.STORE_FAILED, "cannot open bundle store " + root + ": " + e, e);
        }
    }

    /** Verifies, validates and activates {@code bundle}, whatever type it is. */
    public Installed install(byte[] bundle) throws BundleException {
        return install(bundle, Optional.empty());
    }

    /**
     * As {@link #install(byte[])}, but the bundle must be of {@code expected} type ({@link Reason#WRONG_TYPE}
     * otherwise): for a channel that delivers one type only.
     */
    public Installed install(byte[] bundle, BundleType expected) throws BundleException {
        return install(bundle, Optional.of(expected));
    }

    private synchronized Installed install(byte[] encoded, Optional<BundleType> expected) throws BundleException {
        VerifiedBundle bundle = verifier.verifyFor(encoded, deviceId, site);
        BundleType type = bundle.type();
        if (expected.isPresent() && expected.get() != type) {
            throw new BundleException(Reason.WRONG_TYPE, "a " + type.wireName() + " bundle (v" + bundle.version()
                    + ") was delivered as " + expected.get().wireName());
        }
        long committed = committedVersion(type);
        if (bundle.version() <= committed) {
            throw new BundleException(Reason.OLDER_VERSION, type.wireName() + " bundle v" + bundle.version()
                    + " is not above the committed v" + committed);
        }
        BundleValidator validator = validators.get(type);
        if (validator == null) {
            throw new BundleException(Reason.INVALID_CONTENT, "this gate has no validator for "
                    + type.wireName() + " bundles");
        }
        byte[] content = bundle.content();
        try {
            validator.validate(content);
        } catch (BundleValidator.InvalidContentException e) {
            throw new BundleException(Reason.INVALID_CONTENT, type.wireName() + " v" + bundle.version() + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            // the class only: a validator's message may quote the content
            throw new BundleException(Reason.INVALID_CONTENT, type.wireName() + " v" + bundle.version()
                    + ": validator failed with " + e.getClass().getName(), e);
        }

        Path dir = typeDir(type);
        Optional<VerifiedBundle> before = Optional.ofNullable(active.get(type));
        try {
            Files.createDirectories(dir);
            Path staging = dir.resolve(STAGING);
            deleteTree(staging);
            Files.createDirectory(staging);
            writeDurably(staging.resolve(BUNDLE_FILE), encoded);
            writeDurably(staging.resolve(CONTENT_FILE), content);
            fsyncDirectory(staging);
            fsyncDirectory(dir);
            hook.reached(type, Step.STAGED);
            writeAtomically(dir.resolve(PENDING), bundle.version());
            hook.reached(type, Step.PENDING_WRITTEN);
            if (Files.exists(dir.resolve(PREVIOUS))) {
                discard(dir, PREVIOUS);
            }
            hook.reached(type, Step.PREVIOUS_CLEARED);
            if (Files.exists(dir.resolve(ACTIVE))) {
                rename(dir, ACTIVE, PREVIOUS);
            }
            hook.reached(type, Step.ACTIVE_RETIRED);
            rename(dir, STAGING, ACTIVE);
            hook.reached(type, Step.ACTIVATED);
        } catch (IOException e) {
            restoreAfterFailure(type, "writing failed: " + e);
            throw new BundleException(Reason.STORE_FAILED, "cannot activate " + type.wireName() + " v"
                    + bundle.version() + ": " + e, e);
        }

        try {
            hook.reached(type, Step.APPLYING);
            validator.apply(content);
            hook.reached(type, Step.APPLIED);
        } catch (Exception e) {
            restoreAfterFailure(type, "apply failed with " + e.getClass().getName());
            before.ifPresent(previous -> reapply(validator, previous));
            throw new BundleException(Reason.APPLY_FAILED, type.wireName() + " v" + bundle.version()
                    + " failed to apply (" + e.getClass().getSimpleName() + "); "
                    + before.map(b -> "v" + b.version() + " restored").orElse("no previous bundle to restore"), e);
        }

        try {
            writeAtomically(dir.resolve(VERSION), bundle.version());
            hook.reached(type, Step.COMMITTED);
            Files.deleteIfExists(dir.resolve(PENDING));
            fsyncDirectory(dir);
            hook.reached(type, Step.DONE);
        } catch (IOException e) {
            // Before the version file landed the next open rolls back; after it, it completes. Either way is
            // consistent; say so rather than pretend.
            throw new BundleException(Reason.STORE_FAILED, "cannot commit " + type.wireName() + " v"
                    + bundle.version() + " (the next start finishes or undoes it): " + e, e);
        }
        active.put(type, bundle);
        Logger.info("Bundle {} v{} for {} activated (content {} bytes, sha256 {}), replacing {}", type.wireName(),
                bundle.version(), bundle.target(), content.length, bundle.contentSha256().substring(0, 16),
                before.map(b -> "v" + b.version()).orElse("nothing"));
        return new Installed(bundle, before.map(VerifiedBundle::version));
    }

    /** The active bundle of {@code type}, if one was ever installed. */
    public synchronized Optional<VerifiedBundle> active(BundleType type) {
        return Optional.ofNullable(active.get(type));
    }

    /** The file holding the active content of {@code type}, for loaders that read files. */
    public synchronized Optional<Path> activeContentFile(BundleType type) {
        return active.containsKey(type) ? Optional.of(typeDir(type).resolve(ACTIVE).resolve(CONTENT_FILE))
                : Optional.empty();
    }

    /** The bundle that was active before the current one, kept on disk. */
    public synchronized Optional<VerifiedBundle> previous(BundleType type) throws BundleException {
        Path file = typeDir(type).resolve(PREVIOUS).resolve(BUNDLE_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(read(type, file));
    }

    /** The highest version committed for {@code type}; 0 if none. A new bundle must be above it. */
    public synchronized long committedVersion(BundleType type) throws BundleException {
        long fromFile;
        try {
            fromFile = readVersion(typeDir(type).resolve(VERSION)).orElse(0L);
        } catch (IOException e) {
            throw new BundleException(Reason.STORE_FAILED, "cannot read the " + type.wireName() + " version: " + e, e);
        }
        VerifiedBundle current = active.get(type);
        return Math.max(fromFile, current == null ? 0 : current.version());
    }

    /**
     * Applies every active bundle with its validator, as at gate start. Stops at the first failure.
     *
     * @throws BundleException {@link Reason#APPLY_FAILED} naming the type that failed
     */
    public synchronized void applyActive() throws BundleException {
        for (Map.Entry<BundleType, VerifiedBundle> e : active.entrySet()) {
            BundleValidator validator = validators.get(e.getKey());
            if (validator == null) {
                continue;
            }
            try {
                validator.apply(e.getValue().content());
            } catch (Exception ex) {
                throw new BundleException(Reason.APPLY_FAILED, "active " + e.getKey().wireName() + " v"
                        + e.getValue().version() + " failed to apply at start (" + ex.getClass().getSimpleName() + ")", ex);
            }
        }
    }

    /** What the last open had to finish or undo after a crash, one line per type; empty after a clean stop. */
    public synchronized List<String> recoveries() {
        return List.copyOf(recoveries);
    }

    @Override
    public synchronized void close() {
        try {
            lock.release();
        } catch (IOException e) {
            Logger.warn("Releasing the bundle store lock failed: {}", e.toString());
        }
        closeQuietly(lockChannel);
    }

    @Override
    public String toString() {
        return "BundleStore[" + root + ", device " + deviceId + " at " + site + "]";
    }

    // ---- machinery

    private Path typeDir(BundleType type) {
        return root.resolve(type.wireName());
    }

    private void recover(BundleType type) throws IOException, BundleException {
        Path dir = typeDir(type);
        if (!Files.isDirectory(dir)) {
            return;
        }
        Path pending = dir.resolve(PENDING);
        Optional<Long> pendingVersion = readVersion(pending);
        if (Files.exists(pending)) {
            Optional<Long> committed = readVersion(dir.resolve(VERSION));
            if (pendingVersion.isPresent() && committed.equals(pendingVersion)) {
                note(type, "activation of v" + pendingVersion.get() + " had committed; finished it");
            } else {
                Path activeBundle = dir.resolve(ACTIVE).resolve(BUNDLE_FILE);
                if (Files.exists(dir.resolve(ACTIVE))) {
                    Optional<Long> activeVersion = versionOf(type, activeBundle);
                    if (activeVersion.isEmpty() || activeVersion.equals(pendingVersion)) {
                        discard(dir, ACTIVE);
                    }
                }
                boolean restored = false;
                if (!Files.exists(dir.resolve(ACTIVE)) && Files.exists(dir.resolve(PREVIOUS))) {
                    rename(dir, PREVIOUS, ACTIVE);
                    restored = true;
                }
                note(type, "activation of " + pendingVersion.map(v -> "v" + v).orElse("an unreadable version")
                        + " was interrupted before its commit; " + (restored ? "previous bundle restored"
                        : "the active bundle was kept"));
            }
            Files.deleteIfExists(pending);
            fsyncDirectory(dir);
        }
        for (String leftover : List.of(STAGING, TRASH)) {
            if (Files.exists(dir.resolve(leftover))) {
                deleteTree(dir.resolve(leftover));
                note(type, "deleted a leftover " + leftover + " folder");
            }
        }
        for (String temporary : List.of(VERSION + ".tmp", PENDING + ".tmp")) {
            Files.deleteIfExists(dir.resolve(temporary));
        }
    }

    private void note(BundleType type, String what) {
        String line = type.wireName() + ": " + what;
        recoveries.add(line);
        Logger.warn("Bundle store recovery, {}", line);
    }

    /** The version of a stored bundle, or empty if it does not read back (a torn or altered file). */
    private Optional<Long> versionOf(BundleType type, Path bundleFile) {
        try {
            return Optional.of(read(type, bundleFile).version());
        } catch (BundleException e) {
            Logger.warn("Stored {} bundle {} does not verify: {}", type.wireName(), bundleFile, e.reason());
            return Optional.empty();
        }
    }

    private void loadActive(BundleType type) throws BundleException {
        Path file = typeDir(type).resolve(ACTIVE).resolve(BUNDLE_FILE);
        if (Files.exists(file)) {
            active.put(type, read(type, file));
        }
    }

    private VerifiedBundle read(BundleType type, Path file) throws BundleException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new BundleException(Reason.STORE_FAILED, "cannot read " + file + ": " + e, e);
        }
        VerifiedBundle bundle;
        try {
            bundle = verifier.reverify(bytes);
        } catch (BundleException e) {
            throw new BundleException(Reason.STORE_FAILED, "stored bundle " + file + " no longer verifies: "
                    + e.getMessage(), e);
        }
        if (bundle.type() != type) {
            throw new BundleException(Reason.STORE_FAILED, "stored bundle " + file + " is a " + bundle.type().wireName()
                    + " bundle");
        }
        return bundle;
    }

    private void restoreAfterFailure(BundleType type, String why) {
        Path dir = typeDir(type);
        try {
            Optional<Long> pendingVersion = readVersion(dir.resolve(PENDING));
            if (Files.exists(dir.resolve(ACTIVE)) && pendingVersion.isPresent()
                    && versionOf(type, dir.resolve(ACTIVE).resolve(BUNDLE_FILE)).equals(pendingVersion)) {
                discard(dir, ACTIVE);
            }
            if (!Files.exists(dir.resolve(ACTIVE)) && Files.exists(dir.resolve(PREVIOUS))) {
                rename(dir, PREVIOUS, ACTIVE);
            }
            deleteTree(dir.resolve(STAGING));
            Files.deleteIfExists(dir.resolve(PENDING));
            fsyncDirectory(dir);
            Logger.warn("Bundle {} activation undone: {}", type.wireName(), why);
        } catch (IOException e) {
            // pending is still there if this failed, so the next open completes the undo
            Logger.error("Undoing the {} activation failed ({}); the next start finishes it", type.wireName(), e.toString());
        }
    }

    private static void reapply(BundleValidator validator, VerifiedBundle previous) {
        try {
            validator.apply(previous.content());
        } catch (Exception e) {
            Logger.error("Re-applying the restored {} v{} failed: {}", previous.type().wireName(), previous.version(),
                    e.getClass().getName());
        }
    }

    private static Optional<Long> readVersion(Path file) throws IOException {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (!text.matches("[0-9]{1,19}")) {
                Logger.warn("Version file {} holds no version", file);
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(text));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Renames {@code dir/name} to {@code dir/trash} in one step, then deletes it. */
    private static void discard(Path dir, String name) throws IOException {
        deleteTree(dir.resolve(TRASH));
        rename(dir, name, TRASH);
        deleteTree(dir.resolve(TRASH));
        fsyncDirectory(dir);
    }

    private static void rename(Path dir, String from, String to) throws IOException {
        Files.move(dir.resolve(from), dir.resolve(to), StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(dir);
    }

    private static void writeAtomically(Path file, long version) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        writeDurably(temporary, (version + "\n").getBytes(StandardCharsets.US_ASCII));
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(file.getParent());
    }

    private static void writeDurably(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }

    /** Makes a rename or creation in {@code dir} durable (POSIX: fsync the directory). */
    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        if (Files.isDirectory(path)) {
            try (Stream<Path> children = Files.list(path)) {
                for (Path child : children.toList()) {
                    deleteTree(child);
                }
            }
        }
        try {
            Files.deleteIfExists(path);
        } catch (DirectoryNotEmptyException e) {
            throw new IOException("cannot delete " + path + ": not empty", e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                Logger.warn("Closing the bundle store lock file failed: {}", e.toString());
            }
        }
    }
}
