package org.openegate.gate.risk.documents.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openegate.gate.risk.documents.DocumentIndex;
import org.openegate.gate.risk.documents.SyntheticDocuments;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Lookup latency of the mapped document index (issue #8 acceptance 1: median &lt;= 2 us). SampleTime mode, so
 * JMH reports the median (p0.50) and p0.99. The index file comes from {@code WatchlistSoak probe}; the probes
 * are drawn at random over all records, so they touch the whole 1 GB file as a gate's travellers would.
 * Run it through {@code gate-agent/watchlist-bench.sh}, or, with an index already built:
 * <pre>
 *   gate-agent/watchlist-bench.sh jmh    (uses gate-agent/target/watchlist/index.idx)
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DocumentIndexBenchmark {

    private static final int PROBES = 1 << 20;

    private DocumentIndex index;
    private String[][] members;
    private String[][] nonMembers;
    private int next;

    @Setup(Level.Trial)
    public void open() throws IOException {
        index = DocumentIndex.open(Path.of(System.getProperty("watchlist.index", "target/watchlist/index.idx")));
        long n = index.size();
        members = new String[PROBES][];
        nonMembers = new String[PROBES][];
        for (int p = 0; p < PROBES; p++) {
            long i = Long.remainderUnsigned(p * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L, n);
            members[p] = new String[] {SyntheticDocuments.state(i, true), SyntheticDocuments.type(i, true),
                SyntheticDocuments.memberNumber(i)};
            nonMembers[p] = new String[] {SyntheticDocuments.state(p, false), SyntheticDocuments.type(p, false),
                SyntheticDocuments.nonMemberNumber(p)};
        }
    }

    @Benchmark
    public boolean listedDocument() {
        String[] key = members[next++ & (PROBES - 1)];
        return index.contains(key[0], key[1], key[2]);
    }

    @Benchmark
    public boolean unlistedDocument() {
        String[] key = nonMembers[next++ & (PROBES - 1)];
        return index.contains(key[0], key[1], key[2]);
    }
}
