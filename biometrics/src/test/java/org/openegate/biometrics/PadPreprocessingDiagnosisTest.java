package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;

/**
 * Re-checks fr_liveness's pre-processing against the model's own {@code lib/fr_liveness.js} and the
 * alternatives a mistake would produce (docs/face-eval.md, PAD): for each presentation the three
 * softmax outputs with the crop fed as RGB (what the JS does: it reads an RGBA canvas and copies
 * channels 0, 1, 2) and as BGR (OpenCV's order, which a model trained with cv2.imread would expect).
 * Genuine presentations are LFW faces re-framed by {@link Reframer}; the attacks are
 * {@link PadAndQualityCalibrationTest}'s; the demo portraits and their derived captures come along.
 * A "soak" diagnostic: {@code -Degate.excludedGroups=none -Dcalibration.images=150}.
 */
@Tag("soak")
class PadPreprocessingDiagnosisTest {

  @Test
  void classesAndChannelOrder() throws Exception {
    String dir = System.getProperty("testdata.dir");
    assumeTrue(dir != null, "testdata.dir not set");
    Path root = Path.of(dir, "faces", "lfw-aligned-112");
    Set<String> images = lfwSample(root, Integer.getInteger("calibration.images", 150));
    Reframe spec = Reframe.of(640, 480, 1);
    // set -> order -> list of softmax triples
    Map<String, Map<Boolean, List<double[]>>> results = new LinkedHashMap<>();
    Inference live = Inference.load(Model.LIVENESS, InferenceBackend.OPENCV_DNN, 2);
    try (FaceEngine engine =
        FaceEngine.load(FaceEngine.Options.defaults().withLiveness(false), false)) {
      for (String rel : images) {
        byte[] frame = Reframer.reframe(Files.readAllBytes(root.resolve(rel)), spec, rel);
        score(engine, live, "GENUINE", frame, results);
        SplittableRandom random = new SplittableRandom(Reframer.mix(99, rel));
        for (PadAndQualityCalibrationTest.Attack attack :
            PadAndQualityCalibrationTest.Attack.values()) {
          score(engine, live, attack.name(),
              PadAndQualityCalibrationTest.attack(frame, attack, random), results);
        }
      }
      for (DemoPerson p : DemoFaces.persons()) {
        score(engine, live, "DEMO-PORTRAIT", p.portrait().bytes(), results);
        for (DemoPhoto c : p.liveCaptures()) {
          score(engine, live, "DEMO-DERIVED", c.bytes(), results);
        }
      }
    } finally {
      live.close();
    }
    for (var set : results.entrySet()) {
      for (var order : set.getValue().entrySet()) {
        List<double[]> v = order.getValue();
        double[] mean = new double[3];
        int[] argmax = new int[3];
        for (double[] p : v) {
          int best = 0;
          for (int c = 0; c < 3; c++) {
            mean[c] += p[c] / v.size();
            if (p[c] > p[best]) {
              best = c;
            }
          }
          argmax[best]++;
        }
        System.out.printf(Locale.ROOT,
            "PAD %-14s %s n=%3d  mean softmax [%.3f %.3f %.3f]  argmax counts [%d %d %d]%n",
            set.getKey(), order.getKey() ? "RGB" : "BGR", v.size(), mean[0], mean[1], mean[2],
            argmax[0], argmax[1], argmax[2]);
      }
    }
    assertThat(results).containsKey("GENUINE");
  }

  /** The first image of every eighth LFW pair, up to {@code n}: the PAD diagnostics' genuine set. */
  static Set<String> lfwSample(Path root, int n) throws java.io.IOException {
    Set<String> images = new LinkedHashSet<>();
    List<String> lines = Files.readAllLines(root.resolve("pairs_folds1-4.csv"));
    for (int i = 1; i < lines.size() && images.size() < n; i += 8) {
      images.add(lines.get(i).split(",")[2]);
    }
    return images;
  }

  private static void score(FaceEngine engine, Inference live, String set, byte[] image,
      Map<String, Map<Boolean, List<double[]>>> results) {
    FaceBox box;
    try {
      box = engine.analyse(image).face();
    } catch (FaceException e) {
      return;
    }
    try (MatScope scope = new MatScope()) {
      Mat bgr = FaceEngine.decode(image, scope);
      for (boolean rgb : new boolean[] {true, false}) {
        double[] p = FaceEngine.livenessOutputs(live, bgr, box, rgb, scope);
        results.computeIfAbsent(set, k -> new LinkedHashMap<>())
            .computeIfAbsent(rgb, k -> new ArrayList<>()).add(p);
      }
    }
  }
}
