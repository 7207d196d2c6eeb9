package org.openegate.gate.risk.documents;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.openegate.gate.risk.documents.WatchlistContentException.Reason;

/**
 * Builds snapshot content (the operator's side; the simulator and tests use it too). Keys are sealed as they are
 * added and kept as one {@code long[]} of pairs, 16 bytes a key: 100 million keys are a 1.6 GB array, not 100
 * million objects. {@link #writeTo} sorts them in place in linear time and drops duplicates. Not thread-safe.
 */
public final class DocumentSnapshotBuilder {

    private long[] keys;
    private int size;
    private final long[] key = new long[2];

    public DocumentSnapshotBuilder() {
        this(1024);
    }

    /** Sized for {@code expectedRecords}, so a large build never copies its array. */
    public DocumentSnapshotBuilder(int expectedRecords) {
        if (expectedRecords < 0 || expectedRecords > DocumentIndex.MAX_RECORDS) {
            throw new IllegalArgumentException("expected records " + expectedRecords + " is not between 0 and "
                    + DocumentIndex.MAX_RECORDS);
        }
        keys = new long[2 * Math.max(1, expectedRecords)];
    }

    /** Adds a document; refuses one that cannot be normalised, naming the field and position, not the value. */
    public DocumentSnapshotBuilder add(CharSequence issuingState, CharSequence documentType,
            CharSequence documentNumber) throws WatchlistContentException {
        int problem = DocumentKeys.seal(issuingState, documentType, documentNumber, key);
        if (problem != DocumentKeys.OK) {
            throw new WatchlistContentException(Reason.INVALID_ENTRY, -1,
                    "entry " + size + ": " + DocumentKeys.describe(problem));
        }
        if (size == DocumentIndex.MAX_RECORDS) {
            throw new WatchlistContentException(Reason.TOO_MANY_RECORDS, -1,
                    "more than " + DocumentIndex.MAX_RECORDS + " records");
        }
        if (2 * size + 1 >= keys.length) {
            keys = Arrays.copyOf(keys, (int) Math.min(2 * DocumentIndex.MAX_RECORDS, keys.length * 3L / 2 + 2));
        }
        keys[2 * size] = key[0];
        keys[2 * size + 1] = key[1];
        size++;
        return this;
    }

    /** Documents added so far, duplicates included. */
    public int added() {
        return size;
    }

    /**
     * Writes snapshot content at {@code version} (positive) and returns the number of distinct records written.
     * The builder can keep adding afterwards and write again.
     */
    public long writeTo(long version, OutputStream out) throws IOException {
        if (version <= 0) {
            throw new IllegalArgumentException("list version " + version + " is not positive");
        }
        size = SealedPairs.sortDistinct(keys, size);
        ContentFormat.Writer writer = new ContentFormat.Writer(out);
        writer.header(ContentFormat.KIND_SNAPSHOT, version);
        writer.writePairs(keys, size);
        writer.finish();
        return size;
    }

    @Override
    public String toString() {
        return "DocumentSnapshotBuilder[" + size + " added]";
    }
}
