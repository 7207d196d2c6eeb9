package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;

/**
 * {@link Inference.Ort} reuses one direct input buffer per instance (instead of the new direct
 * buffer ONNX Runtime's {@code createTensor} made for every heap input): a run must see only its
 * own input, whatever ran before on the same instance.
 */
class InferenceOrtTest {

  @BeforeAll
  static void loadOpenCv() {
    OpenCvRuntime.ensureLoaded();
  }

  /** A 64x64 grey crop of seeded noise made into fr_landmark's blob, as the engine makes it. */
  private static Mat landmarkBlob(long seed) {
    byte[] pixels = new byte[64 * 64];
    new Random(seed).nextBytes(pixels);
    Mat grey = new Mat(64, 64, CvType.CV_8UC1);
    try {
      grey.put(0, 0, pixels);
      return Dnn.blobFromImage(grey, 1.0 / 256.0, new Size(64, 64), new Scalar(0), false, false);
    } finally {
      grey.release();
    }
  }

  @Test
  void run_reusedInputBuffer_eachRunSeesOnlyItsOwnInput() {
    Mat a = landmarkBlob(1);
    Mat b = landmarkBlob(2);
    try (Inference first = Inference.load(Model.LANDMARK, InferenceBackend.ONNX_RUNTIME, 1);
        Inference fresh = Inference.load(Model.LANDMARK, InferenceBackend.ONNX_RUNTIME, 1)) {
      float[] a1 = first.run(a)[0];
      float[] b1 = first.run(b)[0];
      float[] a2 = first.run(a)[0];
      assertThat(a1).hasSize(136);
      assertThat(a2).containsExactly(a1);
      assertThat(b1).isNotEqualTo(a1);
      // Another instance (its own buffer, the same shared session) on b alone agrees bit for bit.
      assertThat(fresh.run(b)[0]).containsExactly(b1);
    } finally {
      a.release();
      b.release();
    }
  }
}
