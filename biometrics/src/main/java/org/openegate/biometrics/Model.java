package org.openegate.biometrics;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.opencv.core.MatOfByte;
import org.opencv.dnn.Dnn;
import org.opencv.dnn.Net;
import org.openegate.biometrics.FaceException.Reason;

/**
 * The four ONNX models from npm {@code faceplugin-face-recognition-js@0.0.1} (MIT), shipped as
 * resources by {@code fetch-pinned.sh}. Each file's SHA-256 is pinned here as well as the tarball's
 * there, so a jar whose models were swapped refuses to start.
 */
enum Model {
  DETECT(
      "fr_detect.onnx",
      "6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854",
      "boxes",
      "scores"),
  LANDMARK("fr_landmark.onnx", "f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258"),
  FEATURE("fr_feature.onnx", "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581"),
  LIVENESS("fr_liveness.onnx", "afa783b7e902fdfcf323a7240cac2a1c580c25314ea4161129dc1b0d100dc32d");

  static final String RESOURCE_DIR = "/org/openegate/biometrics/models/";

  private final String fileName;
  private final String sha256;
  private final java.util.List<String> outputs;

  /** {@code outputs}: the graph outputs read, in order; none given means the graph's only output. */
  Model(String fileName, String sha256, String... outputs) {
    this.fileName = fileName;
    this.sha256 = sha256;
    this.outputs = java.util.List.of(outputs);
  }

  /** Output names to read in order; empty for a single-output graph (read its only output). */
  java.util.List<String> outputs() {
    return outputs;
  }

  String fileName() {
    return fileName;
  }

  String sha256() {
    return sha256;
  }

  /** Reads the model resource and checks it against the pinned SHA-256. */
  byte[] verifiedBytes() {
    byte[] bytes;
    try (InputStream in = Model.class.getResourceAsStream(RESOURCE_DIR + fileName)) {
      if (in == null) {
        throw new FaceException(
            Reason.MODEL_INTEGRITY,
            "model resource " + RESOURCE_DIR + fileName + " is missing (was fetch-pinned.sh run?)");
      }
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new FaceException(Reason.MODEL_INTEGRITY, "cannot read model " + fileName, e);
    }
    return verify(bytes);
  }

  /** Returns {@code bytes} if they hash to this model's pinned SHA-256. */
  byte[] verify(byte[] bytes) {
    String actual = sha256Hex(bytes);
    if (!actual.equals(sha256)) {
      throw new FaceException(
          Reason.MODEL_INTEGRITY,
          "model " + fileName + " has SHA-256 " + actual + ", expected " + sha256);
    }
    return bytes;
  }

  Net load() {
    OpenCvRuntime.ensureLoaded();
    byte[] bytes = verifiedBytes();
    MatOfByte buffer = new MatOfByte(bytes);
    try {
      Net net = Dnn.readNetFromONNX(buffer);
      if (net.empty()) {
        throw new FaceException(Reason.NATIVE_FAILURE, "OpenCV returned an empty net for " + fileName);
      }
      net.setPreferableBackend(Dnn.DNN_BACKEND_OPENCV);
      net.setPreferableTarget(Dnn.DNN_TARGET_CPU);
      return net;
    } catch (org.opencv.core.CvException e) {
      throw new FaceException(Reason.NATIVE_FAILURE, "OpenCV cannot load model " + fileName, e);
    } finally {
      buffer.release();
    }
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
    }
  }
}
