package org.openegate.provisioning.enrol;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tinylog.Logger;

/**
 * Destroys what a revoked gate holds: its key files, its journal and outbox databases (with their SQLite
 * {@code -wal}, {@code -shm} and {@code -journal} companions), and any folder given (recursively). Each file is
 * overwritten with zeros and synced before it is deleted; on flash storage that is best effort (wear levelling
 * may keep old blocks), which is why the journal and outbox are also encrypted at rest — deleting their keys
 * with the key files is what makes the remains unreadable.
 *
 * <p>The lead wires the gate's real paths; this class only needs them.
 */
public final class DeviceWipe {

    /** What was wiped, and what could not be (named, so the gate can report it). */
    public record Report(List<Path> deleted, List<String> failures) {
        public Report {
            deleted = List.copyOf(deleted);
            failures = List.copyOf(failures);
        }

        public boolean complete() {
            return failures.isEmpty();
        }
    }

    private static final List<String> SQLITE_COMPANIONS = List.of("-wal", "-shm", "-journal");

    private final List<Path> paths;

    public DeviceWipe(List<Path> paths) {
        this.paths = List.copyOf(Objects.requireNonNull(paths, "paths"));
    }

    public List<Path> paths() {
        return paths;
    }

    public Report wipe() {
        List<Path> deleted = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Path path : paths) {
            List<Path> targets = new ArrayList<>();
            targets.add(path);
            for (String suffix : SQLITE_COMPANIONS) {
                targets.add(path.resolveSibling(path.getFileName() + suffix));
            }
            for (Path target : targets) {
                try {
                    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        wipeTree(target, deleted);
                    } else if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                        wipeFile(target);
                        deleted.add(target);
                    }
                } catch (IOException | RuntimeException e) {
                    failures.add(target + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
        Logger.warn("Device wipe: {} file(s) destroyed, {} failure(s){}", deleted.size(), failures.size(),
                failures.isEmpty() ? "" : " " + failures);
        return new Report(deleted, failures);
    }

    private static void wipeTree(Path dir, List<Path> deleted) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                wipeFile(file);
                deleted.add(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void wipeFile(Path file) throws IOException {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            long size = Files.size(file);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer zeros = java.nio.ByteBuffer.allocate(64 * 1024);
                long written = 0;
                while (written < size) {
                    zeros.clear();
                    zeros.limit((int) Math.min(zeros.capacity(), size - written));
                    written += channel.write(zeros, written);
                }
                channel.force(true);
            }
        }
        Files.delete(file);
    }

    @Override
    public String toString() {
        return "DeviceWipe[" + paths.size() + " path(s)]";
    }
}
