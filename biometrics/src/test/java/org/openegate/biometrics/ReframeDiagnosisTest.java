package org.openegate.biometrics;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Where the re-framed pipeline loses accuracy (docs/face-eval.md): genuine pairs of fold 1 under
 * fixed scales and rolls. A "soak" diagnostic; {@code -Ddiagnosis.pairs} (default 150).
 */
@Tag("soak")
class ReframeDiagnosisTest {

  @Test
  void genuineScoresByScaleAndRoll() throws Exception {
    String dir = System.getProperty("testdata.dir");
    assumeTrue(dir != null);
    Path root = Path.of(dir, "faces", "lfw-aligned-112");
    int n = Integer.getInteger("diagnosis.pairs", 150);
    List<String> lines = Files.readAllLines(root.resolve("pairs_folds1-4.csv"));
    Path csv = Files.createTempFile("genuine", ".csv");
    // DetCurve needs both classes: 20 impostor rows of fold 1 (rows 301-320) come along.
    List<String> rows = new java.util.ArrayList<>(lines.subList(1, 1 + n));
    rows.addAll(lines.subList(301, 321));
    Files.write(csv, rows);
    double[][] variants = {{1.0, 0}, {1.75, 0}, {2.5, 0}, {1.75, 8}};
    try (FaceEngine engine = FaceEngine.load()) {
      Evaluation.Result aligned = Evaluation.run(engine, csv, root, true);
      report("aligned crops", aligned);
      for (double[] v : variants) {
        Reframe spec = new Reframe(640, 480, 1, v[0], v[0], v[1]);
        report(String.format(Locale.ROOT, "scale %.2f roll<=%.0f", v[0], v[1]),
            Evaluation.runReframed(engine, csv, root, spec));
      }
    } finally {
      Files.deleteIfExists(csv);
    }
  }

  private static void report(String label, Evaluation.Result r) {
    DetCurve c = r.curve();
    System.out.printf(Locale.ROOT, "DIAG %-22s genuine mean %.4f  FNMR@0.3292 %.4f  failures %d %s%n",
        label, c.genuineMean(), c.fnmrAt(0.3292), r.failures(), r.failedImages());
  }
}
