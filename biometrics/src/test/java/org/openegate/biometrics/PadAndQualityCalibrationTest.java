package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Calibration data for docs/face-eval.md: the quality measures and the PAD score of LFW faces
 * re-framed as 640x480 captures (genuine presentations), and the PAD score of the same frames
 * turned into simulated attacks. A "soak" test: {@code -Degate.excludedGroups=none}, the number of
 * images from {@code -Dcalibration.images} (default 200). Writes per-image rows to
 * biometrics/target/calibration.csv and prints the summary.
 *
 * <p>What the attacks are (each applied to the whole frame, seeded):
 *
 * <ul>
 *   <li>SCREEN: a replay on a display filmed by the camera: a moire grating (a sinusoid of 3-5 px
 *       period at a random angle, 12 % amplitude), a blue cast, raised black level, gamma 0.8.
 *   <li>PRINT: a photo print: Gaussian blur (sigma 1.2), contrast cut to 75 %, a warm (yellow)
 *       cast, paper grain noise.
 *   <li>RECAPTURE: a low-quality re-photograph: down to a third and back up, JPEG quality 30.
 * </ul>
 *
 * These are image-level imitations of what an attack does to pixels; they lack what a real
 * attack has (a device frame or paper edge in view, specular reflections, 3-D shape, motion), so
 * the APCER they give is not an ISO/IEC 30107-3 APCER.
 */
@Tag("soak")
class PadAndQualityCalibrationTest {

  enum Attack { SCREEN, PRINT, RECAPTURE }

