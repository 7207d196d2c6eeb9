package org.openegate.gate.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.openegate.biometrics.FaceEngine;
import org.openegate.biometrics.InferenceBackend;

class FaceEnginesBackendTest {

    @Test
    void backend_unset_isTheDefault() {
        assertThat(FaceEngines.backend(null)).isEqualTo(FaceEngine.DEFAULT_BACKEND);
        assertThat(FaceEngines.backend(" ")).isEqualTo(FaceEngine.DEFAULT_BACKEND);
    }

    @Test
    void backend_namesEither() {
        assertThat(FaceEngines.backend("ONNX_RUNTIME")).isEqualTo(InferenceBackend.ONNX_RUNTIME);
        assertThat(FaceEngines.backend("OPENCV_DNN")).isEqualTo(InferenceBackend.OPENCV_DNN);
    }

    @Test
    void backend_unknown_isRejected_namingTheValueAndTheChoices() {
        assertThatThrownBy(() -> FaceEngines.backend("onnx"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("egate.faceBackend is 'onnx', expected one of [OPENCV_DNN, ONNX_RUNTIME]");
    }

    @Test
    void load_onnxRuntime_givesBothEnginesThatBackend_portraitWithoutPad() {
        try (FaceEngines faces = FaceEngines.load(InferenceBackend.ONNX_RUNTIME)) {
            assertThat(faces.live().options().backend()).isEqualTo(InferenceBackend.ONNX_RUNTIME);
            assertThat(faces.portrait().options().backend()).isEqualTo(InferenceBackend.ONNX_RUNTIME);
            assertThat(faces.live().options().liveness()).isTrue();
            assertThat(faces.portrait().options().liveness()).isFalse();
        }
    }
}
