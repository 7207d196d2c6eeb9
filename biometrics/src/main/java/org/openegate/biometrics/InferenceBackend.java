package org.openegate.biometrics;

/**
 * Which library runs the four face models. Image work (decoding, resizing, warping, blobs) is
 * OpenCV in both cases; only the forward passes differ. See docs/face-bench.md for the measurement
 * behind the default.
 */
public enum InferenceBackend {
  /** OpenCV 4.9's DNN module ({@code org.openpnp:opencv}). */
  OPENCV_DNN,
  /** Microsoft ONNX Runtime, CPU execution provider ({@code com.microsoft.onnxruntime}). */
  ONNX_RUNTIME
}
