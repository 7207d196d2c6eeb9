package org.openegate.biometrics;

/**
 * What an image's header declares, read without decoding the pixels.
 *
 * @param format the container format
 * @param width the declared width in pixels
 * @param height the declared height in pixels
 */
public record ImageInfo(ImageFormat format, int width, int height) {

  public long pixels() {
    return (long) width * height;
  }
}
