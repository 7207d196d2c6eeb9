package org.openegate.biometrics;

/** Image container formats recognised from their leading bytes. */
public enum ImageFormat {
  JPEG,
  PNG,
  /** JPEG 2000, as a JP2 file (ISO/IEC 15444-1 Annex I) or a raw codestream (Annex A). */
  JPEG2000
}
