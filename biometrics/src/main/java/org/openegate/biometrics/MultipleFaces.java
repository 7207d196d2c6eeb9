package org.openegate.biometrics;

/**
 * What {@link FaceEngine#analyse(byte[], MultipleFaces)} does when more than one confident face of
 * comparable size is in view (the faces {@link FaceAnalysis#facesInView()} counts).
 *
 * <p>Why two policies: a second face means different things for a live frame and for a still. At
 * the gate a second person in the camera's view is a second person in the lane (tailgating, a
 * companion pressed close): the frame must be refused and the lane made safe, whatever the
 * comparison would say. A still (the chip portrait, a photo given to {@code egate face compare}, an
 * evaluation pair) is evidence of one person's face; a bystander in it does not change whose
 * portrait it is, and refusing the comparison for it only rejects the traveller (docs/face-eval.md,
 * acceptance 2: 10 genuine LFW pairs refused for a second person in the news photo).
 */
public enum MultipleFaces {
  /**
   * For live frames: refuse with {@link FaceException.Reason#MULTIPLE_FACES} (lane safety; what
   * {@link LiveCapture} and {@link FaceEngine#analyse(byte[])} do).
   */
  REFUSE,
  /**
   * For stills: compare the dominant face and report the count in {@link
   * FaceAnalysis#facesInView()}, so the caller can warn that the image holds several faces. A
   * still where the detector finds no face gets a second detection look on a shifted grid (a
   * still has no next frame; see {@code FaceDetector#detectStill}).
   */
  DOMINANT
}
