package org.openegate.gate.risk.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.openegate.gate.risk.documents.WatchlistContentException.Reason;
import org.tinylog.Logger;

/**
 * An offline list of lost, stolen and revoked travel documents (INTERPOL SLTD scale: 100 million records on a
 * 4 GB device), keyed by issuing state, document type and document number, normalised as the MRZ writes them.
 *
 * <p>Design. Each key is packed into 104 bits and put through a keyless Feistel permutation ({@link DocumentKeys}).
 * The permuted ("sealed") value is uniformly spread, so it serves as the hash that places the key, and it is a
 * bijection, so comparing sealed values compares keys exactly: every hit is an exact match, and there are no
 * false positives or negatives to budget for. The snapshot is stored as a bucket directory over the top bits plus
 * the remaining bits of each key ({@link BaseIndex}): 10.67 bytes a record at 100 million, 1.07 GB in a
 * memory-mapped file, with a heap of a few MB. The signed bundle's content is the snapshot already sorted (see
 * {@link ContentFormat}), so loading is one streaming pass that validates every record, with no sort on the device.
 *
 * <p>Deltas. {@link #applyDelta} checks a delta whole (its base version is the current version, every removed
 * key is listed, no added key is), then swaps in a new overlay of added keys and tombstones of removed base keys
 * (sorted {@code long} pairs, 16 bytes a key). Lookups read the overlay through one volatile field and never lock.
 * The overlay is merged at the next snapshot: either the operator's next full snapshot replaces index and overlay
 * together, or the device writes its own merged snapshot with {@link #writeSnapshot} and loads that.
 *
 * <p>Thread safety: lookups from any thread; deltas are serialised.
 */
public final class DocumentIndex {

    /** The most records a snapshot may announce: four times INTERPOL SLTD's size, so the int directory suffices. */
    public static final long MAX_RECORDS = 400_000_000L;
    /**
     * The most records {@link #load(InputStream)} takes onto the heap. Bigger lists belong in a mapped file; the cap
     * also bounds what a truncated stream announcing a huge count can make the heap loader allocate (the directory
     * is sized from the announced count and, records being uniform, is filled almost whole by the first few).
     */
    public static final long MAX_HEAP_RECORDS = 10_000_000L;
    /** The most keys a delta may add, and separately remove. */
    public static final int MAX_DELTA_RECORDS = 20_000_000;

    private record Overlay(long version, long[] adds, long[] removes) {
    }

    private final BaseIndex base;
    private volatile Overlay overlay;

    private DocumentIndex(BaseIndex base) {
        this.base = base;
        this.overlay = new Overlay(base.version, SealedPairs.EMPTY, SealedPairs.EMPTY);
    }

    /**
     * Loads verified snapshot content onto the Java heap: for small lists (tests, simulation), at most
     * {@link #MAX_HEAP_RECORDS}.
     */
    public static DocumentIndex load(InputStream snapshot) throws IOException {
        ContentReader in = new ContentReader(snapshot);
        long version = ContentFormat.readHeader(in, ContentFormat.KIND_SNAPSHOT);
        return loaded(BaseIndex.readToHeap(in, version, MAX_HEAP_RECORDS));
    }

    /**
     * Loads verified snapshot content into {@code indexFile} (created or replaced) and maps it: the device's way,
     * with the records off the heap. The file can be reopened after a restart with {@link #open}.
     */
    public static DocumentIndex load(InputStream snapshot, Path indexFile) throws IOException {
        ContentReader in = new ContentReader(snapshot);
        long version = ContentFormat.readHeader(in, ContentFormat.KIND_SNAPSHOT);
        return loaded(BaseIndex.readToFile(in, version, indexFile));
    }

    /**
     * Maps an index file that {@link #load(InputStream, Path)} wrote. Its header, length and directory are checked;
     * deltas applied since are not in it and must be applied again.
     */
    public static DocumentIndex open(Path indexFile) throws IOException {
        return loaded(BaseIndex.open(indexFile));
    }

    private static DocumentIndex loaded(BaseIndex base) {
        DocumentIndex index = new DocumentIndex(base);
        Logger.info("Document watchlist version {} loaded: {} records, {} bytes", base.version, base.count,
                base.bytes());
        return index;
    }

    /**
     * Whether the document is listed, exactly. A key that cannot be normalised (characters outside the MRZ set,
     * a number over 16 characters) cannot be listed, because no snapshot or delta can carry it, so it answers false.
     */
    public boolean contains(CharSequence issuingState, CharSequence documentType, CharSequence documentNumber) {
        long[] key = new long[2];
        if (DocumentKeys.seal(issuingState, documentType, documentNumber, key) != DocumentKeys.OK) {
            return false;
        }
        return contains(overlay, key[0], key[1]);
    }

    private boolean contains(Overlay o, long hi, long lo) {
        if (SealedPairs.contains(o.adds, hi, lo)) {
            return true;
        }
        return base.contains(hi, lo) && !SealedPairs.contains(o.removes, hi, lo);
    }

    /** The list version: the snapshot's, or that of the last delta applied. */
    public long version() {
        return overlay.version;
    }

    /** Listed documents now. */
    public long size() {
        Overlay o = overlay;
        return base.count + SealedPairs.size(o.adds) - SealedPairs.size(o.removes);
    }

    /** Bytes held by the snapshot part (header, directory and records; mapped or on the heap). */
    public long snapshotBytes() {
        return base.bytes();
    }

    /** Keys held in the delta overlay (added plus tombstoned); a hint for when to write a merged snapshot. */
    public long overlaySize() {
        Overlay o = overlay;
        return SealedPairs.size(o.adds) + SealedPairs.size(o.removes);
    }

