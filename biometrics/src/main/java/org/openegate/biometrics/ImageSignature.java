package org.openegate.biometrics;

import java.util.Optional;
import org.openegate.biometrics.FaceException.Reason;

/**
 * Recognises an encoded image by its leading signature only (no header parsing, no bounds: that is
 * {@link ImageProbe}'s job before decoding). Used by the record parsers to refuse a record whose
 * image is not an image at all, with the offset and the bytes found.
 */
final class ImageSignature {

  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}; // ISO/IEC 10918-1 B.1.1.3: SOI, then a marker
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}; // ISO/IEC 15948 §5.2
  private static final byte[] JP2 = {0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', '\r', '\n', (byte) 0x87, '\n'}; // 15444-1 I.5.1
  private static final byte[] J2K = {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51}; // 15444-1 A.4.1: SOC then SIZ

  private ImageSignature() {}

  static Optional<ImageFormat> of(byte[] b) {
    if (startsWith(b, JPEG)) {
      return Optional.of(ImageFormat.JPEG);
    }
    if (startsWith(b, JP2) || startsWith(b, J2K)) {
      return Optional.of(ImageFormat.JPEG2000);
    }
    if (startsWith(b, PNG)) {
      return Optional.of(ImageFormat.PNG);
    }
    return Optional.empty();
  }

  /**
   * @param where names the image and its offset in the record, for the message
   * @throws FaceException {@code UNDECODABLE_IMAGE} naming the leading bytes found
   */
  static ImageFormat require(byte[] b, String where) {
    return of(b).orElseThrow(() -> new FaceException(Reason.UNDECODABLE_IMAGE, where
        + " is not a JPEG, JPEG 2000 or PNG image: it is " + b.length + " bytes starting "
        + hex(b, Math.min(8, b.length))));
  }

  private static boolean startsWith(byte[] b, byte[] prefix) {
    if (b.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static String hex(byte[] b, int n) {
    if (n == 0) {
      return "(nothing)";
    }
    StringBuilder s = new StringBuilder("0x");
    for (int i = 0; i < n; i++) {
      s.append(String.format("%02X", b[i]));
    }
    return s.toString();
  }
}
