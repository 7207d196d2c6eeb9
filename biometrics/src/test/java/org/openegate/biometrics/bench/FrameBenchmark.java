package org.openegate.biometrics.bench;

import java.util.concurrent.TimeUnit;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.openegate.biometrics.BgrImage;
import org.openegate.biometrics.DemoFaces;
import org.openegate.biometrics.FaceAnalysis;
import org.openegate.biometrics.FaceEngine;
import org.openegate.biometrics.InferenceBackend;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-frame cost of the face pipeline on a 640x480 BGR camera frame (acceptance 4 of issue #5):
 * detection at 320x240, 68 landmarks, five-point alignment, 512-d embedding and the quality
 * measures ({@link #frame}); and the same with the presentation-attack score, fr_liveness
 * ({@link #frameWithPad}). Each runs under both {@link InferenceBackend}s in the same run, with one
 * worker, so the medians can be compared directly.
 *
 * <p>The frame is the shipped demo portrait of Grace Hopper (public domain; see MODELS.md) scaled to
 * 480 px high and centred on grey, so the face is about 200 px wide, a gate camera's size. JPEG
 * decoding is not included: a camera driver hands over raw frames ({@link BgrImage}).
 *
 * <p>Sample-time mode, so JMH reports the median (p0.50). The short run the project takes on its
 * shared 2-core machine (numbers in docs/face-bench.md):
 *
 * <pre>
 * biometrics/bench.sh FrameBenchmark -f 1 -wi 3 -i 5 -rf json -rff biometrics/target/jmh-frame.json
 * </pre>
 *
 * For numbers to quote, on a quiet machine: {@code biometrics/bench.sh FrameBenchmark}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(2)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@State(Scope.Thread)
public class FrameBenchmark {

  @Param({"OPENCV_DNN", "ONNX_RUNTIME"})
  public InferenceBackend backend;

  private FaceEngine withoutPad;
  private FaceEngine withPad;
  private BgrImage frame;

  @Setup(Level.Trial)
  public void setUp() {
    FaceEngine.Options options = FaceEngine.Options.defaults().withBackend(backend);
    withoutPad = FaceEngine.load(options.withLiveness(false));
    withPad = FaceEngine.load(options.withLiveness(true));
    frame = frame640x480();
    // Fail early if the frame has no single face: the benchmark would measure an exception.
    withPad.analyse(frame);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    withoutPad.close();
    withPad.close();
  }

  @Benchmark
  public FaceAnalysis frame() {
    return withoutPad.analyse(frame);
  }

  @Benchmark
  public FaceAnalysis frameWithPad() {
    return withPad.analyse(frame);
  }

  static BgrImage frame640x480() {
    byte[] jpeg = DemoFaces.chipPortraitJpeg(DemoFaces.person("grace-hopper"));
    Mat src = Imgcodecs.imdecode(new MatOfByte(jpeg), Imgcodecs.IMREAD_COLOR);
    double scale = 480.0 / src.rows();
    Mat scaled = new Mat();
    Imgproc.resize(src, scaled, new Size(Math.round(src.cols() * scale), 480));
    Mat frame = new Mat(480, 640, CvType.CV_8UC3, new Scalar(128, 128, 128));
    int w = Math.min(640, scaled.cols());
    scaled.submat(new Rect(0, 0, w, 480)).copyTo(frame.submat(new Rect((640 - w) / 2, 0, w, 480)));
    byte[] pixels = new byte[640 * 480 * 3];
    frame.get(0, 0, pixels);
    src.release();
    scaled.release();
    frame.release();
    return new BgrImage(640, 480, pixels);
  }
}
