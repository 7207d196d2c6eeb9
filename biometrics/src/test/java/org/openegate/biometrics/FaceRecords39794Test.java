package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.openegate.biometrics.FaceException.Reason;
import org.openegate.biometrics.FaceRepresentation.Angle;
import org.openegate.biometrics.FaceRepresentation.CaptureDateTime;
import org.openegate.biometrics.FaceRepresentation.CoordinateSystem;
import org.openegate.biometrics.FaceRepresentation.Landmark;
import org.openegate.biometrics.FaceRepresentation.LandmarkKind;
import org.openegate.biometrics.FaceRepresentation.Point;
import org.openegate.biometrics.FaceRepresentation.PoseAngles;
import org.openegate.biometrics.FaceRepresentation.Quality;

/**
 * ISO/IEC 39794-5 face records: gmrtd's ICAO application-profile samples (expected values read off
 * the bytes with an independent BER dump, offsets noted), synthetic records for the branches the
 * samples do not reach, and hostile input.
 */
class FaceRecords39794Test {

  static byte[] testdata(String name) throws Exception {
    String dir = System.getProperty("testdata.dir");
    assumeTrue(dir != null, "testdata.dir not set");
    Path p = Path.of(dir, "lds", "gmrtd-face-records", name);
    assumeTrue(Files.exists(p), p + " missing");
    return Files.readAllBytes(p);
  }

  /** A DER element with a definite length in minimal form. */
  static byte[] tlv(int tag, byte[]... parts) {
    ByteArrayOutputStream value = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      value.writeBytes(part);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (tag > 0xFF) {
      out.write(tag >> 8);
    }
    out.write(tag & 0xFF);
    int n = value.size();
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(value.toByteArray());
    return out.toByteArray();
  }

