package org.openegate.biometrics;

import java.util.ArrayList;
import java.util.List;
import org.openegate.biometrics.FaceException.Reason;

/**
 * Parses face records (the biometric data block inside DG2's CBEFF wrapper, ICAO 9303-10 §4.7.2)
 * down to their images: ISO/IEC 19794-5:2005 and ISO/IEC 39794-5 (the ASN.1 successor, in the ICAO
 * application profile for eMRTDs). The {@code crypto} module unwraps DG2 to this block; callers
 * should use {@link #parse(byte[])}, which tells the two apart.
 *
 * <p>Every length and count is checked against the bytes actually present before it is used, so a
 * hostile record cannot cause a large allocation or an out-of-bounds read.
 */
public final class FaceRecords {

  static final long FAC = 0x46414300L; // "FAC\0", §5.4.1
  static final int HEADER_LENGTH = 14; // §5.4
  static final int FACIAL_INFORMATION_LENGTH = 20; // §5.5
  static final int FEATURE_POINT_LENGTH = 8; // §5.6
  static final int IMAGE_INFORMATION_LENGTH = 12; // §5.7

  private FaceRecords() {}

  /**
   * Which standard a face record follows, from its first bytes: 19794-5 starts with its format
   * identifier "FAC\0" (§5.4.1); a 39794-5 record is DER starting with the ICAO AP's wrapper A1
   * (AP Table 2) or with the FaceImageDataBlock's own tag [APPLICATION 5] (65).
   *
   * @throws FaceException {@code MALFORMED_FACE_RECORD} naming the leading bytes when it is neither
   */
  public static FaceRecordFormat detect(byte[] record) {
    if (record.length >= 4 && u32(record, 0) == FAC) {
      return FaceRecordFormat.ISO_19794_5;
    }
    if (Iso39794Parser.looksLike39794(record)) {
      return FaceRecordFormat.ISO_39794_5;
    }
    StringBuilder lead = new StringBuilder();
    for (int i = 0; i < Math.min(4, record.length); i++) {
      lead.append(String.format("%02X", record[i]));
    }
    throw new FaceException(Reason.MALFORMED_FACE_RECORD, "face record of " + record.length
        + " bytes is neither ISO/IEC 19794-5 ('FAC\\0') nor ISO/IEC 39794-5 (A1 or 65): it starts "
        + (lead.length() == 0 ? "with nothing" : "0x" + lead));
  }

  /**
   * The one entry point for a DG2 biometric data block: detects the standard ({@link #detect}),
   * parses the record and checks that every image carries a JPEG, JPEG 2000 or PNG signature.
   *
   * @return the record's images in record order, never empty; each is a {@link FaceImageRecord}
   *     (19794-5) or a {@link FaceRepresentation} (39794-5) with that standard's metadata
   * @throws FaceException {@code MALFORMED_FACE_RECORD} for a malformed record (naming the offset
   *     and value), {@code UNDECODABLE_IMAGE} when an image's bytes are not an image (naming its
   *     offset and leading bytes)
   */
  public static List<FaceImage> parse(byte[] record) {
    return switch (detect(record)) {
      case ISO_19794_5 -> {
        List<FaceImage> images = new ArrayList<>();
        int index = 0;
        for (FaceImageRecord image : parse19794(record)) {
          ImageSignature.require(image.image(), "ISO/IEC 19794-5 facial image " + (++index));
          images.add(image);
        }
        yield List.copyOf(images);
      }
      case ISO_39794_5 -> List.copyOf(parse39794(record).representations());
    };
  }

  /**
   * Parses an ISO/IEC 39794-5 face image data block, with or without the ICAO AP's A1 wrapper, down
   * to its representations and their metadata; elements it does not map are kept, not dropped. Each
   * representation's image must carry a JPEG, JPEG 2000 or PNG signature.
   *
   * @throws FaceException {@code MALFORMED_FACE_RECORD} naming the offset, the field and the value;
   *     {@code UNDECODABLE_IMAGE} when the image bytes are not an image
   */
  public static FaceImageDataBlock parse39794(byte[] record) {
    return Iso39794Parser.parse(record);
  }

  /**
   * Parses an ISO/IEC 19794-5:2005 record. The images are returned as the record holds them, even
   * when their bytes are not an image; {@link #parse(byte[])} checks that.
   *
   * @throws FaceException {@code MALFORMED_FACE_RECORD} naming the offset and the bad value
   */
  public static List<FaceImageRecord> parse19794(byte[] record) {
    if (record.length < HEADER_LENGTH) {
      throw malformed(0, "record is " + record.length + " bytes, shorter than its 14-byte header");
    }
    // §5.4.1-5.4.2: format identifier "FAC\0", version "010\0"
    if (u32(record, 0) != FAC) {
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
