package org.openegate.gate.risk.documents.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.openegate.gate.risk.documents.DocumentIndex;
import org.openegate.gate.risk.documents.DocumentSnapshotBuilder;
import org.openegate.gate.risk.documents.SyntheticDocuments;

/**
 * The 100-million-record run of issue #8 (acceptance 1), in two JVMs so the device side is measured alone:
 *
 * <pre>
 *   build N content.bin            operator side: N synthetic records -&gt; snapshot content (timed)
 *   probe content.bin index.idx P  device side: load the content into a mapped index (timed), report bytes per
 *                                  record, heap and RSS, then P probes: P/2 members, P/4 random non-members,
 *                                  P/4 near misses (a member with one character changed); count false
 *                                  negatives and reported false positives (non-members can never be listed,
 *                                  see SyntheticDocuments), and the CPU time per lookup
 * </pre>
 * Run through {@code gate-agent/watchlist-bench.sh}, which also runs the JMH latency benchmark. Prints one
 * "key: value" line per measurement.
 */
public final class WatchlistSoak {

    private WatchlistSoak() {
    }

    public static void main(String[] args) throws IOException {
        switch (args.length > 0 ? args[0] : "") {
            case "build" -> build(Long.parseLong(args[1]), Path.of(args[2]));
            case "probe" -> probe(Path.of(args[1]), Path.of(args[2]), Long.parseLong(args[3]));
            default -> throw new IllegalArgumentException("usage: build N content.bin | probe content.bin index.idx P");
        }
    }

    private static void build(long n, Path content) throws IOException {
        long start = System.nanoTime();
        DocumentSnapshotBuilder builder = new DocumentSnapshotBuilder(Math.toIntExact(n));
        for (long i = 0; i < n; i++) {
            builder.add(SyntheticDocuments.state(i, true), SyntheticDocuments.type(i, true),
                    SyntheticDocuments.memberNumber(i));
        }
        long added = System.nanoTime();
        long written;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(content), 1 << 20)) {
            written = builder.writeTo(1, out);
        }
        long done = System.nanoTime();
        report("records", written);
        report("build.seal_seconds", seconds(added - start));
        report("build.sort_and_write_seconds", seconds(done - added));
        report("build.total_seconds", seconds(done - start));
        report("build.content_bytes", Files.size(content));
        report("build.heap_used_mb", usedHeapMb());
        report("build.rss_mb", rssMb());
    }

    private static void probe(Path content, Path indexFile, long probes) throws IOException {
        long start = System.nanoTime();
        DocumentIndex index;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(content), 1 << 20)) {
            index = DocumentIndex.load(in, indexFile);
        }
        long loaded = System.nanoTime();
        long n = index.size();
        report("records", n);
        report("load.seconds", seconds(loaded - start));
        report("index.file_bytes", Files.size(indexFile));
        report("index.bytes_per_record", String.format(Locale.ROOT, "%.2f", (double) index.snapshotBytes() / n));
        report("load.heap_used_mb_after_gc", usedHeapMb());
        report("load.rss_mb", rssMb());

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long falseNegatives = 0;
        long falsePositives = 0;
        long members = probes / 2;
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        for (long p = 0; p < members; p++) {
            long i = Long.remainderUnsigned(mix(p), n);
            if (!index.contains(SyntheticDocuments.state(i, true), SyntheticDocuments.type(i, true),
                    SyntheticDocuments.memberNumber(i))) {
                falseNegatives++;
            }
        }
        for (long p = 0; p < probes - members; p++) {
            boolean listed = p % 2 == 0
                    ? index.contains(SyntheticDocuments.state(p, false), SyntheticDocuments.type(p, false),
                            SyntheticDocuments.nonMemberNumber(p))
                    : index.contains(SyntheticDocuments.state(p, true), SyntheticDocuments.type(p, true),
                            SyntheticDocuments.nearMissNumber(Long.remainderUnsigned(mix(~p), n)));
            if (listed) {
                falsePositives++;
            }
        }
        long cpuUsed = threads.getCurrentThreadCpuTime() - cpu;
        long wallUsed = System.nanoTime() - wall;
        report("probes", probes);
        report("probes.member", members);
        report("probes.non_member", probes - members);
        report("false_negatives", falseNegatives);
        report("false_positives", falsePositives);
        report("probe.cpu_ns_per_lookup_incl_key_generation", cpuUsed / probes);
        report("probe.wall_ns_per_lookup_incl_key_generation", wallUsed / probes);
        report("probe.heap_used_mb_after_gc", usedHeapMb());
        report("probe.rss_mb", rssMb());
        report("load_average", Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    private static long usedHeapMb() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) >> 20;
    }

    /** Resident set size from /proc (Linux): heap plus mapped index pages touched plus JVM overhead. */
    static long rssMb() throws IOException {
        List<String> status = Files.readAllLines(Path.of("/proc/self/status"));
        for (String line : status) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
            }
        }
        return -1;
    }

    private static void report(String key, Object value) {
        System.out.println(key + ": " + value);
    }
}
