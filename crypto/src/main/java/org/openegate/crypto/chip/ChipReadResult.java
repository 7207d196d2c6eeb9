package org.openegate.crypto.chip;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.openegate.crypto.lds.LdsFile;

/**
 * What a chip read produced.
 *
 * @param accessMethod how the chip was opened
 * @param files file id (0x011E, 0x011D, 0x0101, ...) to the file's bytes, exactly as read (personal data)
 * @param dataGroupsListed data group numbers EF.COM lists
 * @param dataGroupsAbsent listed data groups the chip says it does not have (6A82): tolerated
 * @param dataGroupsDenied listed data groups the chip refused under BAC (6982, e.g. DG3/DG4 behind EAC): tolerated
 * @param extendedLengthUsed whether READ BINARY used extended length for at least one block
 * @param stats APDUs, bytes, milliseconds
 * @param chipAuthentication what Chip Authentication or Active Authentication gave during the read; NOT a verdict
 *     until {@link ChipAuthenticity#assess} has checked the DG14/DG15 keys against Passive Authentication
 */
public record ChipReadResult(AccessMethod accessMethod, Map<Integer, byte[]> files, Set<Integer> dataGroupsListed,
        Set<Integer> dataGroupsAbsent, Set<Integer> dataGroupsDenied, boolean extendedLengthUsed, ChipStats stats,
        ChipAuthenticity chipAuthentication) {

    /** A read without chip authentication (kept for callers that build results themselves). */
    public ChipReadResult(AccessMethod accessMethod, Map<Integer, byte[]> files, Set<Integer> dataGroupsListed,
            Set<Integer> dataGroupsAbsent, Set<Integer> dataGroupsDenied, boolean extendedLengthUsed,
            ChipStats stats) {
        this(accessMethod, files, dataGroupsListed, dataGroupsAbsent, dataGroupsDenied, extendedLengthUsed, stats,
                ChipAuthenticity.notSupported(ChipAuthReason.DISABLED, "chip authentication not run"));
    }

    public ChipReadResult {
        java.util.Objects.requireNonNull(chipAuthentication, "chipAuthentication");
        Map<Integer, byte[]> copy = new LinkedHashMap<>();
        files.forEach((id, bytes) -> copy.put(id, bytes.clone()));
        files = Collections.unmodifiableMap(copy);
        dataGroupsListed = Collections.unmodifiableSet(new TreeSet<>(dataGroupsListed));
        dataGroupsAbsent = Collections.unmodifiableSet(new TreeSet<>(dataGroupsAbsent));
        dataGroupsDenied = Collections.unmodifiableSet(new TreeSet<>(dataGroupsDenied));
    }

    /** File id to a copy of the file's bytes: callers cannot change what the reader read. */
    @Override
    public Map<Integer, byte[]> files() {
        Map<Integer, byte[]> copy = new LinkedHashMap<>();
        files.forEach((id, bytes) -> copy.put(id, bytes.clone()));
        return Collections.unmodifiableMap(copy);
    }

    /** A copy of one file's bytes, or null if it was not read. */
    public byte[] file(int fileId) {
        byte[] bytes = files.get(fileId);
        return bytes == null ? null : bytes.clone();
    }

    /** Data group numbers actually read. */
    public Set<Integer> dataGroupsRead() {
        return dataGroups().keySet();
    }

    /** Data group number to a copy of its content, as {@code PassiveAuthenticator.verify} takes them. */
    public SortedMap<Integer, byte[]> dataGroups() {
        SortedMap<Integer, byte[]> groups = new TreeMap<>();
        files.forEach((id, content) -> LdsFile.fromFileId(id).filter(LdsFile::isDataGroup)
                .ifPresent(file -> groups.put(file.dataGroupNumber(), content.clone())));
        return groups;
    }

    /** File names and sizes only: the contents are personal data. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ChipReadResult[").append(accessMethod).append(", files={");
        String sep = "";
        for (Map.Entry<Integer, byte[]> e : files.entrySet()) {
            sb.append(sep).append(LdsFile.nameOf(e.getKey())).append('=').append(e.getValue().length).append('B');
            sep = ", ";
        }
        return sb.append("}, listed=").append(dataGroupsListed).append(", absent=").append(dataGroupsAbsent)
                .append(", denied=").append(dataGroupsDenied).append(", extendedLength=").append(extendedLengthUsed)
                .append(", ").append(stats).append(", chipAuthentication=").append(chipAuthentication.method())
                .append('/').append(chipAuthentication.status()).append('/').append(chipAuthentication.reason())
                .append(']').toString();
    }
}
