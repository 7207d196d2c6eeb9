package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Accuracy on the LFW aligned crops in ../shared/testdata (test use only; never shipped). */
class LfwAlignedEvaluationTest {

  private static FaceEngine engine;
  private static Path root;

  @BeforeAll
  static void setUp() {
    String dir = System.getProperty("testdata.dir");
    assumeTrue(dir != null, "testdata.dir not set");
    root = Path.of(dir, "faces", "lfw-aligned-112");
    assumeTrue(Files.isDirectory(root), "LFW aligned set not present at " + root);
    engine = FaceEngine.load();
  }

  @AfterAll
  static void tearDown() {
    if (engine != null) {
      engine.close();
    }
  }

  /** 100 pairs (50 genuine, 50 impostor) from fold 1: the embedding separates the classes. */
  @Test
  void embedAligned_separatesGenuineFromImpostorOnHundredPairs() throws Exception {
    List<String> lines = Files.readAllLines(root.resolve("pairs_folds1-4.csv"));
    // Fold 1 has 300 genuine rows then 300 impostor rows.
    List<String> subset =
        new java.util.ArrayList<>(lines.subList(1, 51));
    subset.addAll(lines.subList(301, 351));
    Path csv = Files.createTempFile("pairs100", ".csv");
    try {
      Files.write(csv, subset);
      Evaluation.Result r = Evaluation.run(engine, csv, root, true);
      assertThat(r.genuine()).isEqualTo(50);
      assertThat(r.impostor()).isEqualTo(50);
      assertThat(r.failures()).isZero();
      DetCurve c = r.curve();
      // A working ArcFace-style model puts LFW genuine pairs around 0.6-0.7 and impostors near 0.
      assertThat(c.genuineMean() - c.impostorMean()).isGreaterThan(0.3);
      assertThat(c.impostorMean()).isLessThan(0.2);
      // At the shipped threshold, few of these easy pairs are wrong.
      assertThat(c.fmrAt(engine.threshold())).isLessThanOrEqualTo(0.02);
      assertThat(c.fnmrAt(engine.threshold())).isLessThanOrEqualTo(0.2);
    } finally {
      Files.deleteIfExists(csv);
    }
  }

  /**
   * All 2,400 pairs of folds 1-4; prints the figures behind {@link FaceEngine#DEFAULT_THRESHOLD}.
   * Takes ~1 min on 2 cores, so it is a "soak" test: {@code -Degate.excludedGroups=none}.
   */
  @Test
  @Tag("soak")
  void embedAligned_fullFoldsOneToFour() throws Exception {
    long start = System.nanoTime();
    Evaluation.Result r = Evaluation.run(engine, root.resolve("pairs_folds1-4.csv"), root, true);
    long ms = (System.nanoTime() - start) / 1_000_000;
    DetCurve c = r.curve();
    System.out.printf(
        Locale.ROOT,
        "LFW folds1-4 aligned: pairs=%d genuine=%d impostor=%d failures=%d%n"
            + "  FNMR@FMR1e-2=%.4f (thr %.4f)  FNMR@FMR1e-3=%.4f (thr %.4f)  EER=%.4f (thr %.4f)%n"
            + "  genuine mean=%.4f impostor mean=%.4f  FMR/FNMR at default %.4f: %.4f/%.4f"
            + "  time=%d ms%n",
        r.pairs(), r.genuine(), r.impostor(), r.failures(),
        r.fnmrAtFmr1e2(), c.thresholdAtFmr(1e-2), r.fnmrAtFmr1e3(), r.threshold(), r.eer(),
        c.eerPoint().threshold(), c.genuineMean(), c.impostorMean(), engine.threshold(),
        c.fmrAt(engine.threshold()), c.fnmrAt(engine.threshold()), ms);
    assertThat(r.failures()).isZero();
    assertThat(r.eer()).isLessThan(0.05);
  }
}
