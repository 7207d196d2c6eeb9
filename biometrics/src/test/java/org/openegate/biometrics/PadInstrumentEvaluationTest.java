package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Which fr_liveness class means "live" (docs/face-eval.md, "PAD: which class is live"): BPCER and
 * APCER (ISO/IEC 30107-3) at the policy threshold for class 0 and class 1, on
 *
 * <ul>
 *   <li>bona fide: LFW faces re-framed by {@link Reframer}; digital camera photos of people in real
 *       scenes (a folder given by {@code -Dpad.digital.dir}) and two re-framed, re-lit captures of
 *       each ({@link DemoFaces#derive}); the same photos with everything outside the face replaced
 *       by the re-framing's kind of synthetic surround (does the surround decide?);
 *   <li>attacks: {@link AttackInstruments#printedPhoto} and {@link AttackInstruments#phoneReplay}
 *       made from LFW crops, the demo portraits and the digital photos; scanned paper prints
 *       ({@code -Dpad.scans.dir}) and the demo portraits, which are scans of printed photos.
 * </ul>
 *
 * and the digital photos cut to 112x112 about the face and re-framed like the LFW faces (does the
 * harness decide?). The digital photos and scans used for the table are the KPhotoAlbum demo album (Debian
 * kphotoalbum 5.9.1-1, /usr/share/kphotoalbum/demo, GPL-2+): {@code apt-get download kphotoalbum},
 * {@code dpkg-deb -x}, then put anne_helene.jpg, cold_water.jpg, jesper.jpg, jesper_2.jpg (digital
 * cameras, 2005) in one folder and new_wave_1.jpg, new_wave_2.jpg (the album says "I scanned this
 * image in") in another. A "soak" diagnostic: {@code mvn -B -o -pl biometrics test
 * -Dtest=PadInstrumentEvaluationTest -Degate.excludedGroups=none -Dcalibration.images=100
 * -Dpad.digital.dir=... -Dpad.scans.dir=...}.
 */
@Tag("soak")
class PadInstrumentEvaluationTest {

  private static final double THRESHOLD = FaceEngine.DEFAULT_LIVENESS_THRESHOLD;

  private static final double[] SWEEP = {0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9};

  /** One presentation set: softmax triples of the faces found, and how many had no face. */
  private static final class Scores {
    final boolean attack;
    final List<double[]> p = new ArrayList<>();
    int noFace;

    Scores(boolean attack) {
      this.attack = attack;
    }
  }

  @Test
  void bpcerAndApcerPerClassAndInstrument() throws Exception {
    String dir = System.getProperty("testdata.dir");
    assumeTrue(dir != null, "testdata.dir not set");
    Path root = Path.of(dir, "faces", "lfw-aligned-112");
    Set<String> images =
        PadPreprocessingDiagnosisTest.lfwSample(root, Integer.getInteger("calibration.images", 100));
    List<byte[]> digital = folder("pad.digital.dir");
    List<byte[]> scans = folder("pad.scans.dir");
    Map<String, Scores> sets = new LinkedHashMap<>();
    Reframe spec = Reframe.of(640, 480, 1);
    Inference live = Inference.load(Model.LIVENESS, InferenceBackend.OPENCV_DNN, 2);
    try (FaceEngine engine =
        FaceEngine.load(FaceEngine.Options.defaults().withLiveness(false), false)) {
      int i = 0;
      for (String rel : images) {
        byte[] crop = Files.readAllBytes(root.resolve(rel));
        score(engine, live, sets, "bona fide: LFW re-framed", false,
            Reframer.reframe(crop, spec, rel));
        if (i++ % 2 == 0) {
          score(engine, live, sets, "print of an LFW crop", true,
              AttackInstruments.printedPhoto(crop, i));
          score(engine, live, sets, "phone showing an LFW crop", true,
              AttackInstruments.phoneReplay(crop, i));
        }
      }
      for (byte[] photo : digital) {
        for (byte[] capture : digitalCaptures(photo)) {
          score(engine, live, sets, "bona fide: digital photos (+ re-framed)", false, capture);
        }
        score(engine, live, sets, "digital photo, synthetic surround", false,
            syntheticSurround(engine, photo));
        score(engine, live, sets, "digital photo through the LFW harness", false,
            Reframer.reframe(tightCrop112(engine, photo), spec, "digital-" + photo.length));
        for (int seed = 1; seed <= 3; seed++) {
          score(engine, live, sets, "print of a digital photo", true,
              AttackInstruments.printedPhoto(photo, seed));
          score(engine, live, sets, "phone showing a digital photo", true,
              AttackInstruments.phoneReplay(photo, seed));
        }
      }
      for (DemoPerson p : DemoFaces.persons()) {
        byte[] chip = DemoFaces.chipPortraitJpeg(p);
        score(engine, live, sets, "scanned print: demo portrait", true, p.portrait().bytes());
        for (DemoPhoto c : p.liveCaptures()) {
          score(engine, live, sets, "demo live capture (from the scan)", false, c.bytes());
        }
        for (int seed = 1; seed <= 5; seed++) {
          score(engine, live, sets, "print of a demo portrait", true,
              AttackInstruments.printedPhoto(chip, seed));
          score(engine, live, sets, "phone showing a demo portrait", true,
              AttackInstruments.phoneReplay(chip, seed));
        }
      }
      for (byte[] scan : scans) {
        score(engine, live, sets, "scanned print: album scans", true, scan);
      }
    } finally {
      live.close();
    }
    System.out.printf(Locale.ROOT,
        "PADEVAL | set | n (no face) | mean p0 p1 p2 | class 0: %s at %.2f | class 1: %s at %.2f |%n",
        "flagged", THRESHOLD, "flagged", THRESHOLD);
    for (var e : sets.entrySet()) {
      Scores s = e.getValue();
      double[] mean = new double[3];
      int[] flagged = new int[3];
      for (double[] p : s.p) {
        for (int c = 0; c < 3; c++) {
          mean[c] += p[c] / s.p.size();
          if (p[c] < THRESHOLD) {
            flagged[c]++;
          }
        }
      }
      System.out.printf(Locale.ROOT,
          "PADEVAL | %s | %d (%d) | %.3f %.3f %.3f | %s | %s |%n", e.getKey(), s.p.size(), s.noFace,
          mean[0], mean[1], mean[2], rate(s, flagged[0]), rate(s, flagged[1]));
      StringBuilder sweep = new StringBuilder();
      for (double t : SWEEP) {
        long below = s.p.stream().filter(p -> p[0] < t).count();
        sweep.append(String.format(Locale.ROOT, " %.2f:%d/%d", t, below, s.p.size()));
      }
      System.out.println("PADSWEEP class 0 below threshold | " + e.getKey() + " |" + sweep);
      if (s.p.size() <= 12) {
        StringBuilder each = new StringBuilder();
        for (double[] p : s.p) {
          each.append(String.format(Locale.ROOT, " %.3f", p[0]));
        }
        System.out.println("PADEACH p0 | " + e.getKey() + " |" + each);
      }
    }
    assertThat(sets).containsKey("bona fide: LFW re-framed");
    assertThat(sets.get("bona fide: LFW re-framed").p).isNotEmpty();
  }

  // BPCER for bona fide sets (flagged share), APCER for attacks (accepted share).
  private static String rate(Scores s, int flagged) {
    int n = s.p.size();
    if (n == 0) {
      return "-";
    }
    if (s.attack) {
      return String.format(Locale.ROOT, "APCER %d/%d (%.1f %%)", n - flagged, n,
          100.0 * (n - flagged) / n);
    }
    return String.format(Locale.ROOT, "BPCER %d/%d (%.1f %%)", flagged, n, 100.0 * flagged / n);
  }

  private static List<byte[]> folder(String property) throws IOException {
    String d = System.getProperty(property);
    List<byte[]> out = new ArrayList<>();
    if (d == null) {
      return out;
    }
    try (Stream<Path> files = Files.list(Path.of(d))) {
      for (Path f : files.sorted().toList()) {
        out.add(Files.readAllBytes(f));
      }
    }
    return out;
  }

  // The photo itself and two captures re-framed and re-lit from it, as DemoFaces makes them.
  private static List<byte[]> digitalCaptures(byte[] photo) {
    return List.of(photo,
        DemoFaces.derive(photo, 1.12, 4.0, 0.04, -0.02, 0.8, 1.05, 0),
        DemoFaces.derive(photo, 0.92, -3.0, -0.03, 0.03, 1.3, 0.92, 3));
  }

  private static void score(FaceEngine engine, Inference live, Map<String, Scores> sets,
      String set, boolean attack, byte[] image) {
    Scores s = sets.computeIfAbsent(set, k -> new Scores(attack));
    FaceBox box;
    try {
      box = engine.analyse(image).face();
    } catch (FaceException e) {
      s.noFace++;
      return;
    }
    try (MatScope scope = new MatScope()) {
      Mat bgr = FaceEngine.decode(image, scope);
      s.p.add(FaceEngine.livenessOutputs(live, bgr, box, FaceEngine.LIVENESS_SWAP_RB, scope));
    }
  }

  /**
   * The face as the LFW test crops hold it: a square about the detector's box, 112x112, JPEG; then
   * re-framed like the LFW faces. Tells whether the harness, not the face's source, sets the score.
   */
  private static byte[] tightCrop112(FaceEngine engine, byte[] photo) {
    FaceBox box = engine.analyse(photo).face();
    try (MatScope scope = new MatScope()) {
      Mat src = FaceEngine.decode(photo, scope);
      org.opencv.core.Rect r = FaceEngine.cropRect(src, box, 1.1);
      Mat crop = scope.mat();
      Imgproc.resize(scope.add(src.submat(r)), crop, new Size(112, 112), 0, 0, Imgproc.INTER_AREA);
      MatOfByte out = scope.add(new MatOfByte());
      Imgcodecs.imencode(".jpg", crop, out, scope.add(new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 90)));
      return out.toArray();
    }
  }

  /**
   * The photo with everything outside an ellipse around the face (the box grown by a quarter)
   * replaced by smooth coloured noise, as the re-framing's background: the face and its own
   * immediate surround stay, the scene goes.
   */
  private static byte[] syntheticSurround(FaceEngine engine, byte[] photo) {
    FaceBox box = engine.analyse(photo).face();
    SplittableRandom random = new SplittableRandom(7);
    try (MatScope scope = new MatScope()) {
      Mat src = FaceEngine.decode(photo, scope);
      Mat coarse = scope.add(new Mat(6, 8, CvType.CV_8UC3));
      byte[] v = new byte[6 * 8 * 3];
      for (int i = 0; i < v.length; i++) {
        v[i] = (byte) (60 + random.nextInt(140));
      }
      coarse.put(0, 0, v);
      Mat background = scope.mat();
      Imgproc.resize(coarse, background, src.size(), 0, 0, Imgproc.INTER_CUBIC);
      Imgproc.GaussianBlur(background, background, new Size(0, 0), 15);
      Mat mask = scope.add(Mat.zeros(src.size(), CvType.CV_8U));
      Point centre = new Point(box.x() + box.width() / 2, box.y() + box.height() / 2);
      Imgproc.ellipse(mask, centre, new Size(box.width() * 0.625, box.height() * 0.7), 0, 0, 360,
          new Scalar(255), -1);
      Imgproc.GaussianBlur(mask, mask, new Size(0, 0), box.width() * 0.05);
      Mat alpha = scope.mat();
      mask.convertTo(alpha, CvType.CV_32F, 1 / 255.0);
      Mat alpha3 = scope.mat();
      Core.merge(List.of(alpha, alpha, alpha), alpha3);
      Mat f = scope.mat();
      src.convertTo(f, CvType.CV_32FC3);
      Mat b = scope.mat();
      background.convertTo(b, CvType.CV_32FC3);
      Core.multiply(f, alpha3, f);
      Mat inverse = scope.mat();
      Core.subtract(scope.add(new Mat(alpha3.size(), alpha3.type(), new Scalar(1, 1, 1))), alpha3,
          inverse);
      Core.multiply(b, inverse, b);
      Core.add(f, b, f);
      Mat out8 = scope.mat();
      f.convertTo(out8, CvType.CV_8UC3);
      MatOfByte out = scope.add(new MatOfByte());
      Imgcodecs.imencode(".jpg", out8, out, scope.add(new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 90)));
      return out.toArray();
    }
  }
}
