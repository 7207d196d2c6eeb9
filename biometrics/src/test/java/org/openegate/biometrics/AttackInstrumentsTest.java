package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The presentation-attack instruments, and the real fr_liveness model on them (issue #5): what the
 * demo relies on, measured in docs/face-eval.md "PAD".
 */
class AttackInstrumentsTest {

  private static FaceEngine engine;

  @BeforeAll
  static void setUp() {
    engine = FaceEngine.load();
  }

  @AfterAll
  static void tearDown() {
    engine.close();
  }

  @Test
  void instruments_areCameraFramesReproducibleFromTheirSeed() {
    byte[] chip = DemoFaces.chipPortraitJpeg(DemoFaces.person("grace-hopper"));
    for (boolean phone : new boolean[] {false, true}) {
      byte[] a = phone ? AttackInstruments.phoneReplay(chip, 3) : AttackInstruments.printedPhoto(chip, 3);
      byte[] b = phone ? AttackInstruments.phoneReplay(chip, 3) : AttackInstruments.printedPhoto(chip, 3);
      byte[] c = phone ? AttackInstruments.phoneReplay(chip, 4) : AttackInstruments.printedPhoto(chip, 4);
      ImageInfo info = ImageProbe.probe(a);
      assertThat(info.format()).isEqualTo(ImageFormat.JPEG);
      assertThat(info.width()).isEqualTo(AttackInstruments.WIDTH);
      assertThat(info.height()).isEqualTo(AttackInstruments.HEIGHT);
      assertThat(a).isEqualTo(b).isNotEqualTo(c);
      // The face on the instrument is still found: the attack reaches the PAD check.
      assertThat(engine.analyse(a).facesFound()).isPositive();
    }
  }

  @Test
  void undecodablePhoto_isRefusedWithItsReason() {
    byte[] notAnImage = {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0, 1, 2, 3};
    assertThatThrownBy(() -> AttackInstruments.phoneReplay(notAnImage, 1))
        .isInstanceOf(FaceException.class);
    assertThatThrownBy(() -> AttackInstruments.printedPhoto(new byte[0], 1))
        .isInstanceOfSatisfying(FaceException.class,
            e -> assertThat(e.reason()).isEqualTo(FaceException.Reason.UNDECODABLE_IMAGE));
  }

  /** An odd-shaped photo (from a chip, so untrusted) still gives one 640x480 frame, not a huge canvas. */
  @Test
  void extremeAspectRatio_givesAnOrdinaryFrame() {
    byte[] strip;
    try (MatScope scope = new MatScope()) {
      Mat m = scope.add(new Mat(40, 4000, CvType.CV_8UC3, new Scalar(90, 120, 150)));
      MatOfByte png = scope.add(new MatOfByte());
      Imgcodecs.imencode(".png", m, png);
      strip = png.toArray();
    }
    for (byte[] frame : List.of(AttackInstruments.printedPhoto(strip, 1),
        AttackInstruments.phoneReplay(strip, 1))) {
      ImageInfo info = ImageProbe.probe(frame);
      assertThat(info.width()).isEqualTo(AttackInstruments.WIDTH);
      assertThat(info.height()).isEqualTo(AttackInstruments.HEIGHT);
    }
  }

  @Test
  void phoneWithADemoPortrait_scoresBelowThePadThreshold_andTheLiveCapturesAbove() {
    for (DemoPerson p : DemoFaces.persons()) {
      byte[] chip = DemoFaces.chipPortraitJpeg(p);
      for (long seed = 1; seed <= 3; seed++) {
        double attack = engine.analyse(AttackInstruments.phoneReplay(chip, seed)).liveness();
        assertThat(attack).as("%s seed %d", p.id(), seed)
            .isLessThan(FaceEngine.DEFAULT_LIVENESS_THRESHOLD);
      }
      for (DemoPhoto live : p.liveCaptures()) {
        assertThat(engine.analyse(live.bytes()).liveness()).as(live.name())
            .isGreaterThanOrEqualTo(FaceEngine.DEFAULT_LIVENESS_THRESHOLD);
      }
    }
  }

  /**
   * BSI TR-03121-3 §4.5.1: a PAD score in [0, 1] with at least 10 levels. The score is a softmax
   * probability, not a class label: over the demo's live captures, portraits and both instruments
   * at several seeds it takes many values on both sides of the threshold.
   */
  @Test
  void padScore_isContinuousInTheUnitInterval_withAtLeastTenLevels() {
    List<Double> scores = new ArrayList<>();
    for (DemoPerson p : DemoFaces.persons()) {
      byte[] chip = DemoFaces.chipPortraitJpeg(p);
      scores.add(engine.analyse(p.portrait().bytes()).liveness());
      for (DemoPhoto live : p.liveCaptures()) {
        scores.add(engine.analyse(live.bytes()).liveness());
      }
      for (long seed = 1; seed <= 4; seed++) {
        scores.add(engine.analyse(AttackInstruments.printedPhoto(chip, seed)).liveness());
        scores.add(engine.analyse(AttackInstruments.phoneReplay(chip, seed)).liveness());
      }
    }
    assertThat(scores).allSatisfy(s -> assertThat(s).isBetween(0.0, 1.0));
    TreeSet<Long> levels = new TreeSet<>();
    for (double s : scores) {
      levels.add(Math.round(s * 10_000)); // as the crossing's check result reports it
    }
    assertThat(levels).hasSizeGreaterThanOrEqualTo(10);
    assertThat(scores).anySatisfy(s -> assertThat(s).isLessThan(0.5))
        .anySatisfy(s -> assertThat(s).isGreaterThan(0.5));
  }
}
