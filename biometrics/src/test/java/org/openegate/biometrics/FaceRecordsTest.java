package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openegate.biometrics.FaceException.Reason;

class FaceRecordsTest {

  /** A one-image ISO/IEC 19794-5:2005 record around {@code image}. */
  static byte[] record(byte[] image, int dataType, int featurePoints) {
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    int blockLength = 20 + 8 * featurePoints + 12 + image.length;
    block.writeBytes(be32(blockLength));
    block.writeBytes(new byte[] {(byte) (featurePoints >> 8), (byte) featurePoints});
    block.writeBytes(new byte[] {2, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0}); // gender..uncertainty
    for (int i = 0; i < featurePoints; i++) {
      block.writeBytes(new byte[] {1, 0x11, 0, 60, 0, 70, 0, 0});
    }
    block.writeBytes(new byte[] {1, (byte) dataType, 0, 24, 0, 20, 1, 2, 0, 0, 0, 0});
    block.writeBytes(image);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'F', 'A', 'C', 0, '0', '1', '0', 0});
    out.writeBytes(be32(14 + block.size()));
    out.writeBytes(new byte[] {0, 1});
    out.writeBytes(block.toByteArray());
    return out.toByteArray();
  }

  private static byte[] be32(long v) {
    return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
  }

  private static Path testdata(String name) {
    String dir = System.getProperty("testdata.dir");
    assumeTrue(dir != null, "testdata.dir not set");
    Path p = Path.of(dir, "lds", "gmrtd-face-records", name);
    assumeTrue(Files.exists(p), p + " missing");
    return p;
  }

  @Test
  void parse19794_gmrtdSampleYieldsItsJpeg() throws Exception {
    byte[] record = Files.readAllBytes(testdata("ISO19794_Test1_Data.bin"));
    byte[] expected = Files.readAllBytes(testdata("ISO19794_Test1_Face.jpg"));
    List<FaceImageRecord> images = FaceRecords.parse19794(record);
    assertThat(images).hasSize(1);
    FaceImageRecord image = images.get(0);
    // The sample declares token frontal (2) and JPEG 2000 (1) but carries a JFIF file: the
    // declared type is reported as is, and the probe goes by the bytes.
    assertThat(image.declaredFormat()).isEqualTo(ImageFormat.JPEG2000);
    assertThat(image.faceImageType()).isEqualTo(2);
    assertThat(image.width()).isEqualTo(148);
    assertThat(image.height()).isEqualTo(70);
    assertThat(image.image()).isEqualTo(expected);
    assertThat(ImageProbe.probe(image.image())).isEqualTo(new ImageInfo(ImageFormat.JPEG, 148, 70));
  }

  @Test
  void parse19794_gmrtdInvalidImageSampleFailsAtTheImageNotTheRecord() throws Exception {
    byte[] record = Files.readAllBytes(testdata("ISO19794_Test2_Data_InvalidImage.bin"));
    FaceImageRecord image = FaceRecords.parse19794(record).get(0);
    // Its JPEG has 0xFE where the APP0 marker's 0xFF should be.
    assertThatThrownBy(() -> ImageProbe.probe(image.image()))
        .isInstanceOfSatisfying(
            FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNDECODABLE_IMAGE))
        .hasMessageContaining("offset 2, found 0xFE");
  }

  @Test
  void parse19794_syntheticRecordWithFeaturePointsAndJpeg2000() {
    byte[] image = {1, 2, 3, 4, 5};
    FaceImageRecord r = FaceRecords.parse19794(record(image, 1, 2)).get(0);
    assertThat(r.declaredFormat()).isEqualTo(ImageFormat.JPEG2000);
    assertThat(r.featurePoints()).isEqualTo(2);
    assertThat(r.gender()).isEqualTo(2);
    assertThat(r.expression()).isEqualTo(1);
    assertThat(r.width()).isEqualTo(24);
    assertThat(r.height()).isEqualTo(20);
    assertThat(r.image()).containsExactly(image);
    assertThat(r.toString()).contains("5 bytes redacted").doesNotContain("gender");
  }

  @Test
  void parse19794_refusesMalformedRecordsNamingOffsetAndValue() {
    byte[] good = record(new byte[] {1, 2, 3}, 0, 0);

    assertMalformed(new byte[5], "offset 0", "shorter than its 14-byte header");

    byte[] magic = good.clone();
    magic[0] = 'X';
    assertMalformed(magic, "offset 0", "not 'FAC'");

    byte[] length = good.clone();
    length[11]++;
    assertMalformed(length, "offset 8", "record length field is " + (good.length + 1));

    byte[] none = good.clone();
    none[13] = 0;
    assertMalformed(none, "offset 12", "no facial image");

    byte[] block = good.clone();
    block[14] = 0x7F; // block length 0x7F00002F
    assertMalformed(block, "offset 14", "declares block length");

    byte[] points = good.clone();
    points[18] = (byte) 0xFF; // 65280+ feature points cannot fit
    points[19] = (byte) 0xFF;
    assertMalformed(points, "offset 14", "needs more than");

    byte[] type = good.clone();
    type[14 + 20 + 1] = 5;
    assertMalformed(type, "offset 35", "image data type 5");

    byte[] count = good.clone();
    count[13] = 2; // claims two images, only one present
    assertMalformed(count, "offset " + good.length, "facial image 2 of 2");
  }

  private static void assertMalformed(byte[] record, String... parts) {
    assertThatThrownBy(() -> FaceRecords.parse19794(record))
        .isInstanceOfSatisfying(
            FaceException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_FACE_RECORD))
        .hasMessageContainingAll(parts);
  }
}
