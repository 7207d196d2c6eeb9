package org.openegate.biometrics.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import org.openegate.biometrics.BgrImage;
import org.openegate.biometrics.FaceEngine;
import org.openegate.biometrics.InferenceBackend;

/**
 * CPU time per frame, the load-insensitive companion of {@link FrameBenchmark} (docs/face-bench.md).
 * Wall-clock medians on a shared machine measure the other tenants as much as the pipeline; the
 * process's CPU time per frame (every thread: OpenCV's or ONNX Runtime's pool as well as the
 * caller) barely moves with load, so it compares the engines and the with/without-PAD variants
 * fairly on a busy machine. (Hardware instruction counters would be better still, but {@code perf}
 * cannot read them in this container.) It does not replace the JMH medians the targets are stated
 * in: on an idle 2-core machine the wall time per frame is about the CPU time divided by the cores
 * the inference actually keeps busy.
 *
 * <p>One engine per JVM, so the two engines' thread pools do not compete (see docs/face-bench.md on
 * the paired harness):
 *
 * <pre>
 * BENCH_MAIN=org.openegate.biometrics.bench.FrameCpuTime biometrics/bench.sh OPENCV_DNN 300
 * BENCH_MAIN=org.openegate.biometrics.bench.FrameCpuTime biometrics/bench.sh ONNX_RUNTIME 300
 * </pre>
 */
public final class FrameCpuTime {

  private FrameCpuTime() {}

  public static void main(String[] args) {
    InferenceBackend backend = InferenceBackend.valueOf(args.length > 0 ? args[0] : "OPENCV_DNN");
    int frames = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    BgrImage frame = FrameBenchmark.frame640x480();
    FaceEngine.Options options = FaceEngine.Options.defaults().withBackend(backend);
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    for (boolean pad : new boolean[] {false, true}) {
      try (FaceEngine engine = FaceEngine.load(options.withLiveness(pad))) {
        for (int i = 0; i < 50; i++) {
          engine.analyse(frame);
        }
        // The process CPU clock ticks in 10 ms steps here, so CPU time is taken over blocks of
        // frames, not per frame: the median block's mean per frame.
        int blocks = 10;
        int perBlock = Math.max(1, frames / blocks);
        double[] cpu = new double[blocks];
        double[] wall = new double[blocks * perBlock];
        for (int b = 0; b < blocks; b++) {
          long c0 = processCpuNanos();
          for (int i = 0; i < perBlock; i++) {
            long t0 = System.nanoTime();
            engine.analyse(frame);
            wall[b * perBlock + i] = (System.nanoTime() - t0) / 1e6;
          }
          cpu[b] = (processCpuNanos() - c0) / 1e6 / perBlock;
        }
        Arrays.sort(cpu);
        Arrays.sort(wall);
        System.out.printf(Locale.ROOT,
            "CPU %-12s %-13s frames %d: CPU time per frame %.2f ms (median of %d blocks; min %.2f,"
                + " max %.2f); wall median %.2f ms; load average at start %.1f%n",
            backend, pad ? "frameWithPad" : "frame", blocks * perBlock, cpu[blocks / 2], blocks,
            cpu[0], cpu[blocks - 1], wall[wall.length / 2], load);
      }
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
