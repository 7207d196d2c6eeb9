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
    assertThat(FaceEngine.chooseFace(List.of(weak, traveller, small), 640, 480)).isEqualTo(traveller);
  }

  @Test
  void chooseFace_refusesAConfidentSecondFaceOfComparableSize() {
    FaceBox traveller = new FaceBox(100, 100, 200, 200, 0.99);
    FaceBox second = new FaceBox(350, 100, 120, 120, 0.95);
    FaceException e = refused(List.of(second, traveller));
    assertThat(e.getMessage()).contains("2 faces").contains("200 px");
  }
  @Test
  void containedShare_knownValues() {
    float[] big = {0, 0, 20, 20, 1};
    assertThat(FaceDetector.containedShare(big, new float[] {5, 5, 15, 15, 1})).isEqualTo(1.0);
    // A 10x10 box half inside: 50 of its 100 px.
    assertThat(FaceDetector.containedShare(big, new float[] {15, 5, 25, 15, 1}))
        .isCloseTo(0.5, within(1e-9));
    assertThat(FaceDetector.containedShare(big, new float[] {30, 30, 40, 40, 1})).isZero();
    assertThat(FaceDetector.containedShare(new float[] {15, 5, 25, 15, 1}, big))
        .isCloseTo(0.5, within(1e-9));
  }

  @Test
  void nms_mergesALargerShiftedBoxHoldingHalfOfTheFace() {
    // Regression (re-framed LFW, Andy_Wisecarver_0001): the traveller at 1.00 and a box 1.45x its
    // side at 0.92, shifted right and down, holding 54 % of it; IoU 0.21, so IoU NMS kept both and
    // the traveller was refused as MULTIPLE_FACES.
    float[] traveller = {229, 93, 433, 298, 1.00f};
    float[] larger = {322, 17, 621, 315, 0.92f};
    assertThat(FaceDetector.iou(traveller, larger)).isLessThan(FaceDetector.NMS_IOU);
    assertThat(FaceDetector.nms(List.of(traveller, larger), FaceDetector.NMS_IOU))
        .containsExactly(traveller);
  }

  @Test
  void nms_keepsTwoFacesSideBySideEvenWhenTheirBoxesTouch() {
    // Two people cheek to cheek (Hugo_Chavez_0033 re-framed): a third of the smaller box inside the
    // other, IoU 0.19. Both stay, so the face choice can refuse the frame.
    float[] a = {460, 172, 628, 338, 1.00f};
    float[] b = {355, 161, 520, 326, 0.98f};
    assertThat(FaceDetector.containedShare(a, b)).isBetween(0.3, 0.4);
    assertThat(FaceDetector.nms(List.of(a, b), FaceDetector.NMS_IOU)).containsExactly(a, b);
  }

  @Test
  void chooseFace_aWeakLargerBoxIsNeitherTheTravellerNorItsCompetitor() {
    // Regression (re-framed LFW, Gillian_Anderson_0001 and four more): a 0.71 box beside the face,
    // larger than it, was taken as the traveller and the face at 1.00 counted as its competitor.
    FaceBox traveller = new FaceBox(400, 50, 154, 154, 1.00);
    FaceBox weakLarger = new FaceBox(300, 30, 172, 172, 0.71);
    assertThat(FaceEngine.chooseFace(List.of(weakLarger, traveller), 640, 480)).isEqualTo(traveller);
    assertThat(FaceEngine.chooseFace(List.of(traveller, weakLarger), 640, 480)).isEqualTo(traveller);
  }

  @Test
  void chooseFace_withoutAConfidentBoxTakesTheLargest() {
    FaceBox small = new FaceBox(0, 0, 50, 50, 0.85);
    FaceBox large = new FaceBox(100, 100, 120, 120, 0.70);
    assertThat(FaceEngine.chooseFace(List.of(small, large), 640, 480)).isEqualTo(large);
  }
  @Test
  void chooseFace_stillRefusesTwoFacesCheekToCheek() {
    // Hugo_Chavez_0033 re-framed: two real faces side by side.
    FaceBox a = new FaceBox(460, 172, 166, 166, 1.00);
    FaceBox b = new FaceBox(355, 161, 165, 165, 0.98);
    refused(List.of(b, a));
    // Rosalyn_Carter_0001 re-framed: a second face half hidden behind the traveller's, each box
    // holding the other's centre. Still two people: box geometry cannot tell this from one face
    // framed twice, so neither is merged by it (docs/face-eval.md).
    FaceBox traveller = new FaceBox(189, 242, 151, 151, 1.00);
    FaceBox behind = new FaceBox(252, 240, 150, 150, 0.90);
    refused(List.of(traveller, behind));
  }

  @Test
  void chooseFace_aFaceCutByTheFrameEdgeIsNoCompetitor() {
    // Regression (re-framed LFW, Todd_Haynes_0001): a second person's face at 1.00, cut off by the
    // frame's left edge (its clamped box starts at x = 0), beside the traveller.
    FaceBox traveller = new FaceBox(85, 338, 128, 128, 1.00);
    FaceBox cutOff = new FaceBox(0, 348, 113, 121, 1.00);
    assertThat(FaceEngine.cutByFrame(cutOff, 640, 480)).isTrue();
    assertThat(FaceEngine.cutByFrame(traveller, 640, 480)).isFalse();
    assertThat(FaceEngine.chooseFace(List.of(cutOff, traveller), 640, 480)).isEqualTo(traveller);
    // The same face wholly in view is a competitor.
    FaceBox inView = new FaceBox(300, 300, 121, 121, 1.00);
    refused(List.of(inView, traveller));
  }

  @Test
  void choose_dominantTakesTheClearestOfTheFacesInViewAndCountsThem() {
    // Andy_Wisecarver_0001 re-framed: the face at 1.00 and the same face framed again, 1.45x larger
    // and half a face off, at 0.92. REFUSE refuses; DOMINANT takes the face, not the larger box.
    FaceBox face = new FaceBox(229, 93, 205, 205, 1.00);
    FaceBox shifted = new FaceBox(322, 17, 297, 297, 0.92);
    refused(List.of(shifted, face));
    FaceEngine.Choice c = FaceEngine.choose(List.of(shifted, face), 640, 480, MultipleFaces.DOMINANT);
    assertThat(c.face()).isEqualTo(face);
    assertThat(c.facesInView()).isEqualTo(2);
    // Scores within DOMINANT_SCORE_TIE do not rank: the larger of two clear faces is the subject.
    FaceBox near = new FaceBox(60, 100, 200, 200, 0.999);
    FaceBox far = new FaceBox(350, 100, 150, 150, 1.00);
    assertThat(FaceEngine.choose(List.of(far, near), 640, 480, MultipleFaces.DOMINANT).face())
        .isEqualTo(near);
    // Three in view are counted as three.
    FaceBox third = new FaceBox(520, 300, 110, 110, 0.97);
    assertThat(FaceEngine.choose(List.of(far, near, third), 640, 480, MultipleFaces.DOMINANT)
        .facesInView()).isEqualTo(3);
  }

  @Test
  void choose_bothPoliciesAgreeWhenOneFaceIsInView() {
    FaceBox traveller = new FaceBox(100, 100, 200, 200, 0.99);
    FaceBox weak = new FaceBox(350, 100, 190, 190, 0.78);
    FaceBox small = new FaceBox(10, 10, 60, 60, 0.995);
    for (MultipleFaces policy : MultipleFaces.values()) {
      FaceEngine.Choice c = FaceEngine.choose(List.of(weak, small, traveller), 640, 480, policy);
      assertThat(c.face()).isEqualTo(traveller);
      assertThat(c.facesInView()).isEqualTo(1);
    }
  }

  /** chooseFace on a 640x480 frame, which must refuse it as MULTIPLE_FACES. */
  private static FaceException refused(List<FaceBox> boxes) {
    FaceException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        () -> FaceEngine.chooseFace(boxes, 640, 480), FaceException.class);
    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(FaceException.Reason.MULTIPLE_FACES);
    return e;
  }
}
