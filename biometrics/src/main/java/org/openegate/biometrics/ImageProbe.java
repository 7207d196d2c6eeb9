package org.openegate.biometrics;

import org.openegate.biometrics.FaceException.Reason;

/**
 * Reads the declared size of a JPEG, PNG or JPEG 2000 image from its header, before any pixel is decoded, and
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

  /**
   * Largest declared pixel count for JPEG 2000. OpenJPEG holds every sample as a 32-bit integer, so
   * a JPEG 2000 pixel costs four times a JPEG one; chip portraits (ICAO 9303-10) are well under 1 MP.
   */
  public static final long MAX_PIXELS_JPEG2000 = 12_000_000L;

  /** Most tiles accepted in a JPEG 2000 codestream (each costs the decoder a structure). */
  public static final long MAX_JPEG2000_TILES = 4096;

  /** Most colour components accepted in a JPEG 2000 codestream (grey, RGB, RGBA). */
  public static final int MAX_JPEG2000_COMPONENTS = 4;

  /** Smallest side accepted; below this no face model gets a usable input. */
  public static final int MIN_SIDE = 16;

  private static final byte[] PNG_SIGNATURE = {
    (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'
  };

  private ImageProbe() {}

  /**
   * Identifies the format and declared size, and checks them against the bounds above.
   *
   * @throws FaceException {@code UNDECODABLE_IMAGE} for a malformed or truncated header or another
   *     format, {@code IMAGE_TOO_LARGE} or
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
    } else if (bytes.length >= 12 && isJp2(bytes)) {
      info = jp2Header(bytes);
    } else if (bytes.length >= 4 && isJ2kCodestream(bytes, 0)) {
      info = j2kHeader(bytes, 0, bytes.length);
    } else {
      throw new FaceException(
          Reason.UNDECODABLE_IMAGE,
          "not a JPEG, PNG or JPEG 2000 image (leading bytes " + hex(bytes, 0, Math.min(4, bytes.length)) + ")");
    }
    if (info.width() < MIN_SIDE || info.height() < MIN_SIDE) {
      throw new FaceException(
          Reason.IMAGE_TOO_SMALL,
          "declared size " + info.width() + "x" + info.height() + " is below " + MIN_SIDE + " pixels");
    }
    long maxPixels = info.format() == ImageFormat.JPEG2000 ? MAX_PIXELS_JPEG2000 : MAX_PIXELS;
    if (info.pixels() > maxPixels) {
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

  /**
   * The PNG without its iCCP chunks. libpng prints a warning on stderr for many real-world colour
   * profiles ("known incorrect sRGB profile"), which would garble the CLI's one-line errors, and
   * the face models ignore colour management anyway. Chunks are walked with bounds checks; a PNG
   * whose chunk lengths do not add up is returned unchanged for the decoder to reject.
   */
  static byte[] withoutIccp(byte[] png) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(png.length);
    out.write(png, 0, PNG_SIGNATURE.length);
    int p = PNG_SIGNATURE.length;
    boolean removed = false;
    while (p < png.length) {
      if (p + 12 > png.length) {
        return png;
      }
      long length = u32(png, p);
      if (length > png.length - p - 12L) {
        return png;
      }
      int total = (int) length + 12; // length, type, data, CRC (§5.3)
      boolean iccp = png[p + 4] == 'i' && png[p + 5] == 'C' && png[p + 6] == 'C' && png[p + 7] == 'P';
      if (iccp) {
        removed = true;
      } else {
        out.write(png, p, total);
      }
      p += total;
    }
    return removed ? out.toByteArray() : png;
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

  // ISO/IEC 15444-1 Annex I.4: a sequence of boxes LBox(4) TBox(4) [XLBox(8)]; LBox 0 runs to the
  // end, 1 means an 8-byte XLBox follows. The decoder sizes its buffers from the codestream's SIZ
  // (in the jp2c box), not from ihdr, so SIZ is what we bound; ihdr must agree with it.
  private static ImageInfo jp2Header(byte[] b) {
    int p = 0;
    long[] ihdr = null;
    while (p < b.length) {
      if (p + 8 > b.length) {
        throw new FaceException(Reason.UNDECODABLE_IMAGE, "JP2 box header truncated at offset " + p);
      }
      long length = u32(b, p);
      int type = (int) u32(b, p + 4);
      int header = 8;
      if (length == 1) {
        if (p + 16 > b.length) {
          throw new FaceException(
              Reason.UNDECODABLE_IMAGE, "JP2 extended box length truncated at offset " + p);
        }
        length = (u32(b, p + 8) << 32) | u32(b, p + 12);
        header = 16;
      } else if (length == 0) {
        length = b.length - p;
      }
      if (length < header || length > b.length - p) {
        throw new FaceException(
            Reason.UNDECODABLE_IMAGE,
            "JP2 box at offset " + p + " declares length " + length + ", but " + (b.length - p)
                + " bytes remain");
      }
      int end = (int) (p + length);
      if (type == 0x6A703268) { // 'jp2h' superbox: ihdr must be its first box (I.5.3)
        int q = p + header;
        if (q + 22 > end || u32(b, q + 4) != 0x69686472L || u32(b, q) != 22) {
          throw new FaceException(
              Reason.UNDECODABLE_IMAGE, "JP2 header box at offset " + p + " does not start with ihdr");
        }
        ihdr = new long[] {u32(b, q + 12), u32(b, q + 8)}; // WIDTH follows HEIGHT
      } else if (type == 0x6A703263) { // 'jp2c' contiguous codestream
        ImageInfo siz = j2kHeader(b, p + header, end);
        if (ihdr != null && (ihdr[0] != siz.width() || ihdr[1] != siz.height())) {
          throw new FaceException(
              Reason.UNDECODABLE_IMAGE,
              "JP2 ihdr declares " + ihdr[0] + "x" + ihdr[1] + " but the codestream declares "
                  + siz.width() + "x" + siz.height());
        }
        return siz;
      }
      p = end;
    }
    throw new FaceException(Reason.UNDECODABLE_IMAGE, "JP2 file has no codestream (jp2c) box");
  }

  // ISO/IEC 15444-1 §A.5.1: SOC (FF4F) then SIZ (FF51): Lsiz(2) Rsiz(2) Xsiz Ysiz XOsiz YOsiz
  // XTsiz YTsiz XTOsiz YTOsiz (4 each) Csiz(2), then 3 bytes per component.
  private static ImageInfo j2kHeader(byte[] b, int start, int end) {
    if (start + 4 > end || !isJ2kCodestream(b, start)) {
      throw new FaceException(
          Reason.UNDECODABLE_IMAGE, "JPEG 2000 codestream at offset " + start + " lacks SOC+SIZ");
    }
    int p = start + 4;
    if (p + 40 > end) {
      throw new FaceException(
          Reason.UNDECODABLE_IMAGE, "JPEG 2000 SIZ segment truncated at offset " + p);
    }
    int lsiz = u16(b, p);
    long xsiz = u32(b, p + 4);
    long ysiz = u32(b, p + 8);
    long xosiz = u32(b, p + 12);
    long yosiz = u32(b, p + 16);
    long xtsiz = u32(b, p + 20);
    long ytsiz = u32(b, p + 24);
    long xtosiz = u32(b, p + 28);
    long ytosiz = u32(b, p + 32);
    int csiz = u16(b, p + 36);
    if (lsiz != 38 + 3 * csiz || p + lsiz > end) {
      throw new FaceException(
          Reason.UNDECODABLE_IMAGE,
          "JPEG 2000 SIZ at offset " + (p - 2) + " has length " + lsiz + " for " + csiz
              + " components");
    }
    if (csiz < 1 || csiz > MAX_JPEG2000_COMPONENTS) {
      throw new FaceException(
          Reason.IMAGE_TOO_LARGE,
          "JPEG 2000 codestream declares " + csiz + " components, more than "
              + MAX_JPEG2000_COMPONENTS + " or none");
    }
    if (xosiz >= xsiz || yosiz >= ysiz || xtsiz == 0 || ytsiz == 0 || xtosiz > xosiz
        || ytosiz > yosiz || xtosiz + xtsiz <= xosiz || ytosiz + ytsiz <= yosiz) {
      throw new FaceException(
          Reason.UNDECODABLE_IMAGE,
          "JPEG 2000 SIZ geometry is invalid (Xsiz " + xsiz + ", Ysiz " + ysiz + ", XOsiz " + xosiz
              + ", YOsiz " + yosiz + ", tile " + xtsiz + "x" + ytsiz + ")");
    }
    long width = xsiz - xosiz;
    long height = ysiz - yosiz;
    long tiles = ceilDiv(xsiz - xtosiz, xtsiz) * ceilDiv(ysiz - ytosiz, ytsiz);
    if (tiles > MAX_JPEG2000_TILES) {
      throw new FaceException(
          Reason.IMAGE_TOO_LARGE,
          "JPEG 2000 codestream declares " + tiles + " tiles, more than " + MAX_JPEG2000_TILES);
    }
    if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw new FaceException(
          Reason.IMAGE_TOO_LARGE, "JPEG 2000 codestream declares " + width + "x" + height);
    }
    return new ImageInfo(ImageFormat.JPEG2000, (int) width, (int) height);
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  private static boolean isSof(int marker) {
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  // ISO/IEC 15444-1 §I.5.1: the JP2 signature box is 0000000C 6A502020 0D0A870A.
  private static boolean isJp2(byte[] b) {
    return u32(b, 0) == 12 && u32(b, 4) == 0x6A502020L && u32(b, 8) == 0x0D0A870AL;
  }

  private static boolean isJ2kCodestream(byte[] b, int p) {
    return (b[p] & 0xFF) == 0xFF && (b[p + 1] & 0xFF) == 0x4F && (b[p + 2] & 0xFF) == 0xFF
        && (b[p + 3] & 0xFF) == 0x51;
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
