#!/usr/bin/env bash
# Runs the mqtt-bridge JMH benchmarks (mqtt-bridge/src/test/java/org/openegate/mqtt/bench). Arguments go to JMH, e.g.
#   mqtt-bridge/bench.sh OutboxEnqueueBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s -rf json -rff mqtt-bridge/target/jmh.json
#   mqtt-bridge/bench.sh -l          (list benchmarks)   mqtt-bridge/bench.sh -h   (JMH options)
# It compiles the test sources (the JMH annotation processor generates the harness there), asks Maven for the
# test classpath and starts org.openjdk.jmh.Main. Benchmarks never run in `mvn test`. PublishThroughputBenchmark
# starts a local mosquitto (Debian package, /usr/sbin/mosquitto or -jvmArgsAppend -Degate.mosquitto=PATH).
# It runs from the repository root, so relative paths (-rff mqtt-bridge/target/...) are relative to it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -q -pl mqtt-bridge -am test-compile
mvn -B -q -pl mqtt-bridge dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$root/mqtt-bridge/target/bench.classpath"
cp="$root/mqtt-bridge/target/test-classes:$root/mqtt-bridge/target/classes:$(cat "$root/mqtt-bridge/target/bench.classpath")"
exec java -cp "$cp" org.openjdk.jmh.Main "$@"
