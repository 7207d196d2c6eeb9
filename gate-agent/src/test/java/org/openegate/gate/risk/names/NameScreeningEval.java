package org.openegate.gate.risk.names;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs the seeded evaluation (docs/name-screening.md): builds the watchlist and the Lucene baseline from the
 * same {@link NameEvalSet}, screens every probe with both, and reports recall, false alerts, latency
 * percentiles and heap. Latencies are per query after one untimed warm-up pass over all probes, as wall-clock
 * and as the thread's CPU time; on a shared machine both are noisy (wall time most), so the report gives
 * them as measured, not as a pass/fail.
 *
 * <p>Run: {@code gate-agent/names-eval.sh} (1 million entries), or {@code main} with
 * {@code size listedProbes nonListedProbes seed [threshold] [lucene=true|false]}.
 */
final class NameScreeningEval {

    record Side(double recall, double falseAlertRate, int listed, int hits, int nonListed, int falseAlerts,
                long p50Nanos, long p99Nanos, long maxNanos, long p50CpuNanos, long p99CpuNanos) {
    }

    record Report(int size, int distinctParts, long heapBytes, long buildMillis, Side ours,
                  int identicalNameFalseAlerts, int indistinguishableFalseAlerts,
                  Map<MatchKind, Integer> falseAlertsByDob, Side lucene,
                  long luceneRamBytes, long luceneBuildMillis, Map<String, int[]> oursByVariant,
                  Map<String, int[]> luceneByVariant, double[] thresholds, double[][] sweep) {

        String text() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "entries %,d, distinct name parts %,d, build %,d ms, heap %.1f MB%n",
                    size, distinctParts, buildMillis, heapBytes / 1e6));
            line(sb, "ours", ours);
            sb.append(String.format(Locale.ROOT, "ours: %d of the %d false alerts are namesakes (a listed person with the"
                    + " identical name and a date the rule accepts); without them %.4f (%d/%d)%n",
                    identicalNameFalseAlerts, ours.falseAlerts(),
                    (double) (ours.falseAlerts() - identicalNameFalseAlerts) / ours.nonListed(),
                    ours.falseAlerts() - identicalNameFalseAlerts, ours.nonListed()));
            sb.append(String.format(Locale.ROOT, "ours: %d of them are indistinguishable (identical name, date accepted,"
                    + " nationality and sex not contradicting); counted as true alerts the false-alert rate is %.4f"
                    + " (%d/%d)%n", indistinguishableFalseAlerts, falseAlertsWithoutIndistinguishable(),
                    ours.falseAlerts() - indistinguishableFalseAlerts, ours.nonListed()));
            sb.append("ours: false alerts by the date rule of the best match: ").append(falseAlertsByDob).append('\n');
            if (lucene != null) {
                line(sb, "lucene", lucene);
                sb.append(String.format(Locale.ROOT, "lucene index %.1f MB, build %,d ms%n", luceneRamBytes / 1e6,
                        luceneBuildMillis));
                sb.append(String.format(Locale.ROOT, "p99 ratio ours/lucene wall %.3f cpu %.3f, p50 ratio wall %.3f cpu %.3f%n",
                        (double) ours.p99Nanos / lucene.p99Nanos, (double) ours.p99CpuNanos / lucene.p99CpuNanos,
                        (double) ours.p50Nanos / lucene.p50Nanos, (double) ours.p50CpuNanos / lucene.p50CpuNanos));
            }
            sb.append("by variant (ours alerts/count | lucene alerts/count):\n");
            for (Map.Entry<String, int[]> e : oursByVariant.entrySet()) {
                int[] l = luceneByVariant.get(e.getKey());
                sb.append(String.format(Locale.ROOT, "  %-34s %5d/%-5d | %s%n", e.getKey(), e.getValue()[1],
                        e.getValue()[0], l == null ? "-" : l[1] + "/" + l[0]));
            }
            sb.append("threshold sweep (ours): threshold recall falseAlerts\n");
            for (int i = 0; i < thresholds.length; i++) {
                sb.append(String.format(Locale.ROOT, "  %.2f %.4f %.4f%n", thresholds[i], sweep[i][0], sweep[i][1]));
            }
            return sb.toString();
        }

        /** The false-alert rate when indistinguishable namesakes count as true alerts (the brief's second way). */
        double falseAlertsWithoutIndistinguishable() {
            return (double) (ours.falseAlerts() - indistinguishableFalseAlerts) / ours.nonListed();
        }

        private static void line(StringBuilder sb, String name, Side s) {
            sb.append(String.format(Locale.ROOT,
                    "%-6s recall %.4f (%d/%d), false alerts %.4f (%d/%d), wall p50 %.3f ms p99 %.3f ms max %.3f ms,"
                            + " cpu p50 %.3f ms p99 %.3f ms%n",
                    name, s.recall, s.hits, s.listed, s.falseAlertRate, s.falseAlerts, s.nonListed,
                    s.p50Nanos / 1e6, s.p99Nanos / 1e6, s.maxNanos / 1e6, s.p50CpuNanos / 1e6, s.p99CpuNanos / 1e6));
        }
    }

    /** Per-thread CPU time beside wall time: on a shared machine wall time mostly measures the neighbours. */
    private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** names.eval.dump=true prints each missed listed probe and each false alert with its explanation. */
    private static final boolean DUMP = Boolean.getBoolean("names.eval.dump");

    private NameScreeningEval() {
    }

    static Report run(int size, int listedProbes, int nonListedProbes, long seed, double threshold,
                      boolean withLucene) throws IOException {
        NameEvalSet set = new NameEvalSet(size, listedProbes, nonListedProbes, seed);
        List<NameEvalSet.Probe> probes = new ArrayList<>(set.listedProbes);
        probes.addAll(set.nonListedProbes);

        long before = usedHeapAfterGc();
        long t0 = System.nanoTime();
        PersonWatchlist list = PersonWatchlist.of(set.list, ScreeningConfig.DEFAULTS.withAlertThreshold(threshold));
        long buildMillis = (System.nanoTime() - t0) / 1_000_000;
        long heap = usedHeapAfterGc() - before;

        // ours: warm-up, then timed
        for (NameEvalSet.Probe p : probes) {
            list.screen(p.query());
        }
        long[] nanos = new long[probes.size()];
        long[] cpu = new long[probes.size()];
        boolean[] alerts = new boolean[probes.size()];
        boolean[] hitExpected = new boolean[probes.size()];
        double[] expectedScore = new double[probes.size()];
        double[] bestScore = new double[probes.size()];
        int identicalNameFalseAlerts = 0;
        int indistinguishableFalseAlerts = 0;
        Map<MatchKind, Integer> falseAlertsByDob = new TreeMap<>();
        for (int i = 0; i < probes.size(); i++) {
            NameEvalSet.Probe p = probes.get(i);
            long c = THREADS.getCurrentThreadCpuTime();
            long s = System.nanoTime();
            ScreeningResult r = list.screen(p.query());
            nanos[i] = System.nanoTime() - s;
            cpu[i] = THREADS.getCurrentThreadCpuTime() - c;
            alerts[i] = r.alert();
            bestScore[i] = r.bestScore();
            if (!p.listed() && r.alert()) {
                if (identicalName(r.matches().get(0))) {
                    identicalNameFalseAlerts++;
                    Set<MatchKind> k = r.matches().get(0).kinds();
                    if (!k.contains(MatchKind.NATIONALITY_DIFFERENT) && !k.contains(MatchKind.SEX_DIFFERENT)) {
                        indistinguishableFalseAlerts++;
                    }
                }
                for (MatchKind k : r.matches().get(0).kinds()) {
                    if (k.name().startsWith("DOB_")) {
                        falseAlertsByDob.merge(k, 1, Integer::sum);
                    }
                }
            }
            if (p.listed()) {
                for (NameMatch m : r.matches()) {
                    if (m.entryId().equals(p.expectedId())) {
                        hitExpected[i] = m.alert();
                        expectedScore[i] = m.score();
                    }
                }
                if (DUMP && !hitExpected[i]) {
                    NameMatch m = r.matches().stream().filter(x -> x.entryId().equals(p.expectedId())).findFirst()
                            .orElse(null);
                    System.err.printf(Locale.ROOT, "MISS %s %.3f %s%n", p.variant(),
                            m == null ? 0.0 : m.score(), m == null ? "not among the matches" : m.explanations());
                }
            } else if (DUMP && r.alert()) {
                System.err.printf(Locale.ROOT, "FA %s %.3f %s%n", p.variant(), r.bestScore(),
                        r.matches().get(0).explanations());
            }
        }
        Map<String, int[]> oursByVariant = new TreeMap<>();
        Side ours = side(probes, nanos, cpu, alerts, hitExpected, oursByVariant);

        double[] thresholds = {0.60, 0.62, 0.64, 0.66, 0.68, 0.70, 0.72, 0.74, 0.76, 0.78, 0.80, 0.82, 0.84, 0.86, 0.88, 0.90};
        double[][] sweep = new double[thresholds.length][2];
        for (int t = 0; t < thresholds.length; t++) {
            int hits = 0;
            int fa = 0;
            for (int i = 0; i < probes.size(); i++) {
                if (probes.get(i).listed()) {
                    hits += expectedScore[i] >= thresholds[t] ? 1 : 0;
                } else {
                    fa += bestScore[i] >= thresholds[t] ? 1 : 0;
                }
            }
            sweep[t][0] = (double) hits / set.listedProbes.size();
            sweep[t][1] = (double) fa / set.nonListedProbes.size();
        }

        Side lucene = null;
        long luceneRam = 0;
        long luceneBuild = 0;
        Map<String, int[]> luceneByVariant = new TreeMap<>();
        if (withLucene) {
            long lt0 = System.nanoTime();
            try (LuceneNameBaseline baseline = new LuceneNameBaseline(set.list)) {
                luceneBuild = (System.nanoTime() - lt0) / 1_000_000;
                luceneRam = baseline.ramBytes();
                for (NameEvalSet.Probe p : probes) {
                    baseline.alert(p.query());
                }
                long[] lnanos = new long[probes.size()];
                long[] lcpu = new long[probes.size()];
                boolean[] lalerts = new boolean[probes.size()];
                for (int i = 0; i < probes.size(); i++) {
                    long c = THREADS.getCurrentThreadCpuTime();
                    long s = System.nanoTime();
                    lalerts[i] = baseline.alert(probes.get(i).query());
                    lnanos[i] = System.nanoTime() - s;
                    lcpu[i] = THREADS.getCurrentThreadCpuTime() - c;
                }
                // Lucene's hit is not tied to an entry id here: for a listed probe, any alert counts as found.
                lucene = side(probes, lnanos, lcpu, lalerts, lalerts, luceneByVariant);
            }
        }
        return new Report(size, list.distinctNameParts(), heap, buildMillis, ours, identicalNameFalseAlerts,
                indistinguishableFalseAlerts, falseAlertsByDob, lucene,
                luceneRam, luceneBuild,
                oursByVariant, luceneByVariant, thresholds, sweep);
    }

    private static Side side(List<NameEvalSet.Probe> probes, long[] nanos, long[] cpu, boolean[] alerts,
                             boolean[] found, Map<String, int[]> byVariant) {
        int listed = 0;
        int hits = 0;
        int non = 0;
        int fa = 0;
        for (int i = 0; i < probes.size(); i++) {
            NameEvalSet.Probe p = probes.get(i);
            boolean alerted = p.listed() ? found[i] : alerts[i];
            int[] v = byVariant.computeIfAbsent((p.listed() ? "listed " : "non-listed ") + p.variant(),
                    k -> new int[2]);
            v[0]++;
            v[1] += alerted ? 1 : 0;
            if (p.listed()) {
                listed++;
                hits += alerted ? 1 : 0;
            } else {
                non++;
                fa += alerted ? 1 : 0;
            }
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        long[] sortedCpu = cpu.clone();
        Arrays.sort(sortedCpu);
        return new Side((double) hits / listed, (double) fa / non, listed, hits, non, fa,
                percentile(sorted, 0.5), percentile(sorted, 0.99), sorted[sorted.length - 1],
                percentile(sortedCpu, 0.5), percentile(sortedCpu, 0.99));
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(sorted.length * p) - 1)];
    }

    /** Every name part matched exactly or as a transliteration, none missing: the rule cannot tell them apart. */
    private static boolean identicalName(NameMatch m) {
        for (MatchKind k : m.kinds()) {
            if (k == MatchKind.TYPO || k == MatchKind.PHONETIC || k == MatchKind.MISSING_PART
                    || k == MatchKind.INITIAL || k == MatchKind.TRUNCATED || k == MatchKind.SWAPPED_PARTS) {
                return false;
            }
        }
        return true;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    public static void main(String[] args) throws IOException {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int listed = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int non = args.length > 2 ? Integer.parseInt(args[2]) : 4000;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 20261129L;
        double threshold = args.length > 4 ? Double.parseDouble(args[4]) : ScreeningConfig.DEFAULT_THRESHOLD;
        boolean lucene = args.length <= 5 || Boolean.parseBoolean(args[5]);
        System.out.print(run(size, listed, non, seed, threshold, lucene).text());
    }
}
