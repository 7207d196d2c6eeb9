package org.openegate.gate.risk;

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Lost, stolen and revoked documents, keyed by issuing state, document type and number, as INTERPOL SLTD and
 * national lists publish them. This first version is an exact in-memory set; the sized index for 100 million
 * records is a later step.
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

    private final Set<Entry> entries;

    public DocumentWatchlist(Collection<Entry> entries) {
        this.entries = Set.copyOf(new HashSet<>(entries));
    }

    public boolean isListed(String issuingState, String documentCode, String documentNumber) {
        return entries.contains(new Entry(issuingState, documentCode, documentNumber));
    }

    public int size() {
        return entries.size();
    }
}
