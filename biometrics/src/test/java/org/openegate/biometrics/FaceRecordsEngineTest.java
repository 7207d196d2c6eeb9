package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openegate.biometrics.FaceException.Reason;

/** From a face record to a detected face: the record parser's image goes through the whole engine. */
class FaceRecordsEngineTest {

  private static FaceEngine engine;

  @BeforeAll
  static void setUp() {
    engine = FaceEngine.load();
  }

  @AfterAll
  static void tearDown() {
    engine.close();
  }

  @Test
  void iso39794Records_yieldOneFaceFromTheirJpeg2000Image() throws Exception {
    for (String name : List.of("ICAO_39794_5_AP_AllFields.dat", "ICAO_39794_5_AP_MandFields.dat")) {
      FaceImage image = FaceRecords.parse(FaceRecords39794Test.testdata(name)).get(0);
      assertThat(image.imageFormat()).isEqualTo(ImageFormat.JPEG2000);
      FaceAnalysis a = engine.analyse(image.image());
      assertThat(a.imageWidth()).as(name).isEqualTo(413);
      assertThat(a.imageHeight()).as(name).isEqualTo(531);
      assertThat(a.facesFound()).as(name).isEqualTo(1);
      assertThat(a.face().score()).as(name).isGreaterThan(0.9);
      assertThat(a.landmarks()).hasSize(68);
    }
  }

  @Test
  void iso19794GmrtdRecord_decodesButHoldsALogoNotAFace() throws Exception {
    // gmrtd's 19794 sample carries a 148x70 JPEG of the word "gMRTD" (looked at, enlarged), not a face.
    FaceImage image = FaceRecords.parse(FaceRecords39794Test.testdata("ISO19794_Test1_Data.bin")).get(0);
    assertThat(image.imageFormat()).isEqualTo(ImageFormat.JPEG);
    assertThatThrownBy(() -> engine.analyse(image.image()))
        .isInstanceOfSatisfying(FaceException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NO_FACE))
        .hasMessageContaining("148x70");
  }

  @Test
  void iso19794Record_aroundAPortrait_yieldsOneFace() {
    byte[] portrait = DemoFaces.person("grace-hopper").portrait().bytes();
    List<FaceImage> images = FaceRecords.parse(FaceRecordsTest.record(portrait, 0, 0));
    assertThat(images).singleElement().isInstanceOf(FaceImageRecord.class);
    assertThat(images.get(0).image()).isEqualTo(portrait);
    FaceAnalysis a = engine.analyse(images.get(0).image());
    assertThat(a.facesFound()).isEqualTo(1);
    assertThat(a.face().score()).isGreaterThan(0.9);
  }
}
