package org.openegate.gate.risk;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import org.openegate.gate.risk.documents.DocumentIndex;
import org.openegate.gate.risk.documents.DocumentSnapshotBuilder;
import org.openegate.gate.risk.documents.WatchlistContentException;

/**
 * Lost, stolen and revoked documents, keyed by issuing state, document type and number, as INTERPOL SLTD and
 * national lists publish them. The flow's view of a {@link DocumentIndex}, which holds 100 million records in
 * about 1.07 GB off the heap and answers exactly (see {@code gate-agent/docs/document-watchlist.md}).
 */
public final class DocumentWatchlist {

    /** One listed document. The number is compared without fillers and case-insensitively. */
    public record Entry(String issuingState, String documentType, String documentNumber) {

        public Entry {
            issuingState = normalise(issuingState);
            documentType = normalise(documentType).substring(0, Math.min(1, normalise(documentType).length()));
            documentNumber = normalise(documentNumber);
        }

        private static String normalise(String value) {
            return value.replace("<", "").trim().toUpperCase(Locale.ROOT);
        }

        /** Never prints the document number. */
        @Override
        public String toString() {
            return "Entry[" + issuingState + ", " + documentType + ", number redacted]";
        }
    }

    private final DocumentIndex index;

    /**
     * A small list held on the heap (the simulator, tests), at list version 1. An entry that cannot be normalised
     * (a character outside the MRZ set, a number over 16 characters) is refused with IllegalArgumentException.
     */
    public DocumentWatchlist(Collection<Entry> entries) {
        this(small(entries));
    }

    /** The flow's view of a loaded index (the device's, from a verified bundle). */
    public DocumentWatchlist(DocumentIndex index) {
        this.index = Objects.requireNonNull(index, "index");
    }

    private static DocumentIndex small(Collection<Entry> entries) {
        DocumentSnapshotBuilder builder = new DocumentSnapshotBuilder(entries.size());
        try {
            for (Entry e : entries) {
                builder.add(e.issuingState(), e.documentType(), e.documentNumber());
            }
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            builder.writeTo(1, content);
            return DocumentIndex.load(new ByteArrayInputStream(content.toByteArray()));
        } catch (WatchlistContentException e) {
            throw new IllegalArgumentException("watchlist entry refused: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory watchlist content could not be read back", e);
        }
    }

    public boolean isListed(String issuingState, String documentCode, String documentNumber) {
        return index.contains(issuingState, documentCode, documentNumber);
    }

    public int size() {
        return Math.toIntExact(index.size());
    }

    /** The index behind this list, for applying deltas and reporting its version. */
    public DocumentIndex index() {
        return index;
    }

    @Override
    public String toString() {
        return "DocumentWatchlist[" + index + "]";
    }
}
