package org.openegate.biometrics;

import java.util.List;

/**
 * Five-point similarity alignment to the ArcFace 112x112 template.
 *
 * <p>The five points come from the 68 iBUG-300W landmarks the way {@code lib/fr_feature.js}
 * ({@code convert68pts5pts}) takes them: each eye centre is the mean of its four eyelid points (37,
 * 38, 40, 41 and 43, 44, 46, 47, zero-based), the nose tip is point 30, each mouth corner the mean of
 * the outer and inner lip corner (48 and 60, 54 and 64).
 *
 * <p>Deviation: the JS fits an exact affine map to three points (eyes and nose) with
 * {@code getAffineTransform}, which shears the face when a landmark is off. We fit the least-squares
 * similarity (rotation, uniform scale, translation; Umeyama 1991, restricted to 2-D) to all five,
 * as InsightFace does for ArcFace training crops.
 */
final class Alignment {

  /** Size of the aligned crop {@code fr_feature} takes. */
  static final int SIZE = 112;

  /** ArcFace reference points for a 112x112 crop (lib/fr_feature.js REFERENCE_FACIAL_POINTS). */
  static final double[][] TEMPLATE = {
    {38.29459953, 51.69630051},
    {73.53179932, 51.50139999},
    {56.02519989, 71.73660278},
    {41.54930115, 92.3655014},
    {70.72990036, 92.20410156}
  };

  private Alignment() {}

  /** The five alignment points (left eye, right eye, nose, left mouth, right mouth; image-left first). */
  static double[][] fivePoints(List<FacePoint> landmarks68) {
    if (landmarks68.size() != 68) {
      throw new IllegalArgumentException("expected 68 landmarks, got " + landmarks68.size());
    }
    return new double[][] {
      mean(landmarks68, 37, 38, 40, 41),
      mean(landmarks68, 43, 44, 46, 47),
      mean(landmarks68, 30),
      mean(landmarks68, 48, 60),
      mean(landmarks68, 54, 64)
    };
  }

  private static double[] mean(List<FacePoint> points, int... indices) {
    double x = 0;
    double y = 0;
    for (int i : indices) {
      x += points.get(i).x();
      y += points.get(i).y();
    }
    return new double[] {x / indices.length, y / indices.length};
  }

  /**
   * Least-squares similarity mapping {@code src} onto {@code dst}, as a 2x3 row-major matrix
   * {@code [a, -b, tx, b, a, ty]}. For a 2-D similarity the Umeyama solution has a closed form: with
   * centred points, {@code a = sum(p.q) / sum(|p|^2)}, {@code b = sum(p x q) / sum(|p|^2)}.
   */
  static double[] similarity(double[][] src, double[][] dst) {
    int n = src.length;
    double spx = 0;
    double spy = 0;
    double sqx = 0;
    double sqy = 0;
    for (int i = 0; i < n; i++) {
      spx += src[i][0];
      spy += src[i][1];
      sqx += dst[i][0];
      sqy += dst[i][1];
    }
    double mpx = spx / n;
    double mpy = spy / n;
    double mqx = sqx / n;
    double mqy = sqy / n;
    double dotSum = 0;
    double crossSum = 0;
    double norm = 0;
    for (int i = 0; i < n; i++) {
      double px = src[i][0] - mpx;
      double py = src[i][1] - mpy;
      double qx = dst[i][0] - mqx;
      double qy = dst[i][1] - mqy;
      dotSum += px * qx + py * qy;
      crossSum += px * qy - py * qx;
      norm += px * px + py * py;
    }
    if (!(norm > 1e-9)) {
      throw new IllegalArgumentException("alignment points are degenerate (all equal)");
    }
    double a = dotSum / norm;
    double b = crossSum / norm;
    double tx = mqx - (a * mpx - b * mpy);
    double ty = mqy - (b * mpx + a * mpy);
    return new double[] {a, -b, tx, b, a, ty};
  }
}
