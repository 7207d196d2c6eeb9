package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class FaceDetectorTest {

  @Test
  void iou_knownValues() {
    float[] a = {0, 0, 10, 10, 1};
    assertThat(FaceDetector.iou(a, a)).isEqualTo(1.0);
    assertThat(FaceDetector.iou(a, new float[] {5, 0, 15, 10, 1})).isCloseTo(50.0 / 150, within(1e-9));
    assertThat(FaceDetector.iou(a, new float[] {20, 20, 30, 30, 1})).isZero();
  }

  @Test
  void nms_keepsTheMostConfidentOfAClusterAndSeparateFaces() {
    List<float[]> sorted =
        List.of(
            new float[] {0, 0, 10, 10, 0.99f},
            new float[] {1, 1, 11, 11, 0.95f}, // IoU 0.68 with the first: suppressed
            new float[] {50, 50, 60, 60, 0.90f},
            new float[] {5, 0, 15, 10, 0.80f}); // IoU 0.33 with the first: kept
    List<float[]> kept = FaceDetector.nms(sorted, 0.4);
    assertThat(kept).extracting(b -> b[4]).containsExactly(0.99f, 0.90f, 0.80f);
  }

  @Test
  void postProcess_scalesThresholdsAndSquaresBoxes() {
    // Two priors: one face at (0.25..0.5, 0.25..0.75) of a 400x200 image, one below threshold.
    float[] boxes = {0.25f, 0.25f, 0.5f, 0.75f, 0.1f, 0.1f, 0.2f, 0.2f};
    float[] scores = {0.1f, 0.9f, 0.4f, 0.6f};
    List<FaceBox> faces = FaceDetector.postProcess(boxes, scores, 400, 200);
    assertThat(faces).hasSize(1);
    FaceBox f = faces.get(0);
    // Box 100..200 x 50..150 -> a square of side 100 (the height) about centre (150, 100).
    assertThat(f.x()).isCloseTo(100, within(1e-3));
    assertThat(f.y()).isCloseTo(50, within(1e-3));
    assertThat(f.width()).isCloseTo(100, within(1e-3));
    assertThat(f.height()).isCloseTo(100, within(1e-3));
    assertThat(f.score()).isCloseTo(0.9, within(1e-6));
  }

  @Test
  void chooseFace_takesTheLargestAndIgnoresWeakOrSmallCompetitors() {
    FaceBox traveller = new FaceBox(100, 100, 200, 200, 0.99);
    // Regression: re-framed LFW frames were refused as MULTIPLE_FACES for a stranger's face cut off
    // at the photo's edge (0.78) or background texture (0.71) beside a clear traveller.
    FaceBox weak = new FaceBox(350, 100, 190, 190, 0.78);
    FaceBox small = new FaceBox(10, 10, 60, 60, 0.99);
    assertThat(FaceEngine.chooseFace(List.of(weak, traveller, small))).isEqualTo(traveller);
  }

  @Test
  void chooseFace_refusesAConfidentSecondFaceOfComparableSize() {
    FaceBox traveller = new FaceBox(100, 100, 200, 200, 0.99);
    FaceBox second = new FaceBox(350, 100, 120, 120, 0.95);
    FaceException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        () -> FaceEngine.chooseFace(List.of(second, traveller)), FaceException.class);
    assertThat(e.reason()).isEqualTo(FaceException.Reason.MULTIPLE_FACES);
    assertThat(e.getMessage()).contains("2 faces").contains("200 px");
  }
}
