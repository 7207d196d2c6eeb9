package org.openegate.crypto.lds;

import org.openegate.crypto.tlv.TlvException;
import org.openegate.crypto.tlv.TlvReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The LDS files found in a directory, recognised by their first tag and a TLV header that fits the file (CLI.md
 * {@code doc verify}): names do not matter, and other files (mrz.txt, notes) are listed as ignored.
 *
 * @param files   each LDS file found, by type
 * @param ignored regular files that are not LDS files
 */
public record LdsDirectory(Map<LdsFile, byte[]> files, List<Path> ignored) {

    /** Larger than any LDS file (DG3/DG4 with several fingerprints and irises stay far below). */
    static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    public LdsDirectory {
        Map<LdsFile, byte[]> copy = new EnumMap<>(LdsFile.class);
        files.forEach((k, v) -> copy.put(k, v.clone()));
        files = Collections.unmodifiableMap(copy);
        ignored = List.copyOf(ignored);
    }

    /**
     * Reads every regular file directly in the directory. Two files of the same type are refused
     * ({@link LdsException.Reason#BAD_VALUE}, naming both), as the verdict would depend on which one was taken.
     */
    public static LdsDirectory read(Path directory) throws IOException {
        Map<LdsFile, byte[]> found = new EnumMap<>(LdsFile.class);
        Map<LdsFile, Path> from = new EnumMap<>(LdsFile.class);
        List<Path> ignored = new ArrayList<>();
        List<Path> paths;
        try (Stream<Path> list = Files.list(directory)) {
            paths = list.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path path : paths) {
            if (Files.size(path) > MAX_FILE_BYTES) {
                ignored.add(path);
                continue;
            }
            byte[] content = Files.readAllBytes(path);
            LdsFile type = LdsFile.identify(content).orElse(null);
            if (type == null || !headerFits(content)) {
                ignored.add(path);
                continue;
            }
            if (found.containsKey(type)) {
                throw new LdsException(LdsException.Reason.BAD_VALUE,
                        "two " + type + " files: " + from.get(type).getFileName() + " and " + path.getFileName());
            }
            found.put(type, content);
            from.put(type, path);
        }
        return new LdsDirectory(found, ignored);
    }

    private static boolean headerFits(byte[] content) {
        try {
            return TlvReader.encodedSize(content) <= content.length;
        } catch (TlvException e) {
            return false;
        }
    }

    /** The data groups by number, as {@code PassiveAuthenticator.verify} takes them. */
    public SortedMap<Integer, byte[]> dataGroups() {
        SortedMap<Integer, byte[]> groups = new TreeMap<>();
        files.forEach((type, content) -> {
            if (type.isDataGroup()) {
                groups.put(type.dataGroupNumber(), content.clone());
            }
        });
        return groups;
    }

    /** One file's content, a copy. */
    public java.util.Optional<byte[]> file(LdsFile type) {
        return java.util.Optional.ofNullable(files.get(type)).map(byte[]::clone);
    }

    @Override
    public String toString() {
        return "LdsDirectory[files=" + files.keySet() + ", ignored=" + ignored.size() + "]";
    }
}
