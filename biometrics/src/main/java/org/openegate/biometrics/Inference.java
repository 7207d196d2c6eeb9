package org.openegate.biometrics;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;
import org.opencv.dnn.Net;
import org.openegate.biometrics.FaceException.Reason;

/**
 * One model's forward pass: an NCHW float blob (made by OpenCV's {@code blobFromImage}) in, each
 * named output flattened to a float array out. A worker owns its instances and calls them from one
 * thread at a time (ONNX Runtime's shared sessions are safe across workers, see {@link Ort}).
 */
interface Inference extends AutoCloseable {

  float[][] run(Mat blob);

  /** Releases the native memory now (ONNX Runtime) or drops the reference (OpenCV, see below). */
  @Override
  void close();

  /** {@code threads}: intra-op threads for ONNX Runtime (OpenCV DNN uses its own global pool). */
  static Inference load(Model model, InferenceBackend backend, int threads) {
    return switch (backend) {
      case OPENCV_DNN -> new OpenCv(model.load(), model.outputs());
      case ONNX_RUNTIME -> Ort.load(model, threads);
    };
  }

  /** OpenCV DNN. Its Java {@code Net} has no release method: the weights go when it is collected. */
  final class OpenCv implements Inference {
    private Net net;
    private final List<String> outputs;

    OpenCv(Net net, List<String> outputs) {
      this.net = net;
      this.outputs = outputs;
    }

    @Override
    public float[][] run(Mat blob) {
      net.setInput(blob);
      List<Mat> out = new ArrayList<>();
      try {
        if (outputs.isEmpty()) {
          out.add(net.forward());
        } else {
          net.forward(out, outputs);
        }
        float[][] values = new float[out.size()][];
        for (int i = 0; i < values.length; i++) {
          values[i] = FaceDetector.flatten(out.get(i));
        }
        return values;
      } finally {
        out.forEach(Mat::release);
      }
    }

    @Override
    public void close() {
      net = null;
    }
  }

  /**
   * ONNX Runtime. The engine gives each worker the cores divided by the workers as intra-op threads,
   * so workers do not oversubscribe the CPU.
   *
   * <p>One session per model and thread count in the process, shared by every engine and worker
   * that loads it, counted and closed with the last user: {@code OrtSession.run} may be called from
   * several threads at once, and each session holds its own weights, pre-packed kernels and
   * activation arena, so the gate's two engines (live capture and chip portrait) would otherwise
   * hold two of each. Sessions and tensors are closed explicitly, so native memory is released
   * deterministically.
   */
  final class Ort implements Inference {
    private static final Map<String, Shared> SESSIONS = new HashMap<>();

    /** A session and the number of {@link Ort} instances using it; guarded by {@code SESSIONS}. */
    private static final class Shared {
      final OrtSession session;
      int users;

      Shared(OrtSession session) {
        this.session = session;
      }
    }

    private final String key;
    private final OrtSession session;
    private final String input;
    private final LinkedHashSet<String> outputs;
    private boolean closed;

    /**
     * The input tensor's memory, reused from run to run (an instance is called from one thread at a
     * time). Given a heap buffer, {@code OnnxTensor.createTensor} copies it into a new direct buffer
     * (ORT 1.23 {@code OrtUtil.prepareBuffer}), malloc'd and freed only when the collector finds it:
     * a few MB per detection, which left glibc's arenas fragmented and growing over a 10,000-traveller
     * soak (docs/gate-bench.md, "Soak"). A direct buffer is used in place, without a copy.
     */
    private ByteBuffer inputMemory;

    private Ort(String key, OrtSession session, List<String> outputs) throws OrtException {
      this.key = key;
      this.session = session;
      this.input = session.getInputNames().iterator().next();
      this.outputs = new LinkedHashSet<>(outputs.isEmpty() ? session.getOutputNames() : outputs);
    }

    static Ort load(Model model, int threads) {
      String key = model.fileName() + "/" + threads;
      try {
        synchronized (SESSIONS) {
          Shared shared = SESSIONS.get(key);
          if (shared == null) {
            shared = new Shared(createSession(model, threads));
            SESSIONS.put(key, shared);
          }
          Ort ort = new Ort(key, shared.session, model.outputs());
          shared.users++;
          return ort;
        }
      } catch (OrtException | UnsatisfiedLinkError e) {
        throw new FaceException(
            Reason.NATIVE_FAILURE, "ONNX Runtime cannot load model " + model.fileName(), e);
      }
    }

    private static OrtSession createSession(Model model, int threads) throws OrtException {
      byte[] bytes = model.verifiedBytes();
      OrtNative.useCache();
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        // Intra-op threads spin-wait for work after each run by default. The gate's process
        // shares its cores (chip reader, MQTT, other models), and on 2 cores the spinning took
        // CPU from whatever ran next (docs/face-bench.md): block instead.
        options.addConfigEntry("session.intra_op.allow_spinning", "0");
        return env.createSession(bytes, options);
      }
    }

    @Override
    public float[][] run(Mat blob) {
      long[] shape = new long[blob.dims()];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = blob.size(i);
      }
      float[] data = FaceDetector.flatten(blob);
      OrtEnvironment env = OrtEnvironment.getEnvironment();
      try (OnnxTensor tensor = OnnxTensor.createTensor(env, inputOf(data), shape);
          OrtSession.Result result = session.run(Map.of(input, tensor), outputs)) {
        float[][] values = new float[outputs.size()][];
        int i = 0;
        for (String name : outputs) {
          OnnxTensor t = (OnnxTensor) result.get(name).orElseThrow();
          FloatBuffer fb = t.getFloatBuffer();
          values[i] = new float[fb.remaining()];
          fb.get(values[i]);
          i++;
        }
        return values;
      } catch (OrtException e) {
        throw new FaceException(Reason.NATIVE_FAILURE, "ONNX Runtime inference failed", e);
      }
    }

    /** {@code data} in {@link #inputMemory}, grown when a larger input comes. */
    private FloatBuffer inputOf(float[] data) {
      int bytes = Math.multiplyExact(data.length, Float.BYTES);
      if (inputMemory == null || inputMemory.capacity() < bytes) {
        inputMemory = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
      }
      FloatBuffer input = inputMemory.clear().asFloatBuffer();
      input.put(data).flip();
      return input;
    }

    @Override
    public void close() {
      synchronized (SESSIONS) {
        if (closed) {
          return;
        }
        closed = true;
        Shared shared = SESSIONS.get(key);
        if (--shared.users > 0) {
          return;
        }
        SESSIONS.remove(key);
      }
      try {
        session.close();
      } catch (OrtException e) {
        throw new FaceException(Reason.NATIVE_FAILURE, "ONNX Runtime could not close a session", e);
      }
    }
  }
}
