package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Live capture over synthetic streams built from the shipped public-domain demo portraits: each
 * frame is the portrait placed in a 640x480 frame, some degraded (blurred, rotated, darkened,
 * empty), with timestamps 40 ms apart (25 fps) and a clock that the stream advances, so time
 * limits are tested without sleeping.
 */
class LiveCaptureTest {

  private static FaceEngine engine;
  private static Mat hopper;

  /** A clock the test moves: each frame pulled from the stream advances it by one frame period. */
  static final class SteppingClock extends Clock {
    Instant now = Instant.parse("2026-11-29T01:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Frames in order; pulling one advances the clock by 40 ms. */
  static Iterator<CapturedFrame> stream(List<BgrImage> images, SteppingClock clock) {
    Iterator<BgrImage> it = images.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public CapturedFrame next() {
        CapturedFrame f = new CapturedFrame(clock.now, it.next());
        clock.now = clock.now.plusMillis(40);
        return f;
      }
    };
  }

  @BeforeAll
  static void setUp() {
    engine = FaceEngine.load();
    try (MatScope scope = new MatScope()) {
      hopper = FaceEngine.decode(DemoFaces.person("grace-hopper").portrait().bytes(), scope).clone();
    }
  }

  @AfterAll
  static void tearDown() {
    engine.close();
    hopper.release();
  }

  enum Degrade { NONE, BLUR, ROLL, DARK, EMPTY, TWO_PEOPLE }

  /** The portrait scaled to {@code height} px, centred on grey in 640x480, then degraded. */
  static BgrImage frame(int height, Degrade degrade) {
    Mat frame = new Mat(480, 640, CvType.CV_8UC3, new Scalar(110, 115, 120));
    Mat scaled = new Mat();
    try {
      if (degrade == Degrade.TWO_PEOPLE) {
        // A second person in the lane: the portrait twice, side by side, each at {@code height}.
        Imgproc.resize(hopper, scaled, new Size(hopper.cols() * (double) height / hopper.rows(), height));
        int w = Math.min(300, scaled.cols());
        int h = Math.min(480, scaled.rows());
        for (int x : new int[] {10, 330}) {
          Mat roi = frame.submat(new Rect(x, (480 - h) / 2, w, h));
          scaled.submat(new Rect((scaled.cols() - w) / 2, 0, w, h)).copyTo(roi);
          roi.release();
        }
      } else if (degrade != Degrade.EMPTY) {
        Imgproc.resize(hopper, scaled, new Size(hopper.cols() * (double) height / hopper.rows(), height));
        int w = Math.min(640, scaled.cols());
        int h = Math.min(480, scaled.rows());
        Mat roi = frame.submat(new Rect((640 - w) / 2, (480 - h) / 2, w, h));
        scaled.submat(new Rect(0, 0, w, h)).copyTo(roi);
        roi.release();
      }
      switch (degrade) {
        case BLUR -> Imgproc.GaussianBlur(frame, frame, new Size(0, 0), 6);
        case ROLL -> {
          Mat m = Imgproc.getRotationMatrix2D(new Point(320, 240), 20, 1.0);
          Imgproc.warpAffine(frame, frame, m, frame.size());
          m.release();
        }
        case DARK -> frame.convertTo(frame, -1, 0.12, 0);
        default -> { }
      }
      byte[] px = new byte[640 * 480 * 3];
      frame.get(0, 0, px);
      return new BgrImage(640, 480, px);
    } finally {
      frame.release();
      scaled.release();
    }
  }

  /**
   * The gate's policy, with two changes the demo portrait needs: an eye distance it reaches in a
   * 640x480 frame (about 68 px, not 120), and pitch up to 8 degrees (Grace Hopper's official
   * portrait looks slightly down: -6 degrees measured).
   */
  private static QualityPolicy policy() {
    QualityPolicy p = QualityPolicy.liveCapture().withMinEyeDistance(40);
    return new QualityPolicy(p.minImageWidth(), p.minImageHeight(), p.minHeadWidthRatio(),
        p.maxHeadWidthRatio(), p.minHeadHeightRatio(), p.maxHeadHeightRatio(), p.minEyeDistance(),
        p.maxYaw(), 8, p.maxRoll(), p.minSharpness(), p.maxDarkFraction(), p.maxBrightFraction(),
        p.minEyeOpening());
  }

  /**
   * An engine that accepts any PAD score: these frames are made from a photograph, and fr_liveness
   * scores such frames anywhere from 0.1 to 0.99 (docs/face-eval.md), so frame choice is tested
   * apart from PAD; {@link #capture_reportsPresentationAttackSuspicion} tests the PAD path.
   */
  private static FaceEngine permissive;

  private static FaceEngine permissive() {
    if (permissive == null) {
      permissive = FaceEngine.load(FaceEngine.Options.defaults().withLivenessThreshold(0.0));
    }
    return permissive;
  }

  @AfterAll
  static void closePermissive() {
    if (permissive != null) {
      permissive.close();
    }
  }

