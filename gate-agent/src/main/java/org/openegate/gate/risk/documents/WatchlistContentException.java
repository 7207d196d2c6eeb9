package org.openegate.gate.risk.documents;

import java.io.IOException;

/**
 * Watchlist content (a snapshot or delta, or a local index file) that was refused, with the reason and the byte
 * offset where it was found. Messages name offsets, counts and versions, never a document number.
 */
public final class WatchlistContentException extends IOException {

    /** Why content was refused. */
    public enum Reason {
        /** The first four bytes are not the expected magic. */
        BAD_MAGIC,
        /** A format version this code does not read. */
        UNSUPPORTED_FORMAT_VERSION,
        /** A delta given where a snapshot is expected, or the reverse, or an unknown kind byte. */
        WRONG_KIND,
        /** The content ends before the header or the announced records do. */
        TRUNCATED,
        /** Bytes follow the last announced record. */
        TRAILING_BYTES,
        /** A record count above {@link DocumentIndex#MAX_RECORDS} (or {@link DocumentIndex#MAX_DELTA_RECORDS}). */
        TOO_MANY_RECORDS,
        /** A list version that is zero or negative, or a delta that does not move the version forward. */
        BAD_VERSION,
        /** A record not strictly above the one before it (unsorted or duplicated). */
        NOT_ASCENDING,
        /** A 13-byte record that no normalised key seals to. */
        INVALID_KEY,
        /** A delta whose base version is not the index's current version. */
        VERSION_GAP,
        /** A delta adds a document that is already listed. */
        ADD_ALREADY_LISTED,
        /** A delta removes a document that is not listed. */
        REMOVE_NOT_LISTED,
        /** A key given to a builder that cannot be normalised (bad characters, number too long, ...). */
        INVALID_ENTRY,
        /** A local index file whose header, directory or length is inconsistent. */
        BAD_INDEX_FILE
    }

    private final Reason reason;
    private final long offset;

    WatchlistContentException(Reason reason, long offset, String message) {
        super(reason + " at byte " + offset + ": " + message);
        this.reason = reason;
        this.offset = offset;
    }

    public Reason reason() {
        return reason;
    }

    /** Byte offset in the content (or index file) where the problem was found; -1 when it is not about bytes. */
    public long offset() {
        return offset;
    }
}
