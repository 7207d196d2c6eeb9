#!/usr/bin/env bash
# The document-watchlist scale run (issue #8, acceptance 1). Re-runnable; everything goes to
# gate-agent/target/watchlist/ (about 2.5 GB of disk at 100 million records).
#
#   gate-agent/watchlist-bench.sh [RECORDS] [PROBES]    default 100000000 records, 10000000 probes
#   gate-agent/watchlist-bench.sh jmh [JMH options]     only the JMH latency run, on the index already built
#
# Steps, each in its own JVM so each is measured alone:
#   1. build  operator side: RECORDS synthetic records -> snapshot content (seconds, heap). Needs ~1.7 GB heap.
#   2. probe  device side, -Xmx256m: load the content into the mapped index file (seconds, bytes per record,
#             heap, RSS), then PROBES lookups: half members, half non-members and near misses; prints the
#             false-negative and false-positive counts.
#   3. jmh    DocumentIndexBenchmark in SampleTime mode: median (p0.50) and p0.99 lookup latency.
# JMH on a shared machine is noisy: the probe step prints the load average; quote numbers with it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/gate-agent/target/watchlist"
mkdir -p "$out"
mvn -B -q -pl gate-agent -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$root/gate-agent/target/bench.classpath"
cp="$root/gate-agent/target/test-classes:$root/gate-agent/target/classes:$(cat "$root/gate-agent/target/bench.classpath")"
soak=org.openegate.gate.risk.documents.bench.WatchlistSoak
jmh() {
    java -cp "$cp" org.openjdk.jmh.Main DocumentIndexBenchmark \
        -jvmArgs "-Xmx512m -Dwatchlist.index=$out/index.idx" -f 1 -wi 3 -w 5s -i 5 -r 5s "$@"
}
if [[ "${1:-}" == jmh ]]; then
    shift
    jmh "$@"
    exit
fi
records="${1:-100000000}"
probes="${2:-10000000}"
echo "== build $records records"
/usr/bin/time -f "build.max_rss_kb: %M" java -Xmx3g -cp "$cp" $soak build "$records" "$out/content.bin"
echo "== load and probe ($probes probes), device heap -Xmx256m"
/usr/bin/time -f "probe.max_rss_kb: %M" java -Xmx256m -cp "$cp" $soak probe "$out/content.bin" "$out/index.idx" "$probes"
echo "== JMH lookup latency"
jmh -rf json -rff "$out/jmh.json"
