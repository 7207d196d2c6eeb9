package org.openegate.biometrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses the best frame of a camera stream by quality and presentation-attack detection within a
 * time limit, or says why none qualified.
 *
 * <p>A frame qualifies when it holds exactly one face in view ({@link MultipleFaces#REFUSE}: a
 * second confident face refuses it, unlike a still's comparison), passes the {@link QualityPolicy} and its PAD
 * score reaches the engine's liveness threshold. Qualifying frames are ranked by
 * {@code (frontal + liveness) / 2}, where {@code frontal = 1 - max(|yaw|/maxYaw, |pitch|/maxPitch,
 * |roll|/maxRoll)} (0 at a pose limit, 1 when square to the camera): the pose is what most affects
 * comparison among frames that all pass. The capture stops at the time limit, at the end of the
 * stream, or as soon as a frame scores at least {@code goodEnough} (a gate wants the traveller
 * through quickly, not the best of ten good frames).
 *
 * <p>Time is read from the injected {@link Clock} before each frame; a frame taken after the limit
 * is not analysed. Not thread-safe: one capture at a time per instance.
 */
public final class LiveCapture {

  private final FaceEngine engine;
  private final QualityPolicy policy;
  private final Duration timeLimit;
  private final double goodEnough;
  private final Clock clock;

  /**
   * @param timeLimit positive
   * @param goodEnough score in (0, 1] that ends the capture early; 1 effectively never does
   */
  public LiveCapture(
      FaceEngine engine, QualityPolicy policy, Duration timeLimit, double goodEnough, Clock clock) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (timeLimit == null || timeLimit.isNegative() || timeLimit.isZero()) {
      throw new IllegalArgumentException("time limit " + timeLimit + " is not positive");
    }
    if (!(goodEnough > 0 && goodEnough <= 1)) {
      throw new IllegalArgumentException("goodEnough " + goodEnough + " is outside (0, 1]");
    }
    if (!engine.options().liveness()) {
      throw new IllegalArgumentException("live capture needs an engine that computes liveness");
    }
    this.timeLimit = timeLimit;
    this.goodEnough = goodEnough;
  }

  public CaptureResult capture(Iterator<CapturedFrame> frames) {
    Instant start = clock.instant();
    Instant deadline = start.plus(timeLimit);
    Map<CaptureReason, Integer> rejections = new EnumMap<>(CaptureReason.class);
    Map<QualityReason, Integer> qualityFailures = new EnumMap<>(QualityReason.class);
    CaptureResult.Choice best = null;
    int seen = 0;
    boolean timedOut = false;
    while (true) {
      if (!clock.instant().isBefore(deadline)) {
        timedOut = true;
        break;
      }
      if (!frames.hasNext()) {
        break;
      }
      CapturedFrame frame = frames.next();
      int index = seen++;
      FaceAnalysis analysis;
      try {
        // A live frame: a second confident face in view refuses it (MULTIPLE_FACES), a second
        // person in the lane being a safety matter, not a comparison one (MultipleFaces.REFUSE).
        analysis = engine.analyse(frame.image());
      } catch (FaceException e) {
        rejections.merge(reasonOf(e), 1, Integer::sum);
        continue;
      }
      QualityAssessment q = policy.assess(analysis);
      if (!q.passed()) {
        rejections.merge(CaptureReason.QUALITY, 1, Integer::sum);
        q.reasons().forEach(r -> qualityFailures.merge(r, 1, Integer::sum));
        continue;
      }
      if (!(analysis.liveness() >= engine.options().livenessThreshold())) {
        rejections.merge(CaptureReason.PRESENTATION_ATTACK_SUSPECTED, 1, Integer::sum);
        continue;
      }
      double score = score(analysis);
      if (best == null || score > best.score()) {
        best = new CaptureResult.Choice(index, frame.timestamp(), analysis, score);
      }
      if (score >= goodEnough) {
        break;
      }
    }
    if (best == null) {
      rejections.merge(
          timedOut ? CaptureReason.TIME_LIMIT : CaptureReason.STREAM_ENDED, 1, Integer::sum);
    }
    return new CaptureResult(
        Optional.ofNullable(best), seen, Duration.between(start, clock.instant()), rejections,
        qualityFailures);
  }

  double score(FaceAnalysis a) {
    FaceQuality q = a.quality();
    double worst = Math.max(Math.abs(q.yawDegrees()) / policy.maxYaw(),
        Math.max(Math.abs(q.pitchDegrees()) / policy.maxPitch(),
            Math.abs(q.rollDegrees()) / policy.maxRoll()));
    double frontal = Math.max(0, 1 - worst);
    return (frontal + a.liveness()) / 2;
  }

  private static CaptureReason reasonOf(FaceException e) {
    return switch (e.reason()) {
      case NO_FACE -> CaptureReason.NO_FACE;
      case MULTIPLE_FACES -> CaptureReason.MULTIPLE_FACES;
      default -> CaptureReason.UNUSABLE_FRAME;
    };
  }
}
