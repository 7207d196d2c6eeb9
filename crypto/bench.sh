#!/usr/bin/env bash
# Runs the crypto JMH benchmarks (crypto/src/test/java/org/openegate/crypto/bench). Arguments go to JMH, e.g.
#   crypto/bench.sh PassiveAuthBenchmark -f 1 -wi 5 -i 5 -w 2s -r 1s -rf json -rff crypto/target/jmh-pa.json
#   crypto/bench.sh -l          (list benchmarks)   crypto/bench.sh -h   (JMH options)
# It compiles the test sources (the JMH annotation processor generates the harness there), asks Maven for the
# test classpath and starts org.openjdk.jmh.Main. Benchmarks never run in `mvn test`.
# It runs from the repository root, so relative paths (-rff crypto/target/...) are relative to it. The shared test
# data is ../shared/testdata beside the clone, or TESTDATA_DIR if set.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -q -pl crypto -am test-compile
mvn -B -q -pl crypto dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$root/crypto/target/bench.classpath"
cp="$root/crypto/target/test-classes:$root/crypto/target/classes:$(cat "$root/crypto/target/bench.classpath")"
testdata="${TESTDATA_DIR:-$root/../shared/testdata}"
# JMH forks inherit these JVM options, so the benchmark VMs see testdata.dir too.
exec java -Dtestdata.dir="$testdata" -cp "$cp" org.openjdk.jmh.Main "$@"
