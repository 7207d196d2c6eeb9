package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.openegate.biometrics.FaceException.Reason;

class FaceEngineTest {

  private static FaceEngine engine;
  private static DemoPerson collins;
  private static DemoPerson hopper;

  @BeforeAll
  static void setUp() {
    engine = FaceEngine.load();
    collins = DemoFaces.person("eileen-collins");
    hopper = DemoFaces.person("grace-hopper");
  }

  @AfterAll
  static void tearDown() {
    engine.close();
  }

  @Test
  void analyse_findsTheFaceAndPlacesLandmarksInsideIt() {
    FaceAnalysis a = engine.analyse(hopper.portrait().bytes());
    assertThat(a.imageWidth()).isEqualTo(512);
    assertThat(a.imageHeight()).isEqualTo(600);
    assertThat(a.facesFound()).isEqualTo(1);
    FaceBox box = a.face();
    assertThat(box.score()).isGreaterThan(0.9);
    // The portrait is head and shoulders: the face is a good share of the frame, centred.
    assertThat(box.height()).isBetween(120.0, 360.0);
    assertThat(box.x() + box.width() / 2).isBetween(150.0, 362.0);
    assertThat(a.landmarks()).hasSize(68);
    for (FacePoint p : a.landmarks()) {
      assertThat(p.x()).isBetween(box.x() - 10, box.x() + box.width() + 10);
      assertThat(p.y()).isBetween(box.y() - 10, box.y() + box.height() + 10);
    }
    // iBUG order: the eyes (36-47) lie above the nose tip (30), which lies above the mouth (48-67).
    double[][] five = Alignment.fivePoints(a.landmarks());
    assertThat(five[0][0]).isLessThan(five[1][0]);
    assertThat(five[0][1]).isLessThan(five[2][1]);
    assertThat(five[2][1]).isLessThan(five[3][1]);
    assertThat(a.quality().interEyeDistance()).isBetween(40.0, 150.0);
    assertThat(Math.abs(a.quality().yawAsymmetry())).isLessThan(0.25);
    assertThat(a.liveness()).isBetween(0.0, 1.0);
  }

  @Test
  void compare_genuinePairMatchesAndImpostorPairDoesNot() {
    FaceComparison genuine =
        engine.compare(hopper.liveCaptures().get(1).bytes(), hopper.portrait().bytes());
    assertThat(genuine.threshold()).isEqualTo(FaceEngine.DEFAULT_THRESHOLD);
    assertThat(genuine.score()).isGreaterThan(genuine.threshold());
    assertThat(genuine.match()).isTrue();

    FaceComparison impostor =
        engine.compare(collins.liveCaptures().get(0).bytes(), hopper.portrait().bytes());
    assertThat(impostor.score()).isLessThan(impostor.threshold());
    assertThat(impostor.match()).isFalse();
    assertThat(genuine.score() - impostor.score()).isGreaterThan(0.4);
  }

  @Test
  void compare_isSymmetricAndTemplatesAreUnitLength() {
    byte[] a = collins.portrait().bytes();
    byte[] b = collins.liveCaptures().get(1).bytes();
    double ab = engine.compare(a, b).score();
    double ba = engine.compare(b, a).score();
    assertThat(ab).isCloseTo(ba, org.assertj.core.api.Assertions.within(1e-9));
    float[] t = engine.analyse(a).template().toArray();
    double norm = 0;
    for (float v : t) {
      norm += v * v;
    }
    assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
  }

