package org.openegate.biometrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Detection-error trade-off of a set of comparison scores (ISO/IEC 19795-1 §4.6): false match rate
 * (FMR) and false non-match rate (FNMR) as functions of the threshold, with the decision rule
 * {@code match = score >= threshold}.
 */
public final class DetCurve {

  /** One operating point. */
  public record Point(double threshold, double fmr, double fnmr) {}

  private final double[] genuine; // ascending
  private final double[] impostor; // ascending

  private DetCurve(double[] genuine, double[] impostor) {
    this.genuine = genuine;
    this.impostor = impostor;
  }

  /**
   * @param scores one score per comparison (higher = more alike); NaN is not allowed
   * @param genuine {@code true} where the pair is the same person
   * @throws IllegalArgumentException on mismatched lengths, NaN, or a class with no comparisons
   */
  public static DetCurve of(double[] scores, boolean[] genuine) {
    if (scores.length != genuine.length) {
      throw new IllegalArgumentException(
          scores.length + " scores but " + genuine.length + " labels");
    }
    int g = 0;
    for (boolean b : genuine) {
      g += b ? 1 : 0;
    }
    double[] gen = new double[g];
    double[] imp = new double[scores.length - g];
    int gi = 0;
    int ii = 0;
    for (int i = 0; i < scores.length; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("score " + i + " is NaN");
      }
      if (genuine[i]) {
        gen[gi++] = scores[i];
      } else {
        imp[ii++] = scores[i];
      }
    }
    if (gen.length == 0 || imp.length == 0) {
      throw new IllegalArgumentException(
          "need genuine and impostor comparisons, got " + gen.length + " and " + imp.length);
    }
    Arrays.sort(gen);
    Arrays.sort(imp);
    return new DetCurve(gen, imp);
  }

  public int genuineCount() {
    return genuine.length;
  }

  public int impostorCount() {
    return impostor.length;
  }

  /** Share of impostor scores at or above the threshold. */
  public double fmrAt(double threshold) {
    return (double) (impostor.length - lowerBound(impostor, threshold)) / impostor.length;
  }

  /** Share of genuine scores below the threshold. */
  public double fnmrAt(double threshold) {
    return (double) lowerBound(genuine, threshold) / genuine.length;
  }

  /**
   * The lowest threshold whose FMR does not exceed {@code targetFmr}. With {@code n} impostor
   * comparisons at most {@code floor(targetFmr * n)} may match, so with 1,200 impostors an FMR of
   * 1e-3 allows one: the estimate rests on the top two impostor scores and is coarse.
   */
  public double thresholdAtFmr(double targetFmr) {
    if (!(targetFmr >= 0 && targetFmr <= 1)) {
      throw new IllegalArgumentException("target FMR " + targetFmr + " is outside [0, 1]");
    }
    int allowed = (int) Math.floor(targetFmr * impostor.length + 1e-9);
    if (allowed >= impostor.length) {
      return Math.min(genuine[0], impostor[0]);
    }
    // The (allowed+1)-th highest impostor score must be rejected: threshold just above it.
    return Math.nextUp(impostor[impostor.length - 1 - allowed]);
  }

  public double fnmrAtFmr(double targetFmr) {
    return fnmrAt(thresholdAtFmr(targetFmr));
  }

  /** Equal error rate: the mean of FMR and FNMR where they are closest. */
  public double eer() {
    Point p = eerPoint();
    return (p.fmr() + p.fnmr()) / 2;
  }

  /** The operating point where FMR and FNMR are closest. */
  public Point eerPoint() {
    Point best = null;
    for (Point p : points()) {
      if (best == null || Math.abs(p.fmr() - p.fnmr()) < Math.abs(best.fmr() - best.fnmr())) {
        best = p;
      }
    }
    return best;
  }

  /** Every distinct operating point, by ascending threshold (for plotting a DET curve). */
  public List<Point> points() {
    double[] all = new double[genuine.length + impostor.length];
    System.arraycopy(genuine, 0, all, 0, genuine.length);
    System.arraycopy(impostor, 0, all, genuine.length, impostor.length);
    Arrays.sort(all);
    List<Point> points = new ArrayList<>();
    double previous = Double.NaN;
    for (double t : all) {
      if (t != previous) {
        points.add(new Point(t, fmrAt(t), fnmrAt(t)));
        previous = t;
      }
    }
    double above = Math.nextUp(all[all.length - 1]);
    points.add(new Point(above, fmrAt(above), fnmrAt(above)));
    return points;
  }

  public double genuineMean() {
    return Arrays.stream(genuine).average().orElseThrow();
  }

  public double impostorMean() {
    return Arrays.stream(impostor).average().orElseThrow();
  }

  /** Index of the first value >= key in an ascending array. */
  private static int lowerBound(double[] sorted, double key) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
