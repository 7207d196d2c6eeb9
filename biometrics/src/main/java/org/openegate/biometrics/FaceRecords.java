package org.openegate.biometrics;

import java.util.ArrayList;
import java.util.List;
import org.openegate.biometrics.FaceException.Reason;

/**
 * Parses ISO/IEC 19794-5:2005 face records (the biometric data block inside DG2's CBEFF wrapper,
 * ICAO 9303-10 §4.7.2) down to their images. The {@code crypto} module unwraps DG2 to this block.
 *
 * <p>Every length and count is checked against the bytes actually present before it is used, so a
 * hostile record cannot cause a large allocation or an out-of-bounds read. ISO/IEC 39794-5 (the
 * ASN.1 successor) is not parsed here yet.
 */
public final class FaceRecords {

  static final int HEADER_LENGTH = 14; // §5.4
  static final int FACIAL_INFORMATION_LENGTH = 20; // §5.5
  static final int FEATURE_POINT_LENGTH = 8; // §5.6
  static final int IMAGE_INFORMATION_LENGTH = 12; // §5.7

  private FaceRecords() {}

  /**
   * @throws FaceException {@code MALFORMED_FACE_RECORD} naming the offset and the bad value
   */
  public static List<FaceImageRecord> parse19794(byte[] record) {
    if (record.length < HEADER_LENGTH) {
      throw malformed(0, "record is " + record.length + " bytes, shorter than its 14-byte header");
    }
    // §5.4.1-5.4.2: format identifier "FAC\0", version "010\0"
    if (u32(record, 0) != 0x46414300L) {
      throw malformed(0, "format identifier is 0x" + Long.toHexString(u32(record, 0)) + ", not 'FAC'");
    }
    if (u32(record, 4) != 0x30313000L) {
      throw malformed(4, "version is 0x" + Long.toHexString(u32(record, 4)) + ", not '010'");
    }
    long declared = u32(record, 8); // §5.4.3
    if (declared != record.length) {
      throw malformed(8, "record length field is " + declared + " but " + record.length
          + " bytes were given");
    }
    int count = u16(record, 12); // §5.4.4
    if (count == 0) {
      throw malformed(12, "record holds no facial image");
    }
    List<FaceImageRecord> images = new ArrayList<>();
    int p = HEADER_LENGTH;
    for (int i = 0; i < count; i++) {
      if (p + FACIAL_INFORMATION_LENGTH > record.length) {
        throw malformed(p, "facial image " + (i + 1) + " of " + count + " starts past the end");
      }
      long blockLength = u32(record, p); // §5.5.1, counts from the start of this block
      int points = u16(record, p + 4);
      int gender = record[p + 6] & 0xFF;
      int expression = u16(record, p + 12);
      long fixed = FACIAL_INFORMATION_LENGTH + (long) points * FEATURE_POINT_LENGTH
          + IMAGE_INFORMATION_LENGTH;
      if (blockLength <= fixed || blockLength > record.length - p) {
        throw malformed(p, "facial image " + (i + 1) + " declares block length " + blockLength
            + " (needs more than " + fixed + ", " + (record.length - p) + " bytes remain)");
      }
      int info = (int) (p + FACIAL_INFORMATION_LENGTH + (long) points * FEATURE_POINT_LENGTH);
      int faceImageType = record[info] & 0xFF;
      int dataType = record[info + 1] & 0xFF;
      ImageFormat format = switch (dataType) {
        case 0 -> ImageFormat.JPEG;
        case 1 -> ImageFormat.JPEG2000;
        default -> throw malformed(info + 1, "image data type " + dataType
            + " is neither JPEG (0) nor JPEG 2000 (1)");
      };
      int width = u16(record, info + 2);
      int height = u16(record, info + 4);
      int start = info + IMAGE_INFORMATION_LENGTH;
      int end = (int) (p + blockLength);
      byte[] image = java.util.Arrays.copyOfRange(record, start, end);
      images.add(new FaceImageRecord(
          format, width, height, faceImageType, gender, expression, points, image));
      p = end;
    }
    if (p != record.length) {
      throw malformed(p, (record.length - p) + " bytes follow the last facial image");
    }
    return images;
  }

  private static FaceException malformed(int offset, String message) {
    return new FaceException(
        Reason.MALFORMED_FACE_RECORD, "ISO/IEC 19794-5 record at offset " + offset + ": " + message);
  }

  private static int u16(byte[] b, int p) {
    return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
  }

  private static long u32(byte[] b, int p) {
    return ((long) (b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8)
        | (b[p + 3] & 0xFF);
  }
}
