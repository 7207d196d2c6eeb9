package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HeadPoseTest {

  // The generic head of HeadPose, indexed like the landmarks it uses.
  private static final int[] INDICES = {30, 8, 36, 45, 48, 54};
  private static final double[][] MODEL = {
    {0, 0, 0}, {0, 330, 65}, {-225, -170, 135}, {225, -170, 135}, {-150, 150, 125}, {150, 150, 125}
  };

  @BeforeAll
  static void openCv() {
    OpenCvRuntime.ensureLoaded();
  }

  /** Projects the generic head turned by yaw (about y) then pitch (about x) into a 640x480 camera. */
  private static List<FacePoint> project(double yawDeg, double pitchDeg) {
    double y = Math.toRadians(yawDeg);
    double p = Math.toRadians(pitchDeg);
    List<FacePoint> lm = new ArrayList<>();
    for (int i = 0; i < 68; i++) {
      lm.add(new FacePoint(320, 240));
    }
    for (int k = 0; k < INDICES.length; k++) {
      double[] m = MODEL[k];
      // yaw: rotation about the y axis; pitch: about the x axis; head 2,500 units from the camera.
      double x1 = Math.cos(y) * m[0] + Math.sin(y) * m[2];
      double z1 = -Math.sin(y) * m[0] + Math.cos(y) * m[2];
      double y2 = Math.cos(p) * m[1] - Math.sin(p) * z1;
      double z2 = Math.sin(p) * m[1] + Math.cos(p) * z1 + 2500;
      lm.set(INDICES[k], new FacePoint(320 + 640 * x1 / z2, 240 + 640 * y2 / z2));
    }
    return lm;
  }

  @Test
  void yawPitch_recoversTheAnglesOfAProjectedGenericHead() {
    double[] frontal = HeadPose.yawPitch(project(0, 0), 640, 480);
    assertThat(frontal[0]).isCloseTo(0, within(0.5));
    assertThat(frontal[1]).isCloseTo(0, within(0.5));
    for (double[] angles : new double[][] {{10, 0}, {-10, 0}, {0, 8}, {0, -8}, {6, -4}}) {
      double[] got = HeadPose.yawPitch(project(angles[0], angles[1]), 640, 480);
      assertThat(Math.abs(got[0])).as("|yaw| for %s", (Object) angles)
          .isCloseTo(Math.abs(angles[0]), within(1.0));
      assertThat(Math.abs(got[1])).as("|pitch| for %s", (Object) angles)
          .isCloseTo(Math.abs(angles[1]), within(1.0));
      // Signs: opposite turns give opposite readings.
      double[] mirror = HeadPose.yawPitch(project(-angles[0], -angles[1]), 640, 480);
      assertThat(got[0]).isCloseTo(-mirror[0], within(1.0));
      assertThat(got[1]).isCloseTo(-mirror[1], within(1.0));
    }
  }

  @Test
  void eyeAspect_isZeroForAClosedEyeAndNaNForADegenerateOne() {
    List<FacePoint> lm = new ArrayList<>();
    for (int i = 0; i < 68; i++) {
      lm.add(new FacePoint(0, 0));
    }
    // Open eye: corners 30 px apart, lids 10 px apart.
    lm.set(36, new FacePoint(0, 0));
    lm.set(37, new FacePoint(10, -5));
    lm.set(38, new FacePoint(20, -5));
    lm.set(39, new FacePoint(30, 0));
    lm.set(40, new FacePoint(20, 5));
    lm.set(41, new FacePoint(10, 5));
    assertThat(HeadPose.eyeAspect(lm, 36, 37, 38, 39, 40, 41)).isCloseTo(10.0 / 30, within(1e-9));
    lm.set(40, new FacePoint(20, -5));
    lm.set(41, new FacePoint(10, -5));
    assertThat(HeadPose.eyeAspect(lm, 36, 37, 38, 39, 40, 41)).isCloseTo(0, within(1e-9));
    assertThat(HeadPose.eyeAspect(lm, 0, 1, 2, 3, 4, 5)).isNaN();
  }
}
