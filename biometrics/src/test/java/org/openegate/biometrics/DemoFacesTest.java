package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DemoFacesTest {

  @Test
  void persons_eachHaveAPortraitAndTwoDerivedCaptures() {
    List<DemoPerson> persons = DemoFaces.persons();
    assertThat(persons).extracting(DemoPerson::id).containsExactly("eileen-collins", "grace-hopper");
    for (DemoPerson p : persons) {
      assertThat(p.licence()).containsIgnoringCase("public domain");
      assertThat(p.source()).contains("Debian");
      assertThat(p.portrait().derived()).isFalse();
      assertThat(p.liveCaptures()).hasSize(2).allMatch(DemoPhoto::derived);
      for (DemoPhoto photo : p.liveCaptures()) {
        assertThat(photo.bytes()).isNotEqualTo(p.portrait().bytes());
        assertThat(ImageProbe.probe(photo.bytes()).format()).isEqualTo(ImageFormat.JPEG);
      }
    }
  }

  @Test
  void persons_areDeterministic() {
    assertThat(DemoFaces.persons()).isEqualTo(DemoFaces.persons());
  }

  @Test
  void portraitBytes_areTheFilesPinnedInTheDebianPackages() {
    // SHA-256 of the files as extracted from the pinned .debs by fetch-pinned.sh.
    assertThat(Model.sha256Hex(DemoFaces.person("eileen-collins").portrait().bytes()))
        .isEqualTo(EILEEN_SHA256);
    assertThat(Model.sha256Hex(DemoFaces.person("grace-hopper").portrait().bytes()))
        .isEqualTo(HOPPER_SHA256);
  }

  @Test
  void everyDemoImage_matchesItsOwnPersonAndNoOther() {
    try (FaceEngine engine = FaceEngine.load()) {
      List<DemoPerson> persons = DemoFaces.persons();
      for (DemoPerson reference : persons) {
        FaceTemplate chip = engine.analyse(reference.portrait().bytes()).template();
        for (DemoPerson traveller : persons) {
          for (DemoPhoto frame : traveller.liveCaptures()) {
            FaceTemplate live = engine.analyse(frame.bytes()).template();
            boolean match = engine.compare(live, chip).match();
            assertThat(match)
                .as("%s vs chip of %s", frame.name(), reference.id())
                .isEqualTo(traveller.id().equals(reference.id()));
          }
        }
      }
    }
  }

  static final String EILEEN_SHA256 =
      "88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5";
  static final String HOPPER_SHA256 =
      "a8ca6d734765703b09728ab47fe59f473d93ae3967fc24c7c0288c3c7adb7130";
}
