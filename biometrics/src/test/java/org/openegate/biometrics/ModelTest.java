package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opencv.dnn.Net;

class ModelTest {

  @ParameterizedTest
  @EnumSource(Model.class)
  void verifiedBytes_matchPinnedSha256(Model model) {
    byte[] bytes = model.verifiedBytes();
    assertThat(Model.sha256Hex(bytes)).isEqualTo(model.sha256());
    assertThat(bytes.length).isGreaterThan(1_000_000);
  }

  @ParameterizedTest
  @EnumSource(Model.class)
  void load_givesNonEmptyNetWithExpectedOutputs(Model model) {
    Net net = model.load();
    assertThat(net.empty()).isFalse();
    if (model == Model.DETECT) {
      assertThat(net.getUnconnectedOutLayersNames()).containsExactlyInAnyOrder("boxes", "scores");
    } else {
      assertThat(net.getUnconnectedOutLayersNames()).containsExactly("output");
    }
  }

  @Test
  void verify_refusesATamperedModelNamingBothHashes() {
    byte[] bytes = Model.FEATURE.verifiedBytes();
    bytes[bytes.length / 2] ^= 1; // one flipped bit in the weights
    String tampered = Model.sha256Hex(bytes);
    assertThatThrownBy(() -> Model.FEATURE.verify(bytes))
        .isInstanceOfSatisfying(
            FaceException.class,
            e -> assertThat(e.reason()).isEqualTo(FaceException.Reason.MODEL_INTEGRITY))
        .hasMessageContaining("fr_feature.onnx")
        .hasMessageContaining(tampered)
        .hasMessageContaining(Model.FEATURE.sha256());
  }

  @Test
  void sha256Hex_knownAnswer() {
    // FIPS 180-2 appendix B.1: SHA-256("abc").
    assertThat(Model.sha256Hex("abc".getBytes()))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void priorGrid_matchesDetectorOutputCount() {
    // 40x30x3 + 20x15x2 + 10x8x2 + 5x4x3 priors for a 320x240 input.
    assertThat(FaceDetector.priorCount()).isEqualTo(FaceDetector.PRIOR_COUNT).isEqualTo(4420);
  }
}
