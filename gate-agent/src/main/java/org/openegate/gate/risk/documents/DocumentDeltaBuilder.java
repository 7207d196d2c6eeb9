package org.openegate.gate.risk.documents;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.openegate.gate.risk.documents.WatchlistContentException.Reason;

/** Builds delta content: the documents added to and removed from list {@code fromVersion} to make {@code toVersion}. */
public final class DocumentDeltaBuilder {

    private final long fromVersion;
    private final long toVersion;
    private long[] adds = new long[64];
    private int addCount;
    private long[] removes = new long[64];
    private int removeCount;
    private final long[] key = new long[2];

    public DocumentDeltaBuilder(long fromVersion, long toVersion) {
        if (fromVersion <= 0 || toVersion <= fromVersion) {
            throw new IllegalArgumentException("delta from version " + fromVersion + " to " + toVersion
                    + " must go forward from a positive version");
        }
        this.fromVersion = fromVersion;
        this.toVersion = toVersion;
    }

    public DocumentDeltaBuilder add(CharSequence issuingState, CharSequence documentType,
            CharSequence documentNumber) throws WatchlistContentException {
        seal(issuingState, documentType, documentNumber, addCount);
        adds = append(adds, addCount++);
        return this;
    }

    public DocumentDeltaBuilder remove(CharSequence issuingState, CharSequence documentType,
            CharSequence documentNumber) throws WatchlistContentException {
        seal(issuingState, documentType, documentNumber, removeCount);
        removes = append(removes, removeCount++);
        return this;
    }

    private void seal(CharSequence state, CharSequence type, CharSequence number, int index)
            throws WatchlistContentException {
        int problem = DocumentKeys.seal(state, type, number, key);
        if (problem != DocumentKeys.OK) {
            throw new WatchlistContentException(Reason.INVALID_ENTRY, -1,
                    "entry " + index + ": " + DocumentKeys.describe(problem));
        }
    }

    private long[] append(long[] pairs, int count) throws WatchlistContentException {
        if (count == DocumentIndex.MAX_DELTA_RECORDS) {
            throw new WatchlistContentException(Reason.TOO_MANY_RECORDS, -1,
                    "more than " + DocumentIndex.MAX_DELTA_RECORDS + " keys on one side of a delta");
        }
        long[] out = 2 * count + 1 < pairs.length ? pairs : Arrays.copyOf(pairs, pairs.length * 2);
        out[2 * count] = key[0];
        out[2 * count + 1] = key[1];
        return out;
    }

    /** Writes the delta; refuses one that adds and removes the same document. */
    public void writeTo(OutputStream out) throws IOException {
        removeCount = SealedPairs.sortDistinct(removes, removeCount);
        addCount = SealedPairs.sortDistinct(adds, addCount);
        long[] addSet = Arrays.copyOf(adds, 2 * addCount);
        for (int i = 0; i < removeCount; i++) {
            if (SealedPairs.contains(addSet, removes[2 * i], removes[2 * i + 1])) {
                throw new WatchlistContentException(Reason.INVALID_ENTRY, -1,
                        "a document is both added and removed in delta " + fromVersion + " -> " + toVersion);
            }
        }
        ContentFormat.Writer writer = new ContentFormat.Writer(out);
        writer.header(ContentFormat.KIND_DELTA, toVersion);
        writer.writeLong(fromVersion);
        writer.writePairs(removes, removeCount);
        writer.writePairs(adds, addCount);
        writer.finish();
    }

    @Override
    public String toString() {
        return "DocumentDeltaBuilder[" + fromVersion + " -> " + toVersion + ", " + addCount + " added, "
                + removeCount + " removed]";
    }
}
