package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;
import org.openegate.biometrics.FaceException.Reason;

class ImageProbeTest {

  /** A PNG signature and IHDR declaring the size; no pixel data follows. */
  static byte[] pngHeader(long width, long height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    out.writeBytes(new byte[] {0, 0, 0, 13, 'I', 'H', 'D', 'R'});
    out.writeBytes(be32(width));
    out.writeBytes(be32(height));
    out.writeBytes(new byte[] {8, 2, 0, 0, 0}); // depth 8, RGB, deflate, no filter, no interlace
    out.writeBytes(new byte[] {0, 0, 0, 0}); // CRC (not checked by the probe)
    return out.toByteArray();
  }

  /** SOI, an APP0 segment, fill bytes, then a baseline SOF0 declaring the size. */
  static byte[] jpegHeader(int width, int height) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0,
        1, 0, 1, 0, 0});
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFF}); // fill bytes before the next marker
    out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xC0, 0, 17, 8,
        (byte) (height >> 8), (byte) height, (byte) (width >> 8), (byte) width, 3,
        1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1});
    return out.toByteArray();
  }

  private static byte[] be32(long v) {
    return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
  }

  @Test
  void probe_readsPngSize() {
    assertThat(ImageProbe.probe(pngHeader(640, 480)))
        .isEqualTo(new ImageInfo(ImageFormat.PNG, 640, 480));
  }

  @Test
  void probe_readsJpegSizeAfterAppSegmentAndFillBytes() {
    assertThat(ImageProbe.probe(jpegHeader(1920, 1080)))
        .isEqualTo(new ImageInfo(ImageFormat.JPEG, 1920, 1080));
  }

  @Test
  void probe_readsTheDemoPortraits() {
    DemoPerson hopper = DemoFaces.person("grace-hopper");
    assertThat(ImageProbe.probe(hopper.portrait().bytes()))
        .isEqualTo(new ImageInfo(ImageFormat.JPEG, 512, 600));
    DemoPerson collins = DemoFaces.person("eileen-collins");
    assertThat(ImageProbe.probe(collins.portrait().bytes()))
        .isEqualTo(new ImageInfo(ImageFormat.PNG, 512, 512));
  }

  @Test
  void probe_refusesPngBombBeforeDecoding() {
    assertThatThrownBy(() -> ImageProbe.probe(pngHeader(20000, 20000)))
        .isInstanceOfSatisfying(
            FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IMAGE_TOO_LARGE))
        .hasMessageContaining("20000x20000")
        .hasMessageContaining("400000000 pixels");
  }

  @Test
  void probe_refusesJpegBombBeforeDecoding() {
    assertThatThrownBy(() -> ImageProbe.probe(jpegHeader(20000, 20000)))
        .isInstanceOfSatisfying(
            FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IMAGE_TOO_LARGE))
        .hasMessageContaining("20000x20000");
  }

  @Test
  void probe_acceptsFortyMegapixelsButNotOneRowMore() {
    assertThat(ImageProbe.probe(pngHeader(8000, 5000)).pixels()).isEqualTo(40_000_000L);
    assertThatThrownBy(() -> ImageProbe.probe(pngHeader(8000, 5001)))
        .isInstanceOfSatisfying(
            FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IMAGE_TOO_LARGE));
  }

  @Test
  void probe_refusesEmptyInput() {
    assertThatThrownBy(() -> ImageProbe.probe(new byte[0]))
        .isInstanceOfSatisfying(
            FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNDECODABLE_IMAGE))
        .hasMessageContaining("0 bytes");
  }

  @Test
  void probe_refusesUnknownFormatNamingTheLeadingBytes() {
    assertThatThrownBy(() -> ImageProbe.probe("GIF89a....".getBytes()))
        .isInstanceOfSatisfying(
            FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNDECODABLE_IMAGE))
        .hasMessageContaining("47494638");
  }

  @Test
  void probe_refusesJpegSegmentLongerThanTheFile() {
    byte[] b = jpegHeader(640, 480);
    b[5] = (byte) 0xF0; // APP0 length 0x00F0, past the end
    assertThatThrownBy(() -> ImageProbe.probe(b))
        .isInstanceOfSatisfying(
            FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNDECODABLE_IMAGE))
        .hasMessageContaining("offset 2")
        .hasMessageContaining("length 240");
  }

  @Test
  void probe_refusesJpegWithoutFrameHeader() {
    byte[] b = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
    assertThatThrownBy(() -> ImageProbe.probe(b))
        .isInstanceOfSatisfying(
            FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNDECODABLE_IMAGE))
        .hasMessageContaining("0xD9 at offset 2");
  }

  @Test
  void probe_refusesTruncatedPngAndZeroSize() {
    byte[] full = pngHeader(640, 480);
    byte[] truncated = java.util.Arrays.copyOf(full, 20);
    assertThatThrownBy(() -> ImageProbe.probe(truncated))
        .isInstanceOfSatisfying(
            FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNDECODABLE_IMAGE))
        .hasMessageContaining("truncated at 20 bytes");
    assertThatThrownBy(() -> ImageProbe.probe(pngHeader(0, 480)))
        .isInstanceOfSatisfying(
            FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNDECODABLE_IMAGE))
        .hasMessageContaining("0x480");
    assertThatThrownBy(() -> ImageProbe.probe(pngHeader(0xFFFF_FFFFL, 1)))
        .isInstanceOfSatisfying(
            FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNDECODABLE_IMAGE));
  }

  @Test
  void withoutIccp_dropsOnlyTheColourProfileChunk() {
    byte[] astronaut = DemoFaces.person("eileen-collins").portrait().bytes();
    byte[] stripped = ImageProbe.withoutIccp(astronaut);
    assertThat(new String(astronaut, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("iCCP");
    assertThat(new String(stripped, java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("iCCP")
        .contains("IHDR")
        .contains("IDAT")
        .endsWith("IEND\u00AEB`\u0082");
    assertThat(ImageProbe.probe(stripped)).isEqualTo(ImageProbe.probe(astronaut));
    // Nothing to drop, or chunk lengths that do not add up: the same array back.
    byte[] header = pngHeader(640, 480);
    assertThat(ImageProbe.withoutIccp(header)).isSameAs(header);
  }

  @Test
  void probe_refusesTinyImages() {
    assertThatThrownBy(() -> ImageProbe.probe(pngHeader(8, 8)))
        .isInstanceOfSatisfying(
            FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IMAGE_TOO_SMALL));
  }

  /**
   * A raw JPEG 2000 codestream: SOC, then SIZ with the given image size, one tile of the given size,
   * and {@code components} 8-bit components.
   */
  static byte[] j2kHeader(long width, long height, long tileWidth, long tileHeight, int components) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51});
    int lsiz = 38 + 3 * components;
    out.writeBytes(new byte[] {(byte) (lsiz >> 8), (byte) lsiz, 0, 0});
    out.writeBytes(be32(width));
    out.writeBytes(be32(height));
    out.writeBytes(be32(0));
    out.writeBytes(be32(0));
    out.writeBytes(be32(tileWidth));
    out.writeBytes(be32(tileHeight));
    out.writeBytes(be32(0));
    out.writeBytes(be32(0));
    out.writeBytes(new byte[] {(byte) (components >> 8), (byte) components});
    for (int c = 0; c < components; c++) {
      out.writeBytes(new byte[] {7, 1, 1});
    }
    return out.toByteArray();
  }

  /** A JP2 file: signature, ftyp, jp2h with ihdr, and a jp2c box holding the codestream. */
  static byte[] jp2File(long ihdrWidth, long ihdrHeight, byte[] codestream) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0, 0, 0, 12, 'j', 'P', ' ', ' ', 0x0D, 0x0A, (byte) 0x87, 0x0A});
    out.writeBytes(new byte[] {0, 0, 0, 20, 'f', 't', 'y', 'p', 'j', 'p', '2', ' ', 0, 0, 0, 0,
        'j', 'p', '2', ' '});
    out.writeBytes(new byte[] {0, 0, 0, 30, 'j', 'p', '2', 'h', 0, 0, 0, 22, 'i', 'h', 'd', 'r'});
    out.writeBytes(be32(ihdrHeight));
    out.writeBytes(be32(ihdrWidth));
    out.writeBytes(new byte[] {0, 3, 7, 7, 0, 0});
    out.writeBytes(be32(0)); // jp2c runs to the end of the file
    out.writeBytes(new byte[] {'j', 'p', '2', 'c'});
    out.writeBytes(codestream);
    return out.toByteArray();
  }

  @Test
  void probe_readsJpeg2000CodestreamAndJp2File() {
    assertThat(ImageProbe.probe(j2kHeader(413, 531, 413, 531, 3)))
        .isEqualTo(new ImageInfo(ImageFormat.JPEG2000, 413, 531));
    assertThat(ImageProbe.probe(jp2File(413, 531, j2kHeader(413, 531, 413, 531, 3))))
        .isEqualTo(new ImageInfo(ImageFormat.JPEG2000, 413, 531));
  }

  @Test
  void probe_refusesJpeg2000BombsBySizTilesAndComponents() {
    assertThatThrownBy(() -> ImageProbe.probe(j2kHeader(20000, 20000, 20000, 20000, 3)))
        .isInstanceOfSatisfying(
            FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IMAGE_TOO_LARGE))
        .hasMessageContaining("20000x20000");
    // 3000x3000 is allowed as pixels but not as 1x1-pixel tiles.
    assertThatThrownBy(() -> ImageProbe.probe(j2kHeader(3000, 3000, 1, 1, 3)))
        .isInstanceOfSatisfying(
            FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IMAGE_TOO_LARGE))
        .hasMessageContaining("9000000 tiles");
    assertThatThrownBy(() -> ImageProbe.probe(j2kHeader(640, 480, 640, 480, 200)))
        .isInstanceOfSatisfying(
            FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IMAGE_TOO_LARGE))
        .hasMessageContaining("200 components");
  }

  @Test
  void probe_refusesJp2WhoseIhdrUnderstatesTheCodestream() {
    // A small ihdr must not hide a large codestream: the decoder allocates from SIZ.
    byte[] jp2 = jp2File(100, 100, j2kHeader(20000, 20000, 20000, 20000, 3));
    assertThatThrownBy(() -> ImageProbe.probe(jp2))
        .isInstanceOfSatisfying(
            FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNDECODABLE_IMAGE))
        .hasMessageContaining("ihdr declares 100x100")
        .hasMessageContaining("20000x20000");
  }

  @Test
  void probe_refusesJp2BoxLongerThanTheFile() {
    byte[] jp2 = jp2File(413, 531, j2kHeader(413, 531, 413, 531, 3));
    jp2[12 + 2] = 0x10; // ftyp box length 0x1014, past the end of the file
    assertThatThrownBy(() -> ImageProbe.probe(jp2))
        .isInstanceOfSatisfying(
            FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNDECODABLE_IMAGE))
        .hasMessageContaining("box at offset 12");
  }
}