  @Test
  void compare_namesWhichImageFailed() {
    assertThatThrownBy(() -> engine.compare(hopper.portrait().bytes(), new byte[0]))
        .isInstanceOfSatisfying(
            FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNDECODABLE_IMAGE))
        .hasMessageContaining("reference image");
  }

  @Test
  void analyse_zeroBytes() {
    assertReason(() -> engine.analyse(new byte[0]), Reason.UNDECODABLE_IMAGE);
  }

  @Test
  void analyse_declaredBombIsRefusedBeforeDecoding() {
    assertReason(
        () -> engine.analyse(ImageProbeTest.pngHeader(20000, 20000)), Reason.IMAGE_TOO_LARGE);
    assertReason(
        () -> engine.analyse(ImageProbeTest.jpegHeader(20000, 20000)), Reason.IMAGE_TOO_LARGE);
  }

  @Test
  void analyse_headerWithoutPixelsIsUndecodable() {
    assertReason(() -> engine.analyse(ImageProbeTest.pngHeader(640, 480)), Reason.UNDECODABLE_IMAGE);
    assertReason(() -> engine.analyse(ImageProbeTest.jpegHeader(640, 480)), Reason.UNDECODABLE_IMAGE);
  }

  @Test
  void analyse_corruptJpegGivesAReasonNotACrash() {
    byte[] jpeg = hopper.portrait().bytes();
    // Keep the headers, overwrite the entropy-coded data after the first kilobyte with noise.
    byte[] corrupt = Arrays.copyOf(jpeg, jpeg.length);
    java.util.Random noise = new java.util.Random(7);
    for (int i = 1024; i < corrupt.length - 2; i++) {
      corrupt[i] = (byte) noise.nextInt(256);
    }
    FaceException e = catchFace(() -> engine.analyse(corrupt));
    assertThat(e.reason()).isIn(Reason.UNDECODABLE_IMAGE, Reason.NO_FACE);

    byte[] truncated = Arrays.copyOf(jpeg, 700);
    FaceException t = catchFace(() -> engine.analyse(truncated));
    assertThat(t.reason()).isIn(Reason.UNDECODABLE_IMAGE, Reason.NO_FACE);
  }

  /**
   * The second landmark pass (off by default) crops a rotated square and maps its points back: on a
   * rolled capture they must land where the first pass put them, within a few pixels, and the
   * template must stay the person's.
   */
  @Test
  void secondLandmarkPass_mapsPointsBackIntoTheImage() {
    byte[] rolled = collins.liveCaptures().get(0).bytes(); // rolled by 4 degrees
    try (FaceEngine twoPasses =
        FaceEngine.load(FaceEngine.Options.defaults().withLiveness(false), true)) {
      FaceAnalysis one = engine.analyse(rolled);
      FaceAnalysis two = twoPasses.analyse(rolled);
      double sum = 0;
      for (int i = 0; i < 68; i++) {
        sum += Math.hypot(one.landmarks().get(i).x() - two.landmarks().get(i).x(),
            one.landmarks().get(i).y() - two.landmarks().get(i).y());
      }
      double interEye = one.quality().interEyeDistance();
      assertThat(sum / 68).isLessThan(0.1 * interEye);
      assertThat(one.template().similarity(two.template())).isGreaterThan(0.9);
    }
  }

  @Test
  void analyse_blankImageHasNoFace() {
    byte[] blank = encode(new Mat(480, 640, CvType.CV_8UC3, new Scalar(128, 128, 128)), ".png");
    assertReason(() -> engine.analyse(blank), Reason.NO_FACE);
  }

  @Test
  void analyse_twoPeopleSideBySideIsAmbiguous() {
    try (MatScope scope = new MatScope()) {
      Mat a = FaceEngine.decode(collins.portrait().bytes(), scope);
      Mat b = FaceEngine.decode(hopper.portrait().bytes(), scope);
      Mat bResized = scope.mat();
      Imgproc.resize(b, bResized, new Size(b.cols() * 512.0 / b.rows(), 512));
      Mat both = scope.mat();
      Core.hconcat(List.of(a, bResized), both);
      byte[] pair = encode(both, ".jpg");
      FaceException e = catchFace(() -> engine.analyse(pair));
      assertThat(e.reason()).isEqualTo(Reason.MULTIPLE_FACES);
      assertThat(e.getMessage()).contains("2 faces");
      // The explicit live-frame policy is the default's.
      assertThat(catchFace(() -> engine.analyse(pair, MultipleFaces.REFUSE)).reason())
          .isEqualTo(Reason.MULTIPLE_FACES);
    }
  }

  @Test
  void analyse_aStillWithTwoPeopleDescribesTheDominantFaceAndCountsBoth() {
    try (MatScope scope = new MatScope()) {
      byte[] pair = sideBySide(collins.portrait().bytes(), hopper.portrait().bytes(), 300, scope);
      FaceAnalysis a = engine.analyse(pair, MultipleFaces.DOMINANT);
      assertThat(a.facesInView()).isEqualTo(2);
      assertThat(a.severalFacesInView()).isTrue();
      assertThat(a.toString()).contains("facesInView=2");
      // Collins is at full height on the left, Hopper scaled to half: both detected at ~1.0, so
      // the larger face is the dominant one, and its template is Collins's.
      assertThat(a.face().x() + a.face().width() / 2).isLessThan(a.imageWidth() / 2.0);
      FaceAnalysis alone = engine.analyse(collins.portrait().bytes(), MultipleFaces.DOMINANT);
      assertThat(alone.facesInView()).isEqualTo(1);
      assertThat(alone.severalFacesInView()).isFalse();
      assertThat(a.template().similarity(alone.template())).isGreaterThan(0.8);
    }
  }

  @Test
  void compare_takesEachStillsDominantFaceAndSaysItHeldSeveral() {
    try (MatScope scope = new MatScope()) {
      byte[] pair = sideBySide(collins.portrait().bytes(), hopper.portrait().bytes(), 300, scope);
      FaceComparison c = engine.compare(collins.liveCaptures().get(0).bytes(), pair);
      assertThat(c.match()).isTrue();
      assertThat(c.reference().facesInView()).isEqualTo(2);
      assertThat(c.probe().facesInView()).isEqualTo(1);
    }
  }

  /** {@code left} at its own height and {@code right} scaled to {@code rightHeight}, on grey. */
  private static byte[] sideBySide(byte[] left, byte[] right, int rightHeight, MatScope scope) {
    Mat a = FaceEngine.decode(left, scope);
    Mat b = FaceEngine.decode(right, scope);
    Mat small = scope.mat();
    Imgproc.resize(b, small, new Size(b.cols() * (double) rightHeight / b.rows(), rightHeight));
    Mat canvas = scope.add(new Mat(a.rows(), a.cols() + small.cols() + 40, CvType.CV_8UC3,
        new Scalar(120, 120, 120)));
    a.copyTo(scope.add(canvas.submat(new org.opencv.core.Rect(0, 0, a.cols(), a.rows()))));
    small.copyTo(scope.add(canvas.submat(new org.opencv.core.Rect(a.cols() + 20,
        (a.rows() - small.rows()) / 2, small.cols(), small.rows()))));
    return encode(canvas, ".jpg");
  }

  @Test
  void analyse_decodesJpeg2000PortraitFromAFaceRecord() throws Exception {
    // The JPEG 2000 image of gmrtd's ISO/IEC 39794-5 sample record (test data, not shipped).
    String dir = System.getProperty("testdata.dir");
    org.junit.jupiter.api.Assumptions.assumeTrue(dir != null, "testdata.dir not set");
    java.nio.file.Path jp2 =
        java.nio.file.Path.of(dir, "lds", "gmrtd-face-records", "ICAO_39794_5_AP_Face.jpg");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(jp2));
    byte[] bytes = java.nio.file.Files.readAllBytes(jp2);
    assertThat(ImageProbe.probe(bytes)).isEqualTo(new ImageInfo(ImageFormat.JPEG2000, 413, 531));
    FaceAnalysis a = engine.analyse(bytes);
    assertThat(a.imageWidth()).isEqualTo(413);
    assertThat(a.imageHeight()).isEqualTo(531);
    assertThat(a.facesFound()).isEqualTo(1);
    assertThat(a.face().score()).isGreaterThan(0.9);
  }

  @Test
  void analyse_jpeg2000HeaderWithoutDataIsUndecodable() {
    assertReason(
        () -> engine.analyse(ImageProbeTest.j2kHeader(640, 480, 640, 480, 3)),
        Reason.UNDECODABLE_IMAGE);
  }

  @Test
  void embedAligned_rejectsCropsThatAreNot112() {
    FaceException e = catchFace(() -> engine.embedAligned(hopper.portrait().bytes()));
    assertThat(e.reason()).isEqualTo(Reason.NOT_ALIGNED);
    assertThat(e.getMessage()).contains("512x600");
  }

  @Test
  void embedAligned_agreesWithTheFullPipelineOnItsOwnCrop() {
    // Align the portrait with the pipeline, then embed that crop through embedAligned.
    try (MatScope scope = new MatScope()) {
      FaceAnalysis full = engine.analyse(collins.portrait().bytes());
      Mat bgr = FaceEngine.decode(collins.portrait().bytes(), scope);
      double[] m = Alignment.similarity(
          Alignment.fivePoints(full.landmarks()), Alignment.TEMPLATE);
      Mat matrix = scope.add(new Mat(2, 3, CvType.CV_64F));
      matrix.put(0, 0, m);
      Mat aligned = scope.mat();
      Imgproc.warpAffine(bgr, aligned, matrix, new Size(112, 112), FaceEngine.ALIGN_INTERPOLATION);
      FaceTemplate t = engine.embedAligned(encode(aligned, ".png"));
      assertThat(t.similarity(full.template())).isGreaterThan(0.999);
    }
  }

  @Test
  void closedEngineRefusesWork() {
    FaceEngine e = FaceEngine.load();
    e.close();
    assertReason(() -> e.analyse(hopper.portrait().bytes()), Reason.ENGINE_CLOSED);
    assertThat(e.toString()).contains("closed=true");
  }

  @Test
  void load_rejectsThresholdOutsideCosineRange() {
    assertThatThrownBy(() -> FaceEngine.load(1.5)).hasMessageContaining("1.5");
    assertThatThrownBy(() -> FaceEngine.load(Double.NaN)).hasMessageContaining("NaN");
  }

  @Test
  void toString_redactsTemplatesLandmarksAndImages() {
    FaceComparison c =
        engine.compare(hopper.liveCaptures().get(0).bytes(), hopper.portrait().bytes());
    FaceTemplate t = c.probe().template();
    List<String> texts = new ArrayList<>();
    texts.add(c.toString());
    texts.add(c.probe().toString());
    texts.add(t.toString());
    texts.add(hopper.toString());
    texts.add(hopper.portrait().toString());
    float[] values = t.toArray();
    FacePoint eye = c.probe().landmarks().get(36);
    for (String s : texts) {
      for (int i = 0; i < 8; i++) {
        assertThat(s).doesNotContain(Float.toString(values[i]));
      }
      assertThat(s).doesNotContain(Double.toString(eye.x())).doesNotContain(Double.toString(eye.y()));
      assertThat(s).doesNotContain("FacePoint[");
      assertThat(s).doesNotContain("[B@"); // no byte arrays
    }
    assertThat(t.toString()).isEqualTo("FaceTemplate[512-d, redacted]");
    assertThat(c.probe().toString()).contains("template=redacted").contains("landmarks=68 (redacted)");
    assertThat(hopper.portrait().toString()).contains("bytes redacted");
  }

  private static byte[] encode(Mat image, String ext) {
    MatOfByte out = new MatOfByte();
    Imgcodecs.imencode(ext, image, out);
    byte[] bytes = out.toArray();
    out.release();
    return bytes;
  }

  private static FaceException catchFace(Runnable r) {
    try {
      r.run();
    } catch (FaceException e) {
      return e;
    }
    throw new AssertionError("expected a FaceException");
  }

  private static void assertReason(Runnable r, Reason reason) {
    assertThat(catchFace(r).reason()).isEqualTo(reason);
  }
}