    /**
     * Applies verified delta content, all or nothing. Refused (with {@link WatchlistContentException}) when its
     * base version is not {@link #version()}, when it removes an unlisted or adds a listed document, or when the
     * bytes are malformed; the index is then unchanged.
     */
    public synchronized void applyDelta(InputStream delta) throws IOException {
        ContentReader in = new ContentReader(delta);
        long to = ContentFormat.readHeader(in, ContentFormat.KIND_DELTA);
        Overlay current = overlay;
        long from = in.readLong("base version");
        if (from != current.version) {
            throw new WatchlistContentException(Reason.VERSION_GAP, 16,
                    "delta applies to version " + Long.toUnsignedString(from) + ", the list is at version "
                            + current.version);
        }
        if (to <= from) {
            throw new WatchlistContentException(Reason.BAD_VERSION, 8,
                    "delta goes from version " + from + " to " + to + ", not forward");
        }
        long[] removes = readKeys(in, "removed");
        long[] adds = readKeys(in, "added");
        in.expectEnd();
        for (int i = 0; i < removes.length; i += 2) {
            if (!contains(current, removes[i], removes[i + 1])) {
                throw new WatchlistContentException(Reason.REMOVE_NOT_LISTED, -1,
                        "removed key " + i / 2 + " of " + removes.length / 2 + " is not listed at version " + from);
            }
        }
        for (int i = 0; i < adds.length; i += 2) {
            if (contains(current, adds[i], adds[i + 1])) {
                throw new WatchlistContentException(Reason.ADD_ALREADY_LISTED, -1,
                        "added key " + i / 2 + " of " + adds.length / 2 + " is already listed at version " + from);
            }
        }
        // A removed key was either added by an earlier delta (drop the add) or is in the base (tombstone it); an
        // added key was either tombstoned (drop the tombstone) or is new (add it).
        long[] newAdds = SealedPairs.union(SealedPairs.minus(current.adds, removes),
                SealedPairs.minus(adds, current.removes));
        long[] newRemoves = SealedPairs.union(SealedPairs.minus(current.removes, adds),
                SealedPairs.minus(removes, current.adds));
        overlay = new Overlay(to, newAdds, newRemoves);
        Logger.info("Document watchlist delta {} -> {} applied: {} added, {} removed, overlay {} keys", from, to,
                adds.length / 2, removes.length / 2, (newAdds.length + newRemoves.length) / 2);
    }

    private static long[] readKeys(ContentReader in, String what) throws IOException {
        long countOffset = in.offset();
        long count = in.readLong(what + " count");
        if (count < 0 || count > MAX_DELTA_RECORDS) {
            throw new WatchlistContentException(Reason.TOO_MANY_RECORDS, countOffset, what + " count "
                    + Long.toUnsignedString(count) + " exceeds the maximum " + MAX_DELTA_RECORDS);
        }
        // Grown as keys arrive, so a large announced count costs nothing until its bytes are there.
        long[] keys = new long[(int) Math.min(2 * count, 1 << 16)];
        long[] key = new long[2];
        long[] scratch = new long[2];
        for (int i = 0; i < count; i++) {
            long offset = in.offset();
            in.readSealed(key, what);
            if (!DocumentKeys.isValidSealed(key[0], key[1], scratch)) {
                throw new WatchlistContentException(Reason.INVALID_KEY, offset,
                        what + " key " + i + " is not the sealed form of any document key");
            }
            if (i > 0 && DocumentKeys.compare(keys[2 * i - 2], keys[2 * i - 1], key[0], key[1]) >= 0) {
                throw new WatchlistContentException(Reason.NOT_ASCENDING, offset,
                        what + " key " + i + " is not above key " + (i - 1) + " (unsorted or duplicate)");
            }
            if (2 * i + 1 >= keys.length) {
                keys = Arrays.copyOf(keys, (int) Math.min(2 * count, 2L * keys.length));
            }
            keys[2 * i] = key[0];
            keys[2 * i + 1] = key[1];
        }
        return keys;
    }

    /**
     * Writes the current list (snapshot with deltas merged) as snapshot content at {@link #version()}, in one
     * streaming pass. Loading it gives an index equal to this one with an empty overlay.
     */
    public void writeSnapshot(OutputStream out) throws IOException {
        Overlay o = overlay;
        ContentFormat.Writer writer = new ContentFormat.Writer(out);
        writer.header(ContentFormat.KIND_SNAPSHOT, o.version);
        writer.writeLong(base.count + SealedPairs.size(o.adds) - SealedPairs.size(o.removes));
        long[] adds = o.adds;
        int[] next = {0};
        base.forEach((hi, lo) -> {
            while (next[0] < adds.length && DocumentKeys.compare(adds[next[0]], adds[next[0] + 1], hi, lo) < 0) {
                writer.writeSealed(adds[next[0]], adds[next[0] + 1]);
                next[0] += 2;
            }
            if (!SealedPairs.contains(o.removes, hi, lo)) {
                writer.writeSealed(hi, lo);
            }
        });
        for (int i = next[0]; i < adds.length; i += 2) {
            writer.writeSealed(adds[i], adds[i + 1]);
        }
        writer.finish();
    }

    /** Counts and version only: a watchlist's contents are personal data. */
    @Override
    public String toString() {
        Overlay o = overlay;
        return "DocumentIndex[version " + o.version + ", " + size() + " documents, snapshot " + base.count
                + " + " + SealedPairs.size(o.adds) + " added - " + SealedPairs.size(o.removes) + " removed]";
    }
}
