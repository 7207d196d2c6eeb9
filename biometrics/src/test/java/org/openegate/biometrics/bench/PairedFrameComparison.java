package org.openegate.biometrics.bench;

import java.util.Arrays;
import java.util.Locale;
import org.openegate.biometrics.BgrImage;
import org.openegate.biometrics.FaceEngine;
import org.openegate.biometrics.InferenceBackend;

/**
 * The two backends timed frame by frame in alternation, in one JVM: on a shared machine whose load
 * swings by a factor of several within a minute (as this one did, load average 12-27 on 2 cores,
 * while the JMH run took place), sequential JMH trials of each backend see different loads, so
 * their ratio says little. Alternating A, B, A, B... gives both the same load; the medians and
 * their ratio are then comparable. JMH ({@link FrameBenchmark}) stays the reference for absolute
 * numbers on a quiet machine.
 *
 * <pre>
 * BENCH_MAIN=org.openegate.biometrics.bench.PairedFrameComparison biometrics/bench.sh 200
 * </pre>
 */
public final class PairedFrameComparison {

  private PairedFrameComparison() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    BgrImage frame = FrameBenchmark.frame640x480();
    FaceEngine.Options base = FaceEngine.Options.defaults();
    for (boolean pad : new boolean[] {false, true}) {
      try (FaceEngine cv = FaceEngine.load(
              base.withBackend(InferenceBackend.OPENCV_DNN).withLiveness(pad));
          FaceEngine ort = FaceEngine.load(
              base.withBackend(InferenceBackend.ONNX_RUNTIME).withLiveness(pad))) {
        for (int i = 0; i < 30; i++) { // warm-up
          cv.analyse(frame);
          ort.analyse(frame);
        }
        double[] a = new double[rounds];
        double[] b = new double[rounds];
        for (int i = 0; i < rounds; i++) {
          long t0 = System.nanoTime();
          cv.analyse(frame);
          long t1 = System.nanoTime();
          ort.analyse(frame);
          long t2 = System.nanoTime();
          a[i] = (t1 - t0) / 1e6;
          b[i] = (t2 - t1) / 1e6;
        }
        double ma = median(a);
        double mb = median(b);
        System.out.printf(Locale.ROOT,
            "%s: OPENCV_DNN median %.2f ms, ONNX_RUNTIME median %.2f ms, ratio %.2f (%d rounds,"
                + " %d cores)%n",
            pad ? "frame with PAD" : "frame", ma, mb, ma / mb, rounds,
            Runtime.getRuntime().availableProcessors());
      }
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
