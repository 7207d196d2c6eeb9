package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 5 of issue #5: frames through the whole pipeline (detection, landmarks, alignment,
 * embedding, PAD, quality) with the resident set size sampled from /proc/self/status, looking for a
 * growth trend that would betray a native leak (a Mat or ONNX Runtime tensor not released).
 *
 * <p>The frames cycle through: a raw 640x480 frame with a face (BgrImage), the same JPEG-encoded
 * (decode path), a blurred one, a frame without a face (the NO_FACE exception path) and a corrupt
 * JPEG (the decode-failure path).
 *
 * <p>The full run is the lead's (about 100,000 x 30-100 ms, 1-3 h on 2 cores):
 *
 * <pre>
 * mvn -B -pl biometrics test -Dtest=MemorySoakTest -Degate.excludedGroups=none -Dsoak.frames=100000 \
 *     -DargLine=-Xmx256m
 * </pre>
 *
 * Cap the heap: without a cap the Java heap grows towards its default maximum (a quarter of RAM)
 * and RSS rises with it for a long time. Measured 2026-11-29, 2,000 frames, OpenCV DNN: without a
 * cap RSS rose 170 to 413 MB at a steady ~120 kB/frame; with -Xmx192m it rose in steps to 294 MB by
 * frame 1,300 and then stayed flat (294.2 to 294.9 MB over the last 700 frames). With ONNX Runtime
 * and no cap: 176 MB, 879 MB after 400 frames, 893 MB at 2,000. {@code -Dsoak.backend=ONNX_RUNTIME}
 * selects that engine.
 *
 * A harness check: {@code -Dsoak.frames=2000}. Samples go to stdout and
 * biometrics/target/memory-soak.csv. The trend is the least-squares slope of RSS over the second
 * half of the run. The first frames grow RSS by several hundred MB (JIT, Java heap expanding towards
 * its maximum, ONNX Runtime's arenas) and the growth then flattens; a 2,000-frame run has not
 * finished settling (measured 2026-11-29: 176 MB at start, 879 MB after 400 frames, 890 MB after
 * 1,000, 893 MB after 2,000), so the no-trend assertions apply from 20,000 frames on, where the
 * second half is well past settling. Shorter runs only check the harness.
 */
@Tag("soak")
class MemorySoakTest {

  @Test
  void rssHasNoGrowthTrend() throws Exception {
    int frames = Integer.getInteger("soak.frames", 100_000);
    int every = Math.max(100, frames / 100);
    String backendName = System.getProperty("soak.backend", FaceEngine.DEFAULT_BACKEND.name());
    LiveCaptureTest.setUp();
    BgrImage face = LiveCaptureTest.frame(440, LiveCaptureTest.Degrade.NONE);
    BgrImage blurred = LiveCaptureTest.frame(440, LiveCaptureTest.Degrade.BLUR);
    BgrImage empty = LiveCaptureTest.frame(440, LiveCaptureTest.Degrade.EMPTY);
    byte[] jpeg;
    try (MatScope scope = new MatScope()) {
      org.opencv.core.Mat m = scope.add(new org.opencv.core.Mat(480, 640, org.opencv.core.CvType.CV_8UC3));
      m.put(0, 0, face.pixels());
      jpeg = BadInputTest.encode(m);
    }
    byte[] corrupt = java.util.Arrays.copyOf(jpeg, jpeg.length / 2);
    List<long[]> samples = new ArrayList<>();
    int faces = 0;
    int failures = 0;
    try (FaceEngine engine = FaceEngine.load(
        FaceEngine.Options.defaults().withBackend(InferenceBackend.valueOf(backendName)))) {
      samples.add(new long[] {0, rssKb()});
      for (int i = 1; i <= frames; i++) {
        try {
          switch (i % 5) {
            case 0 -> engine.analyse(face);
            case 1 -> engine.analyse(jpeg);
            case 2 -> engine.analyse(blurred);
            case 3 -> engine.analyse(empty);
            default -> engine.analyse(corrupt);
          }
          faces++;
        } catch (FaceException e) {
          failures++;
        }
        if (i % every == 0) {
          samples.add(new long[] {i, rssKb()});
        }
      }
    } finally {
      LiveCaptureTest.tearDown();
    }
    StringBuilder csv = new StringBuilder("frame,rssKb\n");
    samples.forEach(s -> csv.append(s[0]).append(',').append(s[1]).append('\n'));
    Files.writeString(Path.of("target", "memory-soak.csv"), csv);
    List<long[]> settled = samples.subList(samples.size() / 2, samples.size());
    double slope = slopeKbPerFrame(settled);
    long start = samples.get(0)[1];
    long settledStart = settled.get(0)[1];
    long end = samples.get(samples.size() - 1)[1];
    System.out.printf(Locale.ROOT,
        "memory soak (%s): %d frames (%d analysed, %d refused as expected); RSS start %d kB,"
            + " at half-way %d kB, end %d kB; trend over the second half %.4f kB/frame (%.1f MB"
            + " per 100,000 frames)%n",
        backendName, frames, faces, failures, start, settledStart, end, slope, slope * 100_000 / 1024);
    // The empty frames always fail (NO_FACE); the half-length JPEG decodes partially, so it may.
    assertThat(failures).isGreaterThanOrEqualTo(frames / 5);
    assertThat(faces).isGreaterThanOrEqualTo(frames * 3 / 5);
    assertThat(samples).hasSizeGreaterThan(10);
    if (frames >= 20_000) {
      // A leak of one 640x480 frame (900 kB) per 1,000 frames would be 0.9 kB/frame; a settled
      // process (heap at its size, arenas allocated) stays well below 0.2.
      assertThat(slope).isLessThan(0.2);
      assertThat(end - settledStart).isLessThan(64L * 1024);
    }
  }

  static long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in /proc/self/status");
  }

  static double slopeKbPerFrame(List<long[]> s) {
    double n = s.size();
    double mx = s.stream().mapToDouble(v -> v[0]).sum() / n;
    double my = s.stream().mapToDouble(v -> v[1]).sum() / n;
    double num = 0;
    double den = 0;
    for (long[] v : s) {
      num += (v[0] - mx) * (v[1] - my);
      den += (v[0] - mx) * (v[0] - mx);
    }
    return den == 0 ? 0 : num / den;
  }
}
