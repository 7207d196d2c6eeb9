package org.openegate.gate.bundles;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openegate.gate.risk.DocumentWatchlist;
import org.openegate.gate.risk.documents.DocumentIndex;
import org.openegate.gate.risk.documents.WatchlistContentException;
import org.openegate.provisioning.bundle.BundleValidator;
import org.tinylog.Logger;

/**
 * The WATCHLIST bundle on the gate: a document-watchlist snapshot or delta ({@code DocumentIndex}'s content
 * format, issue #8) made live as the lost-and-stolen list the pipeline reads.
 *
 * <p>Design. The bundle store keeps only the active bundle, and an active delta is not a list on its own: its base
 * must survive a restart. So every list version the gate applies is kept here as a complete, memory-mapped index
 * file, {@code list-<version>.idx} (the snapshot with every delta so far merged in), and "apply" means "make the
 * file of that version live". {@link #validate} does all the work that can fail, without touching the live list:
 * a snapshot is loaded into {@code staging.idx}; a delta is applied to a second mapping of the live file (which
 * checks its base version, that every removed document is listed and no added one is, all or nothing), and the
 * result is written out as a merged snapshot and loaded into {@code staging.idx}. {@link #apply} then renames the
 * staged file to its version's name and swaps it in. The file of the version before is kept, so the store's
 * roll-back (re-apply of the previous bundle) and a restart after a crash before the store's commit both find
 * the list they ask for; older files are deleted.
 *
 * <p>Cost: a delta rewrites the whole list (13 bytes a record; about 1.3 GB at INTERPOL SLTD's 100 million),
 * in exchange for a restart that maps one file and replays nothing.
 */
final class WatchlistBundles implements BundleValidator {

    private static final Pattern LIST_FILE = Pattern.compile("list-(\\d{1,19})\\.idx");
    private static final int HEADER_BYTES = 16;
    private static final int KIND_OFFSET = 5;

    private record Staged(byte[] sha256, long version, DocumentIndex index) {
    }

    private final Path dir;
    private final Consumer<DocumentWatchlist> onApply;
    private DocumentIndex live;
    private Staged staged;

    /**
     * @param dir     where the index files live (created if needed)
     * @param onApply handed each list made live, to swap into the pipeline's screening
     */
    WatchlistBundles(Path dir, Consumer<DocumentWatchlist> onApply) {
        this.dir = dir;
        this.onApply = onApply;
    }

    @Override
    public synchronized void validate(byte[] content) throws InvalidContentException {
        char kind = kind(content);
        try {
            Files.createDirectories(dir);
            Path staging = dir.resolve("staging.idx");
            DocumentIndex index;
            if (kind == 'S') {
                index = DocumentIndex.load(new ByteArrayInputStream(content), staging);
            } else {
                index = applyDeltaToCopy(content, staging);
            }
            force(staging);
            staged = new Staged(sha256(content), index.version(), index);
        } catch (WatchlistContentException e) {
            // Its message names the reason, offset, counts and versions, never a document.
            throw new InvalidContentException("watchlist " + (kind == 'S' ? "snapshot" : "delta") + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new InvalidContentException("watchlist could not be staged in " + dir + ": " + e, e);
        }
    }

    private DocumentIndex applyDeltaToCopy(byte[] delta, Path staging) throws IOException, InvalidContentException {
        if (live == null) {
            throw new InvalidContentException("watchlist delta: this gate has no watchlist yet; send a snapshot"
                    + " first");
        }
        Path liveFile = file(live.version());
        DocumentIndex copy = DocumentIndex.open(liveFile);
        copy.applyDelta(new ByteArrayInputStream(delta));
        Path merged = dir.resolve("merged.tmp");
        try {
            try (OutputStream out = Files.newOutputStream(merged)) {
                copy.writeSnapshot(out);
            }
            try (InputStream in = Files.newInputStream(merged)) {
                return DocumentIndex.load(in, staging);
            }
        } finally {
            Files.deleteIfExists(merged);
        }
    }

    @Override
    public synchronized void apply(byte[] content) throws IOException, InvalidContentException {
        long version = listVersion(content);
        Path target = file(version);
        DocumentIndex index;
        if (staged != null && Arrays.equals(staged.sha256, sha256(content))) {
            // Just validated: the staged file is this list. A mapping survives the rename (same file).
            Files.move(dir.resolve("staging.idx"), target, StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            fsyncDirectory();
            index = staged.index;
            staged = null;
        } else if (Files.exists(target)) {
            // Gate start, or the store rolling back to the bundle before: its list is on disk.
            index = DocumentIndex.open(target);
        } else if (kind(content) == 'S') {
            index = DocumentIndex.load(new ByteArrayInputStream(content), target);
            force(target);
            fsyncDirectory();
        } else {
            throw new IOException("watchlist version " + version + " (a delta) has no index file " + target
                    + " to start from");
        }
        if (index.version() != version) {
            throw new IOException("index file " + target + " holds watchlist version " + index.version()
                    + ", not " + version);
        }
        long before = live == null ? -1 : live.version();
        live = index;
        onApply.accept(new DocumentWatchlist(index));
        deleteAllBut(version, before);
        Logger.info("Watchlist version {} is live: {}", version, index);
    }

    /** The live list's version, if one was applied. */
    synchronized Optional<Long> liveVersion() {
        return live == null ? Optional.empty() : Optional.of(live.version());
    }

    private void deleteAllBut(long keep, long previous) {
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                Matcher m = LIST_FILE.matcher(f.getFileName().toString());
                if (m.matches()) {
                    long v = Long.parseLong(m.group(1));
                    if (v != keep && v != previous) {
                        try {
                            Files.deleteIfExists(f);
                        } catch (IOException e) {
                            Logger.warn("Old watchlist file {} not deleted: {}", f, e.toString());
                        }
                    }
                }
            });
        } catch (IOException e) {
            Logger.warn("Old watchlist files in {} not cleaned up: {}", dir, e.toString());
        }
    }

    private Path file(long version) {
        return dir.resolve("list-" + version + ".idx");
    }

    /** 'S' or 'D' from the header; anything else is refused here with the offset. */
    private static char kind(byte[] content) throws InvalidContentException {
        if (content.length < HEADER_BYTES) {
            throw new InvalidContentException("watchlist content of " + content.length
                    + " bytes is shorter than its " + HEADER_BYTES + "-byte header");
        }
        char kind = (char) (content[KIND_OFFSET] & 0xff);
        if (kind != 'S' && kind != 'D') {
            throw new InvalidContentException("watchlist content kind at byte " + KIND_OFFSET + " is 0x"
                    + Integer.toHexString(kind) + ", neither 'S' (snapshot) nor 'D' (delta)");
        }
        return kind;
    }

    /** The list version a snapshot is at or a delta produces (bytes 8..15; already validated). */
    private static long listVersion(byte[] content) throws InvalidContentException {
        kind(content);
        long version = 0;
        for (int i = 8; i < HEADER_BYTES; i++) {
            version = (version << 8) | (content[i] & 0xff);
        }
        return version;
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private void fsyncDirectory() throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    @Override
    public String toString() {
        return "WatchlistBundles[" + dir + ", live " + (live == null ? "none" : live.toString()) + "]";
    }
}
