#!/usr/bin/env bash
# Chip-reading efficiency on the modelled contactless link (issue #4, acceptance 4): reads a passport with a 20 kB DG2
# through the emulator with extended length and with extended length refused, and prints a Markdown table of APDUs,
# bytes and modelled time against the pure transfer limit. Argument: runs per scenario (default 7).
#   crypto/chip-efficiency.sh 7
# See crypto/src/test/java/org/openegate/crypto/emulator/ChipEfficiency.java and docs/chip-efficiency.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
mvn -B -q -pl crypto -am test-compile
mvn -B -q -pl crypto dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$root/crypto/target/bench.classpath"
cp="$root/crypto/target/test-classes:$root/crypto/target/classes:$(cat "$root/crypto/target/bench.classpath")"
exec java -cp "$cp" org.openegate.crypto.emulator.ChipEfficiency "${1:-7}"
