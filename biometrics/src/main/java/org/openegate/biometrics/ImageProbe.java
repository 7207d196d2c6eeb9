package org.openegate.biometrics;

import org.openegate.biometrics.FaceException.Reason;

/**
 * Reads the declared size of a JPEG or PNG image from its header, before any pixel is decoded, and
 * refuses images a gate has no business decoding.
 *
 * <p>Why: a decoder allocates width x height x channels bytes from what the header says, so a
 * 60-byte PNG declaring 20000x20000 pixels asks for 1.2 GB ("image bomb"). The header is parsed here
 * with explicit bounds checks on every offset, and OpenCV only sees images that passed.
 */
public final class ImageProbe {

  /** Largest encoded image accepted, in bytes (a chip portrait is ~20 kB, a 12 MP JPEG ~8 MB). */
  public static final int MAX_BYTES = 32 * 1024 * 1024;

  /** Largest declared pixel count accepted (40 megapixels, above any gate camera). */
  public static final long MAX_PIXELS = 40_000_000L;

  /** Smallest side accepted; below this no face model gets a usable input. */
  public static final int MIN_SIDE = 16;

  private static final byte[] PNG_SIGNATURE = {
    (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'
  };

  private ImageProbe() {}

  /**
   * Identifies the format and declared size, and checks them against the bounds above.
   *
   * @throws FaceException {@code UNDECODABLE_IMAGE} for a malformed or truncated header,
   *     {@code UNSUPPORTED_FORMAT} for other formats, {@code IMAGE_TOO_LARGE} or
   *     {@code IMAGE_TOO_SMALL} when a bound is broken
   */
  public static ImageInfo probe(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new FaceException(Reason.UNDECODABLE_IMAGE, "image is empty (0 bytes)");
    }
    if (bytes.length > MAX_BYTES) {
      throw new FaceException(
          Reason.IMAGE_TOO_LARGE,
          "image is " + bytes.length + " bytes, more than the limit of " + MAX_BYTES);
    }
    ImageInfo info;
    if (startsWith(bytes, PNG_SIGNATURE)) {
      info = pngHeader(bytes);
    } else if (bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8) {
      info = jpegHeader(bytes);
    } else if (bytes.length >= 12 && isJpeg2000(bytes)) {
      throw new FaceException(Reason.UNSUPPORTED_FORMAT, "JPEG 2000 images are not decoded yet");
    } else {
      throw new FaceException(
          Reason.UNDECODABLE_IMAGE,
          "not a JPEG or PNG image (leading bytes " + hex(bytes, 0, Math.min(4, bytes.length)) + ")");
    }
    if (info.width() < MIN_SIDE || info.height() < MIN_SIDE) {
      throw new FaceException(
          Reason.IMAGE_TOO_SMALL,
          "declared size " + info.width() + "x" + info.height() + " is below " + MIN_SIDE + " pixels");
    }
    if (info.pixels() > MAX_PIXELS) {
      throw new FaceException(
          Reason.IMAGE_TOO_LARGE,
          "declared size "
              + info.width()
              + "x"
              + info.height()
              + " ("
              + info.pixels()
              + " pixels) exceeds the limit of "
              + MAX_PIXELS);
    }
    return info;
  }

