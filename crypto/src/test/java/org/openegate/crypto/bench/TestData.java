package org.openegate.crypto.bench;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Locating the shared test data for benchmarks, and checking in setup that a benchmark measures what it says. */
final class TestData {

    /** One provider instance, passed explicitly: nothing is registered globally. */
    static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private TestData() {
    }

    /** A file or folder under {@code testdata.dir} (bench.sh sets it; the fallback suits a run from crypto/). */
    static Path path(String relative) {
        Path root = Path.of(System.getProperty("testdata.dir", "../../shared/testdata"));
        Path file = root.resolve(relative);
        if (!Files.exists(file)) {
            throw new IllegalStateException(file.toAbsolutePath() + " not found: set -Dtestdata.dir");
        }
        return file;
    }

    /** DG1 and DG2 of the BSI TR-03105-5 reference passport, keyed by data group number. */
    static Map<Integer, byte[]> bsiDg1AndDg2() throws IOException {
        Path dir = path("lds/bsi-tr03105-5");
        return Map.of(1, Files.readAllBytes(dir.resolve("Datagroup1.bin")),
                2, Files.readAllBytes(dir.resolve("Datagroup2.bin")));
    }

    /** Fails the trial (JMH reports the error) when the data does not give the outcome the benchmark is about. */
    static void require(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("benchmark precondition failed: " + what);
        }
    }
}
