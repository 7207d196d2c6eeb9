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
    // -Dface.flip=true measures horizontal-flip fusion (docs/face-eval.md);
    // -Dface.alignInterpolation=1 the bilinear alignment warp of before 2026-11-29.
    engine = FaceEngine.load(
        FaceEngine.Options.defaults().withFlipFusion(Boolean.getBoolean("face.flip")),
        FaceEngine.REFINE_LANDMARKS,
        Integer.getInteger("face.alignInterpolation", FaceEngine.ALIGN_INTERPOLATION));
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
        "LFW folds1-4 aligned (flip fusion " + engine.options().flipFusion() + "): pairs=%d genuine=%d impostor=%d failures=%d%n"
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

  /**
   * The full pipeline (detect, landmarks, our alignment, embed) on the same pairs, each 112x112 crop
   * padded with grey to 224x224 so the detector sees some background. Compares our alignment with
   * InsightFace's. A "soak" test (~2-3 min on 2 cores).
   */
  @Test
  @Tag("soak")
  void analyse_fullPipelineOnPaddedCrops() throws Exception {
    List<String> lines = Files.readAllLines(root.resolve("pairs_folds1-4.csv"));
    java.util.Map<String, FaceTemplate> templates = new java.util.HashMap<>();
    java.util.Map<String, FaceException.Reason> failed = new java.util.HashMap<>();
    double[] scores = new double[lines.size() - 1];
    boolean[] labels = new boolean[lines.size() - 1];
    int failures = 0;
    long nanos = 0;
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      labels[i - 1] = f[1].equals("1");
      FaceTemplate[] pair = new FaceTemplate[2];
      for (int k = 0; k < 2; k++) {
        String rel = f[2 + k];
        if (!templates.containsKey(rel) && !failed.containsKey(rel)) {
          byte[] padded = pad(Files.readAllBytes(root.resolve(rel)));
          long t0 = System.nanoTime();
          try {
            templates.put(rel, engine.analyse(padded, MultipleFaces.DOMINANT).template());
          } catch (FaceException e) {
            failed.put(rel, e.reason());
          }
          nanos += System.nanoTime() - t0;
        }
        pair[k] = templates.get(rel);
      }
      if (pair[0] == null || pair[1] == null) {
        scores[i - 1] = -1;
        failures++;
      } else {
        scores[i - 1] = pair[0].similarity(pair[1]);
      }
    }
    Evaluation.Result r = Evaluation.summarise(scores, labels, failures);
    DetCurve c = r.curve();
    int images = templates.size() + failed.size();
    System.out.printf(
        Locale.ROOT,
        "LFW folds1-4 full pipeline (padded to 224): pairs=%d failures=%d (images failed: %s)%n"
            + "  FNMR@FMR1e-2=%.4f  FNMR@FMR1e-3=%.4f (thr %.4f)  EER=%.4f%n"
            + "  FMR/FNMR at default %.4f: %.4f/%.4f  analyse: %d images, %.1f ms/image%n",
        r.pairs(), r.failures(), failed.values().stream()
            .collect(java.util.stream.Collectors.groupingBy(x -> x, java.util.stream.Collectors.counting())),
        r.fnmrAtFmr1e2(), r.fnmrAtFmr1e3(), r.threshold(), r.eer(), engine.threshold(),
        c.fmrAt(engine.threshold()), c.fnmrAt(engine.threshold()), images, nanos / 1e6 / images);
    assertThat(r.eer()).isLessThan(0.08);
  }

  private static byte[] pad(byte[] crop) {
    try (MatScope scope = new MatScope()) {
      org.opencv.core.Mat src = FaceEngine.decode(crop, scope);
      org.opencv.core.Mat dst = scope.mat();
      org.opencv.core.Core.copyMakeBorder(src, dst, 56, 56, 56, 56,
          org.opencv.core.Core.BORDER_CONSTANT, new org.opencv.core.Scalar(128, 128, 128));
      org.opencv.core.MatOfByte out = scope.add(new org.opencv.core.MatOfByte());
      org.opencv.imgcodecs.Imgcodecs.imencode(".png", dst, out);
      return out.toArray();
    }
  }
}