  static byte[] b(int... v) {
    byte[] out = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (byte) v[i];
    }
    return out;
  }

  static final byte[] JPEG = b(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0);

  /** A minimal 39794-5 record: mandatory fields only, plus {@code extraRep} inside the representation. */
  static byte[] record(byte[] image, byte[]... extraRep) {
    byte[] info = tlv(0xA1, tlv(0xA0, tlv(0x80, b(2))));
    byte[] rep2d = tlv(0xA1, tlv(0xA0, tlv(0xA0, tlv(0x80, image), info)));
    ByteArrayOutputStream rep = new ByteArrayOutputStream();
    rep.writeBytes(tlv(0x80, b(0)));
    rep.writeBytes(rep2d);
    for (byte[] e : extraRep) {
      rep.writeBytes(e);
    }
    byte[] block = tlv(0x65, tlv(0xA0, tlv(0x80, b(3)), tlv(0x81, b(0x07, 0xE3))),
        tlv(0xA1, tlv(0x30, rep.toByteArray())));
    return tlv(0xA1, block);
  }

  @Test
  void parse39794_allFieldsSampleYieldsItsImageAndEveryMappedField() throws Exception {
    byte[] record = testdata("ICAO_39794_5_AP_AllFields.dat");
    FaceImageDataBlock block = FaceRecords.parse39794(record);
    assertThat(block.versionGeneration()).isEqualTo(3); // offset 10: 80 01 03
    assertThat(block.versionYear()).isEqualTo(2019); // offset 13: 81 02 07E3
    assertThat(block.extensions()).isEmpty();
    assertThat(block.representations()).hasSize(1);

    FaceRepresentation r = block.representations().get(0);
    assertThat(r.image()).isEqualTo(testdata("ICAO_39794_5_AP_Face.jpg")); // the "jpg" is the JP2 itself
    assertThat(r.representationId()).isZero();
    assertThat(r.recordFormat()).isEqualTo(FaceRecordFormat.ISO_39794_5);
    assertThat(r.imageFormat()).isEqualTo(ImageFormat.JPEG2000);
    assertThat(r.imageDataFormat()).hasValue(FaceRepresentation.FORMAT_JPEG2000_LOSSY); // offset 15049
    assertThat(r.declaredFormat()).contains(ImageFormat.JPEG2000);
    assertThat(r.faceImageKind()).hasValue(0); // mrtd, offset 15056
    assertThat(r.width()).hasValue(572); // offset 15116: 80 02 023C
    assertThat(r.height()).hasValue(731); // 81 02 02DB
    assertThat(r.captureDateTime()).contains(new CaptureDateTime(2024, OptionalInt.of(1), OptionalInt.of(20),
        OptionalInt.of(13), OptionalInt.of(23), OptionalInt.of(9), OptionalInt.of(908))); // offset 15277
    assertThat(r.qualityBlocks()).containsExactly(
        new Quality(1, 1, OptionalInt.of(99), OptionalInt.empty())); // offset 15302
    assertThat(r.poseAngles()).contains(new PoseAngles( // offset 15567
        Optional.of(new Angle(2, OptionalInt.of(1))),
        Optional.of(new Angle(3, OptionalInt.of(1))),
        Optional.of(new Angle(1, OptionalInt.of(2)))));
    assertThat(r.landmarks()).containsExactly(new Landmark(LandmarkKind.MPEG4_FEATURE_POINT, OptionalInt.of(10),
        Optional.of(new Point(CoordinateSystem.CARTESIAN_2D, 90, 22, OptionalInt.empty())))); // offset 15593

    // Nothing dropped: every element not mapped above is kept with its path and exact bytes.
    assertThat(r.otherElements()).extracting(e -> e.path() + " " + String.format("%02X", e.tag()))
        .containsExactlyInAnyOrder(
            "representationBlocks[0].imageRepresentation2DBlock A2", // captureDevice2DBlock
            "representationBlocks[0].imageRepresentation2DBlock.imageInformation2DBlock A2", // post-acquisition
            "representationBlocks[0].imageRepresentation2DBlock.imageInformation2DBlock A3", // lossy attempts
            "representationBlocks[0].imageRepresentation2DBlock.imageInformation2DBlock 84", // camera distance
            "representationBlocks[0].imageRepresentation2DBlock.imageInformation2DBlock 85", // sensor diagonal
            "representationBlocks[0].imageRepresentation2DBlock.imageInformation2DBlock 86", // focal length
            "representationBlocks[0].imageRepresentation2DBlock.imageInformation2DBlock A8", // face measurements
            "representationBlocks[0].imageRepresentation2DBlock.imageInformation2DBlock A9", // colour space
            "representationBlocks[0].imageRepresentation2DBlock.imageInformation2DBlock AA", // colour mapping
            "representationBlocks[0] A4", // PAD data
            "representationBlocks[0] 85", // session id
            "representationBlocks[0] 86", // derived from
            "representationBlocks[0] A7", // capture device
            "representationBlocks[0].identityMetadataBlock A0", // gender
            "representationBlocks[0].identityMetadataBlock A1", // eye colour
            "representationBlocks[0].identityMetadataBlock A2", // hair colour
            "representationBlocks[0].identityMetadataBlock 83", // subject height
            "representationBlocks[0].identityMetadataBlock A4", // properties
            "representationBlocks[0].identityMetadataBlock A5"); // expression
    TaggedElement distance = r.otherElements().stream().filter(e -> e.tag() == 0x84).findFirst().orElseThrow();
    assertThat(distance.encoded()).containsExactly(0x84, 0x02, 0x0B, 0xB8); // 3000 mm, offset 15104
    TaggedElement pad = r.otherElements().stream().filter(e -> e.tag() == 0xA4 && e.path().endsWith("[0]"))
        .findFirst().orElseThrow();
    assertThat(pad.encoded()).isEqualTo(Arrays.copyOfRange(record, 15319, 15319 + 3 + 137));
  }

  @Test
  void parse39794_mandatoryFieldsSampleYieldsItsImageAndNothingElse() throws Exception {
    FaceImageDataBlock block = FaceRecords.parse39794(testdata("ICAO_39794_5_AP_MandFields.dat"));
    FaceRepresentation r = block.representations().get(0);
    assertThat(r.image()).isEqualTo(testdata("ICAO_39794_5_AP_Face.jpg"));
    assertThat(r.imageDataFormat()).hasValue(3);
    assertThat(r.faceImageKind()).isEmpty();
    assertThat(r.width()).isEmpty();
    assertThat(r.captureDateTime()).isEmpty();
    assertThat(r.qualityBlocks()).isEmpty();
    assertThat(r.poseAngles()).isEmpty();
    assertThat(r.landmarks()).isEmpty();
    assertThat(r.otherElements()).isEmpty();
  }

  @Test
  void parse39794_invalidImageSampleIsRefusedNamingTheImageOffsetAndBytes() throws Exception {
    byte[] record = testdata("ICAO_39794_5_AP_MandFields_InvalidImage.dat");
    // Its JP2 signature box reads 00000000 0000 where 0000000C 6A50 belongs (offsets 44-49).
    assertThatThrownBy(() -> FaceRecords.parse(record))
        .isInstanceOfSatisfying(FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNDECODABLE_IMAGE))
        .hasMessageContaining("representationData2D at offset 44")
        .hasMessageContaining("15000 bytes starting 0x0000000000002020");
  }

  @Test
  void parse_detectsTheStandardOfEveryGmrtdRecord() throws Exception {
    List<FaceImage> all = FaceRecords.parse(testdata("ICAO_39794_5_AP_AllFields.dat"));
    assertThat(all).singleElement().isInstanceOf(FaceRepresentation.class);
    assertThat(all.get(0).image()).isEqualTo(testdata("ICAO_39794_5_AP_Face.jpg"));
    List<FaceImage> mand = FaceRecords.parse(testdata("ICAO_39794_5_AP_MandFields.dat"));
    assertThat(mand.get(0).image()).isEqualTo(testdata("ICAO_39794_5_AP_Face.jpg"));

    List<FaceImage> iso19794 = FaceRecords.parse(testdata("ISO19794_Test1_Data.bin"));
    assertThat(iso19794).singleElement().isInstanceOf(FaceImageRecord.class);
    assertThat(iso19794.get(0).recordFormat()).isEqualTo(FaceRecordFormat.ISO_19794_5);
    assertThat(iso19794.get(0).imageFormat()).isEqualTo(ImageFormat.JPEG); // declared JPEG 2000, is JFIF
    assertThat(iso19794.get(0).image()).isEqualTo(testdata("ISO19794_Test1_Face.jpg"));

    byte[] invalid19794 = testdata("ISO19794_Test2_Data_InvalidImage.bin");
    assertThatThrownBy(() -> FaceRecords.parse(invalid19794))
        .isInstanceOfSatisfying(FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNDECODABLE_IMAGE))
        .hasMessageContaining("19794-5 facial image 1")
        .hasMessageContaining("starting 0xFFD8FE");
  }

  @Test
  void parse39794_bareDataBlockWithoutTheApWrapperAndAJpeg() {
    byte[] wrapped = record(JPEG);
    byte[] bare = Arrays.copyOfRange(wrapped, 2, wrapped.length); // drop A1 len
    assertThat(bare[0]).isEqualTo((byte) 0x65);
    FaceRepresentation r = FaceRecords.parse39794(bare).representations().get(0);
    assertThat(r.imageFormat()).isEqualTo(ImageFormat.JPEG);
    assertThat(r.declaredFormat()).contains(ImageFormat.JPEG);
    assertThat(r.image()).isEqualTo(JPEG);
    assertThat(FaceRecords.detect(bare)).isEqualTo(FaceRecordFormat.ISO_39794_5);
  }

  @Test
  void parse39794_keepsExtensionElementsAtEveryLevel() {
    byte[] unknownInRep = tlv(0xBF1F, tlv(0x80, b(7))); // [31] constructed, a future field
    byte[] record = record(JPEG, unknownInRep);
    FaceRepresentation r = FaceRecords.parse39794(record).representations().get(0);
    assertThat(r.otherElements()).singleElement().satisfies(e -> {
      assertThat(e.path()).isEqualTo("representationBlocks[0]");
      assertThat(e.tag()).isEqualTo(0xBF1F);
      assertThat(e.encoded()).isEqualTo(unknownInRep);
    });

    // An extension block where a code belongs (imageDataFormat [1] {...}) is kept, the code empty.
    byte[] info = tlv(0xA1, tlv(0xA0, tlv(0xA1, tlv(0x80, b(9)))));
    byte[] rep = tlv(0x30, tlv(0x80, b(0)), tlv(0xA1, tlv(0xA0, tlv(0xA0, tlv(0x80, JPEG), info))));
    byte[] block = tlv(0x65, tlv(0xA0, tlv(0x80, b(3)), tlv(0x81, b(0x07, 0xE3)), tlv(0x82, b(1))),
        tlv(0xA1, rep), tlv(0x9F20, b(5)));
    FaceImageDataBlock parsed = FaceRecords.parse39794(block);
    assertThat(parsed.extensions()).extracting(TaggedElement::path)
        .containsExactlyInAnyOrder("FaceImageDataBlock.versionBlock", "FaceImageDataBlock");
    FaceRepresentation r2 = parsed.representations().get(0);
    assertThat(r2.imageDataFormat()).isEmpty();
    assertThat(r2.declaredFormat()).isEmpty();
    assertThat(r2.imageFormat()).isEqualTo(ImageFormat.JPEG);
    assertThat(r2.otherElements()).extracting(TaggedElement::tag).containsExactly(0xA1);
  }

  @Test
  void parse39794_anthropometricAnd3dLandmarksAndAScoringError() {
    byte[] landmark = tlv(0x30,
        tlv(0xA0, tlv(0xA0, tlv(0xA1, tlv(0xA0, tlv(0xA2, tlv(0xA1, tlv(0x80, b(21)))))))), // pointId p-left
        tlv(0xA1, tlv(0xA0, tlv(0xA2, tlv(0x80, b(1, 0)), tlv(0x81, b(2)), tlv(0x82, b(3))))));
    byte[] quality = tlv(0x30, tlv(0xA0, tlv(0x80, b(0x01, 0x01)), tlv(0x81, b(5))),
        tlv(0xA1, tlv(0xA1, tlv(0xA1, tlv(0x80, b(0)))))); // error: failureToAssess
    byte[] pose = tlv(0xA8, tlv(0xA6, tlv(0xA0, tlv(0x80, b(0xF6))))); // yaw -10, no uncertainty
    FaceRepresentation r = FaceRecords.parse39794(
        record(JPEG, tlv(0xA3, quality), pose, tlv(0xA9, landmark))).representations().get(0);
    assertThat(r.landmarks()).containsExactly(new Landmark(LandmarkKind.ANTHROPOMETRIC_POINT_ID,
        OptionalInt.of(21), Optional.of(new Point(CoordinateSystem.CARTESIAN_3D, 256, 2, OptionalInt.of(3)))));
    assertThat(r.qualityBlocks()).containsExactly(new Quality(257, 5, OptionalInt.empty(), OptionalInt.of(0)));
    assertThat(r.poseAngles()).contains(new PoseAngles(
        Optional.of(new Angle(-10, OptionalInt.empty())), Optional.empty(), Optional.empty()));
  }

  @Test
  void toString_redactsImageAndKeptElements() throws Exception {
    FaceImageDataBlock block = FaceRecords.parse39794(testdata("ICAO_39794_5_AP_AllFields.dat"));
    assertThat(block.toString()).contains("15000 bytes redacted").doesNotContain("2024", "[B@");
    FaceRepresentation r = block.representations().get(0);
    assertThat(r.toString())
        .contains("15000 bytes redacted", "JPEG2000", "572x731")
        .doesNotContain("2024", "908"); // capture time left out
    TaggedElement gender = r.otherElements().stream()
        .filter(e -> e.path().endsWith("identityMetadataBlock") && e.tag() == 0xA0).findFirst().orElseThrow();
    assertThat(gender.toString()).contains("7 bytes redacted").doesNotContain("03");
  }

  @Test
  void parse_refusesEmptyAndUnknownRecordsNamingTheLeadingBytes() {
    assertMalformed(new byte[0], "0 bytes", "starts with nothing");
    assertMalformed(b(0x30, 0x00), "neither", "starts 0x3000");
    assertMalformed(b('F', 'A'), "starts 0x4641");
  }

  @Test
  void parse39794_refusesStructuralDamageNamingOffsetAndField() {
    byte[] good = record(JPEG);
    assertThat(FaceRecords.parse(good)).hasSize(1);

    // trailing bytes after the record
    byte[] trailing = Arrays.copyOf(good, good.length + 2);
    assertMalformed(trailing, "the record holds 2 elements");

    // wrong outer tag inside the wrapper
    byte[] wrongTag = good.clone();
    wrongTag[2] = 0x66;
    assertMalformed(wrongTag, "offset 2", "found tag 66");

    // a mandatory field missing: representationId
    byte[] rebuilt = tlv(0xA1, tlv(0x65, tlv(0xA0, tlv(0x80, b(3)), tlv(0x81, b(0x07, 0xE3))),
        tlv(0xA1, tlv(0x30, tlv(0xA1, tlv(0xA0, tlv(0xA0, tlv(0x80, JPEG),
            tlv(0xA1, tlv(0xA0, tlv(0x80, b(2)))))))))));
    assertMalformed(rebuilt, "mandatory representationBlocks[0].representationId [0] is missing");

    // a field twice
    assertMalformed(record(JPEG, tlv(0x80, b(1))), "representationBlocks[0] holds field [0] twice");

    // a 3D image representation (extension block) is not supported
    byte[] ext = tlv(0xA1, tlv(0x65, tlv(0xA0, tlv(0x80, b(3)), tlv(0x81, b(0x07, 0xE3))),
        tlv(0xA1, tlv(0x30, tlv(0x80, b(0)), tlv(0xA1, tlv(0xA1, b()))))));
    assertMalformed(ext, "imageRepresentation is an extension block A1", "not supported");

    // empty representation list
    byte[] none = tlv(0x65, tlv(0xA0, tlv(0x80, b(3)), tlv(0x81, b(0x07, 0xE3))), tlv(0xA1, b()));
    assertMalformed(none, "representationBlocks holds no representation");

    // an integer of 9 octets (the capture year)
    assertMalformed(record(JPEG, tlv(0xA2, tlv(0x80, new byte[9]))), "9 value octets");

    // a constructed element where an integer belongs
    assertMalformed(tlv(0x65, tlv(0xA0, tlv(0xA0, b()), tlv(0x81, b(1)))), "constructed where an integer");
  }

  @Test
  void parse39794_refusesHostileLengthsWithoutAllocatingThem() {
    // A1 84 7FFFFFFF: a 2 GB claim in a 10-byte input
    assertMalformed(b(0xA1, 0x84, 0x7F, 0xFF, 0xFF, 0xFF, 0x65, 0x00, 0x00, 0x00),
        "offset 0", "declares length 2147483647 but only 4 bytes remain");
    // 4-octet length with the top bit set (would be negative as an int)
    assertMalformed(b(0xA1, 0x84, 0xFF, 0xFF, 0xFF, 0xFF), "declares length 4294967295 but only 0");
    // five length octets
    assertMalformed(b(0xA1, 0x85, 0, 0, 0, 0, 1, 0), "5 length octets");
    // indefinite length
    assertMalformed(b(0xA1, 0x80, 0x65, 0x00, 0x00, 0x00), "indefinite length");
    // an inner length that overruns its parent but not the record
    byte[] inner = record(JPEG);
    inner[5] = 0x7F; // A0's length in the data block (A1 2C 65 2A A0 07 ...)
    assertMalformed(inner, "declares length 127");
    // a tag cut off, a length octet missing
    assertMalformed(b(0xA1, 0x02, 0x7F, 0x81), "is cut off");
    assertMalformed(b(0xA1, 0x01, 0x65), "no length octet");
    // a 4-octet tag number
    assertMalformed(b(0xA1, 0x05, 0x7F, 0x81, 0x81, 0x01, 0x00), "longer than 3 octets");
  }

  @Test
  void parse39794_refusesEveryTruncationOfTheRealRecord() throws Exception {
    byte[] record = testdata("ICAO_39794_5_AP_AllFields.dat");
    for (int n = 0; n < record.length; n += (n < 64 || n > record.length - 700) ? 1 : 97) {
      byte[] cut = Arrays.copyOf(record, n);
      assertThatThrownBy(() -> FaceRecords.parse(cut))
          .as("prefix of %d bytes", n)
          .isInstanceOfSatisfying(FaceException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_FACE_RECORD));
    }
  }

  @Test
  void parse39794_refusesDeepNestingAndTooManyElements() {
    byte[] deep = b();
    for (int i = 0; i < 40; i++) {
      deep = tlv(0xA1, deep);
    }
    byte[] nested = deep;
    // the AP wrapper A1 holds A1 where 65 belongs: refused before any depth matters
    assertMalformed(nested, "found tag A1");
    // deep nesting inside an element the parser walks into (an extension in the landmarks list)
    byte[] deepLandmark = b();
    for (int i = 0; i < 40; i++) {
      deepLandmark = tlv(0xA0, deepLandmark);
    }
    // The parser descends only as deep as the schema, so a deep unknown part is kept, not walked.
    byte[] landmark = tlv(0x30, tlv(0xA0, deepLandmark));
    FaceRepresentation r = FaceRecords.parse39794(record(JPEG, tlv(0xA9, landmark))).representations().get(0);
    assertThat(r.landmarks()).containsExactly(
        new Landmark(LandmarkKind.MPEG4_FEATURE_POINT, OptionalInt.empty(), Optional.empty()));
    assertThat(r.otherElements()).singleElement()
        .satisfies(e -> assertThat(e.path()).endsWith("landmarkBlocks[0].landmarkKind.mpeg4FeaturePoint"));
    // A walk that does follow the nesting stops at the bound.
    BerReader reader = new BerReader(deepLandmark, "test");
    assertThatThrownBy(() -> walk(reader, reader.top()))
        .isInstanceOf(FaceException.class)
        .hasMessageContaining("nesting deeper than " + BerReader.MAX_DEPTH);

    ByteArrayOutputStream many = new ByteArrayOutputStream();
    for (int i = 0; i <= BerReader.MAX_ELEMENTS; i++) {
      many.writeBytes(b(0x9F, 0x30, 0x00)); // [48], an unknown extension field, empty
    }
    assertMalformed(record(JPEG, many.toByteArray()), "more than " + BerReader.MAX_ELEMENTS + " elements");
  }

  @Test
  void parse39794_refusesTooManyRepresentations() {
    byte[] rep = tlv(0x30, tlv(0x80, b(0)), tlv(0xA1, tlv(0xA0, tlv(0xA0, tlv(0x80, JPEG),
        tlv(0xA1, tlv(0xA0, tlv(0x80, b(2))))))));
    ByteArrayOutputStream reps = new ByteArrayOutputStream();
    for (int i = 0; i <= Iso39794Parser.MAX_REPRESENTATIONS; i++) {
      reps.writeBytes(rep);
    }
    byte[] block = tlv(0x65, tlv(0xA0, tlv(0x80, b(3)), tlv(0x81, b(0x07, 0xE3))), tlv(0xA1, reps.toByteArray()));
    assertMalformed(block, "holds 17 representations");
  }

  private static void walk(BerReader reader, List<BerReader.Element> elements) {
    for (BerReader.Element e : elements) {
      if (e.constructed()) {
        walk(reader, reader.children(e));
      }
    }
  }

  private static void assertMalformed(byte[] record, String... parts) {
    assertThatThrownBy(() -> FaceRecords.parse(record))
        .isInstanceOfSatisfying(FaceException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_FACE_RECORD))
        .hasMessageContainingAll(parts);
  }
}
