package org.openegate.crypto.testpassport;

import java.security.KeyPair;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The chip's own keys for a test passport and the data groups that publish them (DG14 for PACE and Chip
 * Authentication, DG15 for Active Authentication). Pass {@link #dataGroups()} to
 * {@link TestPassportFactory#issue} so the SOD covers them, and the key pairs to the chip emulator.
 * {@link #toString()} never shows a key.
 */
public record ChipKeys(Optional<KeyPair> chipAuthentication, Optional<KeyPair> activeAuthentication,
                       Map<Integer, byte[]> dataGroups) {

    public ChipKeys {
        SortedMap<Integer, byte[]> copy = new TreeMap<>();
        dataGroups.forEach((n, content) -> copy.put(n, content.clone()));
        dataGroups = Collections.unmodifiableSortedMap(copy);
    }

    /** Copies of the DG contents by data group number (14, 15). */
    @Override
    public Map<Integer, byte[]> dataGroups() {
        SortedMap<Integer, byte[]> copy = new TreeMap<>();
        dataGroups.forEach((n, content) -> copy.put(n, content.clone()));
        return copy;
    }

    @Override
    public String toString() {
        return "ChipKeys[chipAuthentication=" + chipAuthentication.map(k -> "<redacted>").orElse("none")
                + ", activeAuthentication=" + activeAuthentication.map(k -> "<redacted>").orElse("none")
                + ", dataGroups=" + dataGroups.keySet() + "]";
    }
}