  // PNG spec (ISO/IEC 15948) §5.2, §11.2.2: signature, then IHDR must be the first chunk.
  private static ImageInfo pngHeader(byte[] b) {
    int p = PNG_SIGNATURE.length;
    if (b.length < p + 8 + 13) {
      throw new FaceException(
          Reason.UNDECODABLE_IMAGE, "PNG truncated at " + b.length + " bytes, before the IHDR chunk");
    }
    long chunkLength = u32(b, p);
    if (chunkLength != 13 || b[p + 4] != 'I' || b[p + 5] != 'H' || b[p + 6] != 'D' || b[p + 7] != 'R') {
      throw new FaceException(
          Reason.UNDECODABLE_IMAGE,
          "PNG first chunk at offset " + p + " is not a 13-byte IHDR (length " + chunkLength + ")");
    }
    long width = u32(b, p + 8);
    long height = u32(b, p + 12);
    // §11.2.2: zero is invalid, and the maximum is 2^31-1.
    if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw new FaceException(
          Reason.UNDECODABLE_IMAGE, "PNG IHDR declares an invalid size " + width + "x" + height);
    }
    return new ImageInfo(ImageFormat.PNG, (int) width, (int) height);
  }

  // ITU-T T.81 §B.1.1.2-B.2.2: markers FFxx; all but SOI/EOI/RSTn/TEM carry a 2-byte length that
  // includes itself; the frame size is in the first SOFn segment, which must precede SOS.
  private static ImageInfo jpegHeader(byte[] b) {
    int p = 2;
    while (true) {
      if (p >= b.length) {
        throw new FaceException(
            Reason.UNDECODABLE_IMAGE, "JPEG ends at offset " + p + " before a frame header (SOF)");
      }
      if ((b[p] & 0xFF) != 0xFF) {
        throw new FaceException(
            Reason.UNDECODABLE_IMAGE,
            "JPEG expected a marker at offset " + p + ", found 0x" + hex(b, p, 1));
      }
      // §B.1.1.2: any number of 0xFF fill bytes may precede a marker.
      while (p < b.length && (b[p] & 0xFF) == 0xFF) {
        p++;
      }
      if (p >= b.length) {
        throw new FaceException(Reason.UNDECODABLE_IMAGE, "JPEG ends inside a marker at offset " + p);
      }
      int marker = b[p] & 0xFF;
      int markerOffset = p - 1;
      p++;
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        continue; // standalone markers, no length
      }
      if (marker == 0xD9 || marker == 0xDA) {
        throw new FaceException(
            Reason.UNDECODABLE_IMAGE,
            "JPEG marker 0x" + Integer.toHexString(marker).toUpperCase() + " at offset " + markerOffset
                + " comes before any frame header (SOF)");
      }
      if (p + 2 > b.length) {
        throw new FaceException(
            Reason.UNDECODABLE_IMAGE, "JPEG segment length truncated at offset " + p);
      }
      int length = u16(b, p);
      if (length < 2 || p + length > b.length) {
        throw new FaceException(
            Reason.UNDECODABLE_IMAGE,
            "JPEG segment at offset " + markerOffset + " declares length " + length + ", but "
                + (b.length - p) + " bytes remain");
      }
      if (isSof(marker)) {
        // §B.2.2: Lf(2) P(1) Y(2) X(2) Nf(1)
        if (length < 8) {
          throw new FaceException(
              Reason.UNDECODABLE_IMAGE,
              "JPEG frame header at offset " + markerOffset + " is too short (" + length + " bytes)");
        }
        int height = u16(b, p + 3);
        int width = u16(b, p + 5);
        if (height == 0 || width == 0) {
          // Y = 0 defers the height to a DNL segment (§B.2.5); no camera or chip image does this.
          throw new FaceException(
              Reason.UNDECODABLE_IMAGE,
              "JPEG frame header at offset " + markerOffset + " declares size " + width + "x" + height);
        }
        return new ImageInfo(ImageFormat.JPEG, width, height);
      }
      p += length;
    }
  }

  private static boolean isSof(int marker) {
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static boolean isJpeg2000(byte[] b) {
    // ISO/IEC 15444-1 Annex I: JP2 signature box; or a raw codestream starting SOC+SIZ.
    boolean jp2 = b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 0x0C && b[4] == 'j' && b[5] == 'P';
    boolean j2c = (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0x4F && (b[2] & 0xFF) == 0xFF;
    return jp2 || j2c;
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

  private static int u16(byte[] b, int p) {
    return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
  }

  private static long u32(byte[] b, int p) {
    return ((long) (b[p] & 0xFF) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8)
        | (b[p + 3] & 0xFF);
  }

  private static String hex(byte[] b, int from, int count) {
    StringBuilder s = new StringBuilder();
    for (int i = from; i < from + count; i++) {
      s.append(String.format("%02X", b[i] & 0xFF));
    }
    return s.toString();
  }
}
