package org.openegate.biometrics;

/** Image container formats recognised from their leading bytes. */
public enum ImageFormat {
  JPEG,
  PNG
}
