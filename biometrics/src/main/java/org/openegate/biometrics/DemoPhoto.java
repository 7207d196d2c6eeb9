package org.openegate.biometrics;

/**
 * One demo image.
 *
 * @param name a file-style name, e.g. {@code grace-hopper-live-1.jpg}
 * @param format JPEG or PNG
 * @param derived {@code true} when made from another photo of the same person by re-framing and
 *     re-lighting (a simulated "live capture"), {@code false} for the photo as published
 * @param bytes the encoded image
 */
public record DemoPhoto(String name, ImageFormat format, boolean derived, byte[] bytes) {

  public DemoPhoto {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DemoPhoto p
        && name.equals(p.name)
        && format == p.format
        && derived == p.derived
        && java.util.Arrays.equals(bytes, p.bytes);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + java.util.Arrays.hashCode(bytes);
  }

  /** Image bytes are never printed. */
  @Override
  public String toString() {
    return "DemoPhoto[" + name + ", " + format + ", derived=" + derived + ", " + bytes.length
        + " bytes redacted]";
  }
}