  @Test
  void calibrate() throws Exception {
    String dir = System.getProperty("testdata.dir");
    assumeTrue(dir != null, "testdata.dir not set");
    Path root = Path.of(dir, "faces", "lfw-aligned-112");
    assumeTrue(Files.isDirectory(root));
    int n = Integer.getInteger("calibration.images", 200);
    Set<String> images = new LinkedHashSet<>();
    List<String> lines = Files.readAllLines(root.resolve("pairs_folds1-4.csv"));
    // Every 8th row, so the images come from all folds and many people.
    for (int i = 1; i < lines.size() && images.size() < n; i += 8) {
      images.add(lines.get(i).split(",")[2]);
    }
    Reframe spec = Reframe.of(640, 480, 1);
    List<double[]> genuine = new ArrayList<>();
    Map<Attack, List<Double>> attackScores = new TreeMap<>();
    Map<String, Integer> failures = new TreeMap<>();
    Path out = Path.of("target", "calibration.csv");
    try (FaceEngine engine = FaceEngine.load();
        PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out))) {
      csv.println("kind,liveness,interEye,sharpness,yaw,pitch,roll,eyeOpening,dark,bright,"
          + "headWidthRatio,headHeightRatio");
      for (String rel : images) {
        byte[] frame = Reframer.reframe(Files.readAllBytes(root.resolve(rel)), spec, rel);
        try {
          FaceAnalysis a = engine.analyse(frame);
          FaceQuality q = a.quality();
          genuine.add(new double[] {a.liveness(), q.sharpness(), q.yawDegrees(), q.pitchDegrees(),
              q.rollDegrees(), q.eyeOpening(), q.darkFraction(), q.brightFraction()});
          csv.printf(Locale.ROOT, "GENUINE,%.4f,%.1f,%.1f,%.1f,%.1f,%.1f,%.3f,%.3f,%.3f,%.3f,%.3f%n",
              a.liveness(), q.interEyeDistance(), q.sharpness(), q.yawDegrees(), q.pitchDegrees(),
              q.rollDegrees(), q.eyeOpening(), q.darkFraction(), q.brightFraction(),
              q.headWidthRatio(), q.headHeightRatio());
        } catch (FaceException e) {
          failures.merge("GENUINE " + e.reason(), 1, Integer::sum);
        }
        SplittableRandom random = new SplittableRandom(Reframer.mix(99, rel));
        for (Attack attack : Attack.values()) {
          byte[] attacked = attack(frame, attack, random);
          try {
            double live = engine.analyse(attacked).liveness();
            attackScores.computeIfAbsent(attack, k -> new ArrayList<>()).add(live);
            csv.printf(Locale.ROOT, "%s,%.4f,,,,,,,,,,%n", attack, live);
          } catch (FaceException e) {
            failures.merge(attack + " " + e.reason(), 1, Integer::sum);
          }
        }
      }
    }
    double[] live = genuine.stream().mapToDouble(g -> g[0]).sorted().toArray();
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "calibration over %d images; failures %s%n", images.size(),
        failures));
    s.append(String.format(Locale.ROOT, "genuine liveness: p1 %.3f p2 %.3f p5 %.3f p50 %.3f%n",
        pct(live, 1), pct(live, 2), pct(live, 5), pct(live, 50)));
    for (double t : new double[] {0.05, 0.1, 0.2, 0.3, 0.5}) {
      long falseAlarms = Arrays.stream(live).filter(v -> v < t).count();
      s.append(String.format(Locale.ROOT, "  threshold %.2f: genuine false alarms %d/%d (%.2f%%)",
          t, falseAlarms, live.length, 100.0 * falseAlarms / live.length));
      for (Map.Entry<Attack, List<Double>> e : attackScores.entrySet()) {
        long accepted = e.getValue().stream().filter(v -> v >= t).count();
        s.append(String.format(Locale.ROOT, "  %s accepted %d/%d", e.getKey(), accepted,
            e.getValue().size()));
      }
      s.append('\n');
    }
    String[] names = {"liveness", "sharpness", "yaw", "pitch", "roll", "eyeOpening", "dark",
        "bright"};
    for (int k = 1; k < names.length; k++) {
      final int kk = k;
      double[] v = genuine.stream().mapToDouble(g -> g[kk]).sorted().toArray();
      s.append(String.format(Locale.ROOT, "genuine %s: p1 %.3f p5 %.3f p50 %.3f p95 %.3f p99 %.3f%n",
          names[k], pct(v, 1), pct(v, 5), pct(v, 50), pct(v, 95), pct(v, 99)));
    }
    System.out.print(s);
    assertThat(genuine).hasSizeGreaterThan(images.size() * 9 / 10);
  }

  static double pct(double[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.min(sorted.length - 1, Math.max(0, Math.round(p / 100 * (sorted.length - 1))));
    return sorted[i];
  }

  static byte[] attack(byte[] jpeg, Attack attack, SplittableRandom random) {
    try (MatScope scope = new MatScope()) {
      Mat src = FaceEngine.decode(jpeg, scope);
      Mat f = scope.mat();
      src.convertTo(f, CvType.CV_32FC3, 1.0 / 255);
      switch (attack) {
        case SCREEN -> {
          double period = 3 + 2 * random.nextDouble();
          double angle = random.nextDouble() * Math.PI;
          Mat grating = scope.add(new Mat(f.rows(), f.cols(), CvType.CV_32FC1));
          float[] g = new float[f.rows() * f.cols()];
          for (int y = 0; y < f.rows(); y++) {
            for (int x = 0; x < f.cols(); x++) {
              double u = x * Math.cos(angle) + y * Math.sin(angle);
              g[y * f.cols() + x] = (float) (1 + 0.12 * Math.sin(2 * Math.PI * u / period));
            }
          }
          grating.put(0, 0, g);
          Mat g3 = scope.mat();
          Imgproc.cvtColor(grating, g3, Imgproc.COLOR_GRAY2BGR);
          Core.multiply(f, g3, f);
          Core.multiply(f, new Scalar(1.08, 0.98, 0.9), f); // BGR: blue cast
          Core.pow(f, 0.8, f);
          Core.addWeighted(f, 0.9, f, 0, 0.06, f); // raised black level
        }
        case PRINT -> {
          Imgproc.GaussianBlur(f, f, new Size(0, 0), 1.2);
          Core.addWeighted(f, 0.75, f, 0, 0.12, f);
          Core.multiply(f, new Scalar(0.85, 1.0, 1.05), f); // warm cast
          Mat noise = scope.add(new Mat(f.size(), CvType.CV_32FC3));
          float[] nv = new float[(int) (noise.total() * 3)];
          for (int i = 0; i < nv.length; i++) {
            nv[i] = (float) (random.nextGaussian() * 0.02);
          }
          noise.put(0, 0, nv);
          Core.add(f, noise, f);
        }
        case RECAPTURE -> {
          Mat small = scope.mat();
          Imgproc.resize(f, small, new Size(f.cols() / 3.0, f.rows() / 3.0), 0, 0,
              Imgproc.INTER_AREA);
          Imgproc.resize(small, f, src.size(), 0, 0, Imgproc.INTER_LINEAR);
        }
      }
      Mat out8 = scope.mat();
      f.convertTo(out8, CvType.CV_8UC3, 255);
      MatOfByte buf = scope.add(new MatOfByte());
      int q = attack == Attack.RECAPTURE ? 30 : 90;
      Imgcodecs.imencode(".jpg", out8, buf, scope.add(new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, q)));
      return buf.toArray();
    }
  }
}
