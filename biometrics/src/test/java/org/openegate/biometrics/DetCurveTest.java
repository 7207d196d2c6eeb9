package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DetCurveTest {

  // Ten genuine scores 0.55..1.00 and ten impostor scores 0.00..0.60 (overlap 0.55..0.60).
  private static final double[] SCORES = {
    0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90, 0.95, 1.00,
    0.00, 0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.40, 0.58, 0.60
  };
  private static final boolean[] LABELS = {
    true, true, true, true, true, true, true, true, true, true,
    false, false, false, false, false, false, false, false, false, false
  };

  @Test
  void rates_countMatchesAtOrAboveThreshold() {
    DetCurve c = DetCurve.of(SCORES, LABELS);
    assertThat(c.genuineCount()).isEqualTo(10);
    assertThat(c.impostorCount()).isEqualTo(10);
    assertThat(c.fmrAt(0.60)).isEqualTo(0.1); // 0.60 impostor matches at >=
    assertThat(c.fnmrAt(0.60)).isEqualTo(0.1); // 0.55 genuine rejected
    assertThat(c.fmrAt(0.0)).isEqualTo(1.0);
    assertThat(c.fnmrAt(1.5)).isEqualTo(1.0);
  }

  @Test
  void thresholdAtFmr_isJustAboveTheFirstImpostorThatMustBeRejected() {
    DetCurve c = DetCurve.of(SCORES, LABELS);
    // FMR 0.1 allows one impostor (0.60) to match: reject 0.58 -> threshold just above it.
    assertThat(c.thresholdAtFmr(0.1)).isEqualTo(Math.nextUp(0.58));
    assertThat(c.fmrAt(c.thresholdAtFmr(0.1))).isEqualTo(0.1);
    assertThat(c.fnmrAtFmr(0.1)).isEqualTo(0.1); // 0.55 below 0.58+
    // FMR 0 allows none: threshold just above 0.60, rejecting genuine 0.55 and 0.60.
    assertThat(c.fnmrAtFmr(0.0)).isEqualTo(0.2);
    assertThat(c.fnmrAtFmr(1e-3)).isEqualTo(0.2);
  }

  @Test
  void eer_isWhereTheRatesCross() {
    DetCurve c = DetCurve.of(SCORES, LABELS);
    assertThat(c.eer()).isCloseTo(0.1, within(1e-12));
    DetCurve.Point p = c.eerPoint();
    assertThat(p.fmr()).isEqualTo(p.fnmr());
  }

  @Test
  void eer_isZeroWhenClassesSeparate() {
    DetCurve c = DetCurve.of(new double[] {0.9, 0.8, 0.1, 0.2}, new boolean[] {true, true, false, false});
    assertThat(c.eer()).isZero();
    assertThat(c.fnmrAtFmr(1e-3)).isZero();
  }

  @Test
  void points_runFromAllMatchToNoneMatch() {
    var points = DetCurve.of(SCORES, LABELS).points();
    assertThat(points.get(0).fmr()).isEqualTo(1.0);
    assertThat(points.get(0).fnmr()).isEqualTo(0.0);
    assertThat(points.get(points.size() - 1).fmr()).isEqualTo(0.0);
    assertThat(points.get(points.size() - 1).fnmr()).isEqualTo(1.0);
  }

  @Test
  void of_rejectsBadInput() {
    assertThatThrownBy(() -> DetCurve.of(new double[] {0.1}, new boolean[] {true, false}))
        .hasMessageContaining("1 scores but 2 labels");
    assertThatThrownBy(() -> DetCurve.of(new double[] {0.1, 0.2}, new boolean[] {true, true}))
        .hasMessageContaining("got 2 and 0");
    assertThatThrownBy(() -> DetCurve.of(new double[] {Double.NaN, 0.2}, new boolean[] {true, false}))
        .hasMessageContaining("score 0 is NaN");
  }

  @Test
  void summarise_fillsTheCliFields() {
    Evaluation.Result r = Evaluation.summarise(SCORES, LABELS, 0);
    assertThat(r.pairs()).isEqualTo(20);
    assertThat(r.fnmrAtFmr1e2()).isEqualTo(0.2);
    assertThat(r.fnmrAtFmr1e3()).isEqualTo(0.2);
    assertThat(r.eer()).isCloseTo(0.1, within(1e-12));
    assertThat(r.threshold()).isEqualTo(Math.nextUp(0.60));
  }
}
