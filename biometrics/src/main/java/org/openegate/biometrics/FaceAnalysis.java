package org.openegate.biometrics;

import java.util.List;

/**
 * Everything the engine found about the one face in an image.
 *
 * @param imageWidth decoded width
 * @param imageHeight decoded height
 * @param face the chosen face (the largest)
 * @param facesFound faces the detector reported after NMS, including small ones ignored as
 *     background
 * @param facesInView the faces that count as people in view, the chosen one included: detected
 *     with confidence 0.9 or more, at least half the chosen face's height, and not cut off by the
 *     image's edge. Always 1 under {@link MultipleFaces#REFUSE} (more is refused); under {@link
 *     MultipleFaces#DOMINANT} more than 1 means the still holds several faces and the result should
 *     say so ({@link #severalFacesInView()})
 * @param landmarks the 68 iBUG-300W points in image pixels
 * @param template the embedding of the aligned face
 * @param liveness presentation-attack-detection score in [0, 1]: the probability {@code fr_liveness}
 *     gives to "live"; higher is more likely a live face. Not yet validated against attack samples
 *     (prints, screens, masks) in this project: treat it as advisory, see
 *     {@link FaceEngine#DEFAULT_LIVENESS_THRESHOLD}
 * @param quality simple capture-quality measures
 */
public record FaceAnalysis(
    int imageWidth,
    int imageHeight,
    FaceBox face,
    int facesFound,
    int facesInView,
    List<FacePoint> landmarks,
    FaceTemplate template,
    double liveness,
    FaceQuality quality) {

  public FaceAnalysis {
    landmarks = List.copyOf(landmarks);
    if (facesInView < 1) {
      throw new IllegalArgumentException("facesInView " + facesInView + " is below 1");
    }
  }

  /** One face in view: the form from before {@code facesInView} existed. */
  public FaceAnalysis(int imageWidth, int imageHeight, FaceBox face, int facesFound,
      List<FacePoint> landmarks, FaceTemplate template, double liveness, FaceQuality quality) {
    this(imageWidth, imageHeight, face, facesFound, 1, landmarks, template, liveness, quality);
  }

  /** Whether several faces are in view (possible only under {@link MultipleFaces#DOMINANT}). */
  public boolean severalFacesInView() {
    return facesInView > 1;
  }

  /** Omits landmarks and the template: both describe the person's face. */
  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "FaceAnalysis[image=%dx%d, face=%.0fx%.0f score=%.3f, facesFound=%d, facesInView=%d,"
            + " landmarks=%d (redacted),"
            + " template=redacted, liveness=%.3f, quality=%s]",
        imageWidth,
        imageHeight,
        face.width(),
        face.height(),
        face.score(),
        facesFound,
        facesInView,
        landmarks.size(),
        liveness,
        quality);
  }
}
