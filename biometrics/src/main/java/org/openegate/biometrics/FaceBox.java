package org.openegate.biometrics;

/**
 * A detected face in image pixel coordinates (square, as the landmark model expects).
 *
 * @param x left edge
 * @param y top edge
 * @param width width in pixels
 * @param height height in pixels
 * @param score detector confidence in [0, 1]
 */
public record FaceBox(double x, double y, double width, double height, double score) {

  double area() {
    return width * height;
  }
}
