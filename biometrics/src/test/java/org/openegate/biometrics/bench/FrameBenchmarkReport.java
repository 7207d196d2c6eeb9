package org.openegate.biometrics.bench;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH with the given arguments (as {@code org.openjdk.jmh.Main} would) and then prints the
 * acceptance-4 summary of {@link FrameBenchmark}: each backend's median per frame with and without
 * PAD, the targets (15 ms, 20 ms), the speed ratio and what issue #5's 1.3x rule decides. The load
 * average is printed before and after, because on a shared machine it says how far to trust the
 * medians. {@code biometrics/bench.sh FrameBenchmark ...} runs this.
 */
public final class FrameBenchmarkReport {

  static final double TARGET_MS = 15.0;
  static final double TARGET_WITH_PAD_MS = 20.0;
  static final double SWITCH_RATIO = 1.3;

  private FrameBenchmarkReport() {}

  public static void main(String[] args) throws Exception {
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    Collection<RunResult> results = new Runner(new CommandLineOptions(args)).run();
    double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    // benchmark method -> backend -> median ms
    Map<String, Map<String, Double>> medians = new TreeMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.') + 1);
      String backend = r.getParams().getParam("backend");
      medians.computeIfAbsent(name, k -> new TreeMap<>())
          .put(backend, r.getPrimaryResult().getStatistics().getPercentile(50.0));
    }
    System.out.println();
    System.out.printf(Locale.ROOT,
        "=== Face pipeline per 640x480 frame (JMH median); load average %.1f before, %.1f after ===%n",
        loadBefore, loadAfter);
    for (var e : medians.entrySet()) {
      double target = e.getKey().equals("frameWithPad") ? TARGET_WITH_PAD_MS : TARGET_MS;
      Double cv = e.getValue().get("OPENCV_DNN");
      Double ort = e.getValue().get("ONNX_RUNTIME");
      System.out.printf(Locale.ROOT, "%-13s OpenCV DNN %s   ONNX Runtime %s   (target <= %.0f ms)%n",
          e.getKey(), fmt(cv, target), fmt(ort, target), target);
      if (cv != null && ort != null) {
        double ratio = cv / ort;
        System.out.printf(Locale.ROOT,
            "%-13s ONNX Runtime speed-up over OpenCV DNN: %.2fx -> %s%n", e.getKey(), ratio,
            ratio >= SWITCH_RATIO ? "ONNX Runtime is >= 1.3x faster (switch)"
                : "below 1.3x: OpenCV DNN stays");
      }
    }
  }

  private static String fmt(Double ms, double target) {
    if (ms == null) {
      return "  (not run)";
    }
    return String.format(Locale.ROOT, "%7.2f ms %s", ms, ms <= target ? "(meets)" : "(misses)");
  }
}
