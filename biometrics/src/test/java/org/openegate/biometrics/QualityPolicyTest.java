package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class QualityPolicyTest {

  private static FaceQuality good() {
    return new FaceQuality(130, 200, 120, 0, 1, -2, 3, 0.3, 0.0, 0.0, 0.4, 0.6);
  }

  private static FaceAnalysis analysis(int w, int h, FaceQuality q) {
    float[] v = new float[FaceTemplate.DIMENSION];
    v[0] = 1;
    return new FaceAnalysis(w, h, new FaceBox(10, 10, 100, 100, 0.99), 1, List.of(),
        FaceTemplate.of(v), 0.9, q);
  }

  @Test
  void faceAnalysis_countsFacesInViewAndRefusesACountBelowOne() {
    FaceAnalysis one = analysis(640, 480, good());
    assertThat(one.facesInView()).isEqualTo(1);
    assertThat(one.severalFacesInView()).isFalse();
    float[] v = new float[FaceTemplate.DIMENSION];
    v[0] = 1;
    FaceAnalysis two = new FaceAnalysis(640, 480, new FaceBox(10, 10, 100, 100, 0.99), 3, 2,
        List.of(), FaceTemplate.of(v), 0.9, good());
    assertThat(two.severalFacesInView()).isTrue();
    assertThat(two.toString()).contains("facesFound=3, facesInView=2").contains("redacted");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FaceAnalysis(640, 480,
        new FaceBox(10, 10, 100, 100, 0.99), 1, 0, List.of(), FaceTemplate.of(v), 0.9, good()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("facesInView 0");
  }

  @Test
  void liveCapture_passesAGoodFrontalFace() {
    QualityAssessment a = QualityPolicy.liveCapture().assess(analysis(640, 480, good()));
    assertThat(a.passed()).isTrue();
    assertThat(a.failures()).isEmpty();
  }

  @Test
  void liveCapture_namesEveryFailureWithValueAndLimit() {
    FaceQuality bad = new FaceQuality(80, 10, 120, 0, 7, -6, 9, 0.05, 0.3, 0.3, 0.05, 0.1);
    QualityAssessment a = QualityPolicy.liveCapture().assess(analysis(320, 240, bad));
    assertThat(a.passed()).isFalse();
    assertThat(a.reasons()).containsExactlyInAnyOrder(
        QualityReason.IMAGE_TOO_SMALL, QualityReason.HEAD_TOO_NARROW, QualityReason.HEAD_TOO_SHORT,
        QualityReason.EYE_DISTANCE_TOO_SMALL, QualityReason.YAW, QualityReason.PITCH,
        QualityReason.ROLL, QualityReason.BLURRED, QualityReason.UNDER_EXPOSED,
        QualityReason.OVER_EXPOSED, QualityReason.EYES_CLOSED);
    QualityAssessment.Failure yaw = a.failures().stream()
        .filter(f -> f.reason() == QualityReason.YAW).findFirst().orElseThrow();
    assertThat(yaw.value()).isEqualTo(7.0);
    assertThat(yaw.limit()).isEqualTo(5.0);
    assertThat(yaw.message()).contains("7.000").contains("5.000");
    QualityAssessment.Failure ied = a.failures().stream()
        .filter(f -> f.reason() == QualityReason.EYE_DISTANCE_TOO_SMALL).findFirst().orElseThrow();
    assertThat(ied.message()).contains("80.000").contains("120.000");
  }

  @Test
  void limitsAreInclusiveAndNaNFails() {
    FaceQuality edge = new FaceQuality(120, 25, 120, 0, 5, -5, -8, 0.10, 0.25, 0.05, 0.15, 0.2);
    assertThat(QualityPolicy.liveCapture().assess(analysis(640, 480, edge)).passed()).isTrue();
    FaceQuality nan = new FaceQuality(130, 200, 120, 0, Double.NaN, 0, 0, 0.3, 0, 0, 0.4, 0.6);
    assertThat(QualityPolicy.liveCapture().assess(analysis(640, 480, nan)).reasons())
        .containsExactly(QualityReason.YAW);
  }

  @Test
  void policy_rejectsBadLimitsWhole() {
    assertThatThrownBy(() -> new QualityPolicy(640, 480, 0.9, 0.1, 0.2, 0.9, 120, 5, 5, 8, 25,
        0.05, 0.05, 0.1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("head width ratio range [0.9, 0.1]");
    assertThatThrownBy(() -> QualityPolicy.liveCapture().withMinEyeDistance(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1.0");
  }
}
