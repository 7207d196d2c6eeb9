package org.openegate.biometrics;

import java.util.Locale;

/**
 * A raw 8-bit BGR camera frame, rows top to bottom, 3 bytes a pixel (OpenCV's {@code CV_8UC3}
 * layout), so a camera driver can hand frames over without encoding them.
 *
 * @param width pixels, 1..8192
 * @param height pixels, 1..8192
 * @param pixels {@code width * height * 3} bytes; copied, never exposed
 */
public record BgrImage(int width, int height, byte[] pixels) {

  /** The largest side accepted, as for decoded images (ImageProbe's bound). */
  public static final int MAX_SIDE = 8192;

  public BgrImage {
    if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
      throw new IllegalArgumentException(
          "frame size " + width + "x" + height + " is outside 1x1.." + MAX_SIDE + "x" + MAX_SIDE);
    }
    long expected = (long) width * height * 3;
    if (pixels == null || pixels.length != expected) {
      throw new IllegalArgumentException(
          "frame " + width + "x" + height + " needs " + expected + " bytes, got "
              + (pixels == null ? "null" : pixels.length));
    }
    pixels = pixels.clone();
  }

  /** A copy of the pixels. */
  @Override
  public byte[] pixels() {
    return pixels.clone();
  }

  byte[] pixelsUnsafe() {
    return pixels;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BgrImage b
        && b.width == width
        && b.height == height
        && java.util.Arrays.equals(b.pixels, pixels);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + java.util.Arrays.hashCode(pixels);
  }

  /** Size only: the pixels are a person's face. */
  @Override
  public String toString() {
    return String.format(Locale.ROOT, "BgrImage[%dx%d, pixels=redacted]", width, height);
  }
}
