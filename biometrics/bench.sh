#!/usr/bin/env bash
# Runs the biometrics JMH benchmarks (biometrics/src/test/java/org/openegate/biometrics/bench).
# Arguments go to JMH, e.g.
#   biometrics/bench.sh FrameBenchmark -f 1 -wi 3 -i 5 -rf json -rff biometrics/target/jmh-frame.json
#   biometrics/bench.sh -l          (list benchmarks)   biometrics/bench.sh -h   (JMH options)
# It compiles the test sources (the JMH annotation processor generates the harness there; the
# generate-resources phase fetches the pinned models), asks Maven for the test classpath and starts
# org.openjdk.jmh.Main from the repository root. Benchmarks never run in `mvn test`.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -q -pl biometrics -am test-compile
mvn -B -q -pl biometrics dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$root/biometrics/target/bench.classpath"
cp="$root/biometrics/target/test-classes:$root/biometrics/target/classes:$(cat "$root/biometrics/target/bench.classpath")"
testdata="${TESTDATA_DIR:-$root/../shared/testdata}"
# BENCH_MAIN runs another main class from the same classpath (e.g. PairedFrameComparison,
# FrameCpuTime). FrameBenchmark runs through FrameBenchmarkReport, which ends with the acceptance-4
# summary: each engine's median with and without PAD, the targets, the speed ratio and the verdict.
main="${BENCH_MAIN:-org.openjdk.jmh.Main}"
if [[ -z "${BENCH_MAIN:-}" && "${1:-}" == FrameBenchmark* ]]; then
  main=org.openegate.biometrics.bench.FrameBenchmarkReport
fi
exec java -Dtestdata.dir="$testdata" -cp "$cp" "$main" "$@"
