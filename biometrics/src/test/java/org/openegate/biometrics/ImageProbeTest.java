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
  void probe_refusesTinyImages() {
    assertThatThrownBy(() -> ImageProbe.probe(pngHeader(8, 8)))
        .isInstanceOfSatisfying(
            FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IMAGE_TOO_SMALL));
  }

  @Test
  void probe_reportsJpeg2000AsUnsupported() {
    byte[] jp2 = {0, 0, 0, 0x0C, 'j', 'P', ' ', ' ', 0x0D, 0x0A, (byte) 0x87, 0x0A};
    assertThatThrownBy(() -> ImageProbe.probe(jp2))
        .isInstanceOfSatisfying(
            FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_FORMAT));
  }
}