  @Test
  void capture_choosesTheBestQualifyingFrameAndCountsTheOthersReasons() {
    SteppingClock clock = new SteppingClock();
    List<BgrImage> frames = List.of(
        frame(440, Degrade.EMPTY), frame(440, Degrade.BLUR), frame(440, Degrade.ROLL),
        frame(440, Degrade.DARK), frame(440, Degrade.NONE), frame(470, Degrade.NONE));
    LiveCapture capture = new LiveCapture(permissive(), policy(), Duration.ofSeconds(5), 1.0, clock);
    CaptureResult r = capture.capture(stream(frames, clock));
    assertThat(r.qualified()).isTrue();
    assertThat(r.framesSeen()).isEqualTo(6);
    CaptureResult.Choice best = r.best().orElseThrow();
    assertThat(best.index()).isIn(4, 5);
    assertThat(best.timestamp()).isEqualTo(Instant.parse("2026-11-29T01:00:00Z").plusMillis(40L * best.index()));
    assertThat(best.score()).isBetween(0.0, 1.0);
    assertThat(policy().assess(best.analysis()).passed()).isTrue();
    assertThat(r.rejections()).containsEntry(CaptureReason.NO_FACE, 1)
        .containsEntry(CaptureReason.QUALITY, 3)
        .doesNotContainKeys(CaptureReason.TIME_LIMIT, CaptureReason.STREAM_ENDED);
    assertThat(r.qualityFailures()).containsKeys(
        QualityReason.BLURRED, QualityReason.ROLL, QualityReason.UNDER_EXPOSED);
    assertThat(r.elapsed()).isEqualTo(Duration.ofMillis(240));
  }

  @Test
  void capture_refusesAFrameWithASecondPersonInView() {
    // Lane safety: a second confident face in view refuses the frame (MultipleFaces.REFUSE), even
    // though the engine would describe the dominant face of a still.
    SteppingClock clock = new SteppingClock();
    List<BgrImage> frames = List.of(
        frame(300, Degrade.TWO_PEOPLE), frame(300, Degrade.TWO_PEOPLE), frame(440, Degrade.NONE));
    CaptureResult r = new LiveCapture(permissive(), policy(), Duration.ofSeconds(5), 1.0, clock)
        .capture(stream(frames, clock));
    assertThat(r.rejections()).containsEntry(CaptureReason.MULTIPLE_FACES, 2);
    assertThat(r.best().orElseThrow().index()).isEqualTo(2);
    assertThat(r.best().orElseThrow().analysis().facesInView()).isEqualTo(1);
  }

  @Test
  void capture_stopsAtTheTimeLimitAndSaysWhyNoneQualified() {
    SteppingClock clock = new SteppingClock();
    List<BgrImage> frames = new ArrayList<>(List.of(
        frame(440, Degrade.EMPTY), frame(440, Degrade.BLUR), frame(440, Degrade.ROLL)));
    frames.add(frame(440, Degrade.NONE)); // would qualify, but comes after the limit
    LiveCapture capture =
        new LiveCapture(permissive(), policy(), Duration.ofMillis(120), 1.0, clock);
    CaptureResult r = capture.capture(stream(frames, clock));
    assertThat(r.qualified()).isFalse();
    assertThat(r.framesSeen()).isEqualTo(3);
    assertThat(r.rejections()).containsOnly(
        org.assertj.core.api.Assertions.entry(CaptureReason.NO_FACE, 1),
        org.assertj.core.api.Assertions.entry(CaptureReason.QUALITY, 2),
        org.assertj.core.api.Assertions.entry(CaptureReason.TIME_LIMIT, 1));
    assertThat(r.qualityFailures()).containsKeys(QualityReason.BLURRED, QualityReason.ROLL);
  }

  @Test
  void capture_endOfStreamWithoutFramesSaysSo() {
    SteppingClock clock = new SteppingClock();
    CaptureResult r = new LiveCapture(permissive(), policy(), Duration.ofSeconds(1), 1.0, clock)
        .capture(stream(List.of(), clock));
    assertThat(r.qualified()).isFalse();
    assertThat(r.framesSeen()).isZero();
    assertThat(r.rejections()).containsOnly(
        org.assertj.core.api.Assertions.entry(CaptureReason.STREAM_ENDED, 1));
  }

  @Test
  void capture_stopsEarlyOnAGoodEnoughFrame() {
    SteppingClock clock = new SteppingClock();
    List<BgrImage> frames = List.of(
        frame(440, Degrade.NONE), frame(470, Degrade.NONE), frame(440, Degrade.NONE));
    CaptureResult r = new LiveCapture(permissive(), policy(), Duration.ofSeconds(5), 0.01, clock)
        .capture(stream(frames, clock));
    assertThat(r.framesSeen()).isEqualTo(1);
    assertThat(r.best().orElseThrow().index()).isZero();
  }

  @Test
  void capture_reportsPresentationAttackSuspicion() {
    SteppingClock clock = new SteppingClock();
    // A threshold no frame reaches: every face that passes quality is refused by PAD.
    try (FaceEngine strict =
        FaceEngine.load(FaceEngine.Options.defaults().withLivenessThreshold(1.0))) {
      CaptureResult r = new LiveCapture(strict, policy(), Duration.ofSeconds(5), 1.0, clock)
          .capture(stream(List.of(frame(440, Degrade.NONE), frame(470, Degrade.NONE)), clock));
      assertThat(r.qualified()).isFalse();
      assertThat(r.rejections()).containsEntry(CaptureReason.PRESENTATION_ATTACK_SUSPECTED, 2)
          .containsEntry(CaptureReason.STREAM_ENDED, 1);
    }
  }

  @Test
  void liveCapture_rejectsBadConfiguration() {
    SteppingClock clock = new SteppingClock();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new LiveCapture(engine, policy(), Duration.ZERO, 1.0, clock))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT0S");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new LiveCapture(engine, policy(), Duration.ofSeconds(1), 0, clock))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("goodEnough 0.0");
  }

  @Test
  void captureResult_toStringRedactsTheFace() {
    SteppingClock clock = new SteppingClock();
    CaptureResult r = new LiveCapture(permissive(), policy(), Duration.ofSeconds(5), 0.01, clock)
        .capture(stream(List.of(frame(440, Degrade.NONE)), clock));
    String s = r.toString() + new CapturedFrame(clock.now, frame(440, Degrade.NONE));
    assertThat(s).contains("redacted").doesNotContain("[B@").doesNotContain("[F@");
  }
}
