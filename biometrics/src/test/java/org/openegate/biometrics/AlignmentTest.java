package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlignmentTest {

  @Test
  void similarity_ofTemplateToItselfIsIdentity() {
    double[] m = Alignment.similarity(Alignment.TEMPLATE, Alignment.TEMPLATE);
    assertThat(m).containsExactly(new double[] {1, 0, 0, 0, 1, 0}, within(1e-9));
  }

  @Test
  void similarity_recoversScaleRotationAndTranslation() {
    double s = 2.5;
    double theta = Math.toRadians(12);
    double tx = 140;
    double ty = -30;
    double[][] src = new double[5][];
    for (int i = 0; i < 5; i++) {
      double x = Alignment.TEMPLATE[i][0];
      double y = Alignment.TEMPLATE[i][1];
      src[i] = new double[] {
        s * (Math.cos(theta) * x - Math.sin(theta) * y) + tx,
        s * (Math.sin(theta) * x + Math.cos(theta) * y) + ty
      };
    }
    double[] m = Alignment.similarity(src, Alignment.TEMPLATE);
    for (int i = 0; i < 5; i++) {
      double x = m[0] * src[i][0] + m[1] * src[i][1] + m[2];
      double y = m[3] * src[i][0] + m[4] * src[i][1] + m[5];
      assertThat(x).isCloseTo(Alignment.TEMPLATE[i][0], within(1e-9));
      assertThat(y).isCloseTo(Alignment.TEMPLATE[i][1], within(1e-9));
    }
    assertThat(Math.hypot(m[0], m[3])).isCloseTo(1 / s, within(1e-12));
  }

  @Test
  void fivePoints_averageTheEyelidsAndLipCorners() {
    List<FacePoint> points = new ArrayList<>();
    for (int i = 0; i < 68; i++) {
      points.add(new FacePoint(i, 2 * i));
    }
    double[][] five = Alignment.fivePoints(points);
    assertThat(five[0]).containsExactly((37 + 38 + 40 + 41) / 4.0, (37 + 38 + 40 + 41) / 2.0);
    assertThat(five[1]).containsExactly((43 + 44 + 46 + 47) / 4.0, (43 + 44 + 46 + 47) / 2.0);
    assertThat(five[2]).containsExactly(30, 60);
    assertThat(five[3]).containsExactly(54, 108);
    assertThat(five[4]).containsExactly(59, 118);
  }
}
