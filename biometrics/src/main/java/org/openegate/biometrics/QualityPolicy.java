package org.openegate.biometrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Limits on the {@link FaceQuality} measures; {@link #assess} names every one that fails.
 *
 * <p>Sources of {@link #liveCapture()}:
 *
 * <ul>
 *   <li>Pose: yaw and pitch within +-5 degrees, roll within +-8 degrees (ISO/IEC 19794-5:2011 §7.2.2
 *       for a frontal image; the limits issue #5 gives for BSI TR-03121-3 Table 4.3).
 *   <li>Eye distance at least 120 px for live capture (issue #5, quoting TR-03121-3 Table 4.3). The
 *       table itself could not be retrieved here; this value and the image size should be checked
 *       against the current TR before deployment.
 *   <li>Image at least 640x480 (VGA: the smallest live-capture frame the gate is built for; an
 *       assumption, not a TR value).
 *   <li>Head width and height ratios: only "whole face inside the frame, not a distant figure"
 *       (face width 15-90 % of the frame width, face height 20-95 % of its height). ISO/IEC 19794-5's
 *       portrait ratios (head width 50-75 % of image width for a full-frontal token image) apply to a
 *       cropped portrait, not to a camera frame, and the TR values could not be retrieved; these
 *       bounds are ours.
 *   <li>Exposure: at most 25 % of the inner face in OFIQ's dark range (luminance 0..25) and at
 *       most 5 % in its bright range (247..255) (ISO/IEC 29794-5 under- and over-exposure
 *       prevention as OFIQ computes them; the cuts are ours: on LFW 99 % of faces have a dark share
 *       below 0.19, and a 5 % dark cut would have refused 5 % of them, mostly dark-skinned or
 *       side-lit faces, which is a fairness problem, not a quality one).
 *   <li>Sharpness and eyes open: thresholds calibrated on the LFW test set, see docs/face-eval.md.
 * </ul>
 *
 * <p>TR-03121-3 Table 4.3 itself: searched for again on 2026-11-29 (the reference corpus this project
 * can reach holds TR-03121-3 Volumes 2 and 4, the enrolment and asylum-document profiles, but not
 * the border-control volume with Table 4.3), so none of the values above is cited from the table;
 * those marked as issue #5's are the quotation of it, the others are ours as stated.
 *
 * @param minImageWidth pixels
 * @param minImageHeight pixels
 * @param minHeadWidthRatio {@link FaceQuality#headWidthRatio()} lower bound
 * @param maxHeadWidthRatio upper bound
 * @param minHeadHeightRatio {@link FaceQuality#headHeightRatio()} lower bound
 * @param maxHeadHeightRatio upper bound
 * @param minEyeDistance pixels between the eye centres
 * @param maxYaw degrees either way
 * @param maxPitch degrees either way
 * @param maxRoll degrees either way
 * @param minSharpness {@link FaceQuality#sharpness()} lower bound
 * @param maxDarkFraction {@link FaceQuality#darkFraction()} upper bound
 * @param maxBrightFraction {@link FaceQuality#brightFraction()} upper bound
 * @param minEyeOpening {@link FaceQuality#eyeOpening()} lower bound
 */
public record QualityPolicy(
    int minImageWidth,
    int minImageHeight,
    double minHeadWidthRatio,
    double maxHeadWidthRatio,
    double minHeadHeightRatio,
    double maxHeadHeightRatio,
    double minEyeDistance,
    double maxYaw,
    double maxPitch,
    double maxRoll,
    double minSharpness,
    double maxDarkFraction,
    double maxBrightFraction,
    double minEyeOpening) {

  /** Sharpness below this is blurred; calibrated in docs/face-eval.md. */
  public static final double DEFAULT_MIN_SHARPNESS = 25.0;

  /** Eye opening below this is closed; calibrated in docs/face-eval.md. */
  public static final double DEFAULT_MIN_EYE_OPENING = 0.10;

  public QualityPolicy {
    requireRange("minImageWidth", minImageWidth, 1, 100_000);
    requireRange("minImageHeight", minImageHeight, 1, 100_000);
    requireOrdered("head width ratio", minHeadWidthRatio, maxHeadWidthRatio, 0, 1);
    requireOrdered("head height ratio", minHeadHeightRatio, maxHeadHeightRatio, 0, 1);
    requireRange("minEyeDistance", minEyeDistance, 0, 10_000);
    requireRange("maxYaw", maxYaw, 0, 90);
    requireRange("maxPitch", maxPitch, 0, 90);
    requireRange("maxRoll", maxRoll, 0, 180);
    requireRange("minSharpness", minSharpness, 0, 1e9);
    requireRange("maxDarkFraction", maxDarkFraction, 0, 1);
    requireRange("maxBrightFraction", maxBrightFraction, 0, 1);
    requireRange("minEyeOpening", minEyeOpening, 0, 1);
  }

  /** Live capture at the gate (sources in the class comment). */
  public static QualityPolicy liveCapture() {
    return new QualityPolicy(
        640, 480, 0.15, 0.90, 0.20, 0.95, 120, 5, 5, 8,
        DEFAULT_MIN_SHARPNESS, 0.25, 0.05, DEFAULT_MIN_EYE_OPENING);
  }

  /** As {@link #liveCapture()} with another minimum eye distance (e.g. a lower-resolution camera). */
  public QualityPolicy withMinEyeDistance(double pixels) {
    return new QualityPolicy(
        minImageWidth, minImageHeight, minHeadWidthRatio, maxHeadWidthRatio, minHeadHeightRatio,
        maxHeadHeightRatio, pixels, maxYaw, maxPitch, maxRoll, minSharpness, maxDarkFraction,
        maxBrightFraction, minEyeOpening);
  }

  /** With another minimum image size. */
  public QualityPolicy withMinImageSize(int width, int height) {
    return new QualityPolicy(
        width, height, minHeadWidthRatio, maxHeadWidthRatio, minHeadHeightRatio,
        maxHeadHeightRatio, minEyeDistance, maxYaw, maxPitch, maxRoll, minSharpness,
        maxDarkFraction, maxBrightFraction, minEyeOpening);
  }

  /** Every limit the analysed face misses, in the order of {@link QualityReason}. */
  public QualityAssessment assess(FaceAnalysis analysis) {
    FaceQuality q = analysis.quality();
    List<QualityAssessment.Failure> f = new ArrayList<>();
    if (analysis.imageWidth() < minImageWidth || analysis.imageHeight() < minImageHeight) {
      f.add(new QualityAssessment.Failure(
          QualityReason.IMAGE_TOO_SMALL,
          Math.min((double) analysis.imageWidth() / minImageWidth,
              (double) analysis.imageHeight() / minImageHeight),
          1.0,
          "image " + analysis.imageWidth() + "x" + analysis.imageHeight() + " is below "
              + minImageWidth + "x" + minImageHeight));
    }
    below(f, QualityReason.HEAD_TOO_NARROW, "head width ratio", q.headWidthRatio(), minHeadWidthRatio);
    above(f, QualityReason.HEAD_TOO_WIDE, "head width ratio", q.headWidthRatio(), maxHeadWidthRatio);
    below(f, QualityReason.HEAD_TOO_SHORT, "head height ratio", q.headHeightRatio(), minHeadHeightRatio);
    above(f, QualityReason.HEAD_TOO_TALL, "head height ratio", q.headHeightRatio(), maxHeadHeightRatio);
    below(f, QualityReason.EYE_DISTANCE_TOO_SMALL, "eye distance (px)", q.interEyeDistance(),
        minEyeDistance);
    above(f, QualityReason.YAW, "|yaw| (degrees)", Math.abs(q.yawDegrees()), maxYaw);
    above(f, QualityReason.PITCH, "|pitch| (degrees)", Math.abs(q.pitchDegrees()), maxPitch);
    above(f, QualityReason.ROLL, "|roll| (degrees)", Math.abs(q.rollDegrees()), maxRoll);
    below(f, QualityReason.BLURRED, "sharpness", q.sharpness(), minSharpness);
    above(f, QualityReason.UNDER_EXPOSED, "dark fraction", q.darkFraction(), maxDarkFraction);
    above(f, QualityReason.OVER_EXPOSED, "bright fraction", q.brightFraction(), maxBrightFraction);
    below(f, QualityReason.EYES_CLOSED, "eye opening", q.eyeOpening(), minEyeOpening);
    return new QualityAssessment(f);
  }

  private static void below(
      List<QualityAssessment.Failure> f, QualityReason r, String what, double v, double min) {
    // NaN (a measure that could not be taken) fails too.
    if (!(v >= min)) {
      f.add(new QualityAssessment.Failure(r, v, min,
          String.format(java.util.Locale.ROOT, "%s %.3f is below %.3f", what, v, min)));
    }
  }

  private static void above(
      List<QualityAssessment.Failure> f, QualityReason r, String what, double v, double max) {
    if (!(v <= max)) {
      f.add(new QualityAssessment.Failure(r, v, max,
          String.format(java.util.Locale.ROOT, "%s %.3f is above %.3f", what, v, max)));
    }
  }

  private static void requireRange(String name, double v, double min, double max) {
    if (!(v >= min && v <= max)) {
      throw new IllegalArgumentException(name + " " + v + " is outside [" + min + ", " + max + "]");
    }
  }

  private static void requireOrdered(String name, double lo, double hi, double min, double max) {
    if (!(lo >= min && hi <= max && lo <= hi)) {
      throw new IllegalArgumentException(
          name + " range [" + lo + ", " + hi + "] is empty or outside [" + min + ", " + max + "]");
    }
  }
}
