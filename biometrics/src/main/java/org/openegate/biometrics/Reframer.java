package org.openegate.biometrics;

import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Builds the synthetic unaligned captures of {@link Reframe}.
 *
 * <p>Design: the background is low-frequency coloured noise (random values on a coarse grid, resized
 * with cubic interpolation, then blurred) plus sensor noise, so it has texture and colour but
 * nothing face-like for the detector to find. The 112x112 crop itself is pasted unchanged: every
 * blend lies OUTSIDE it. The crop is first extended outwards by a quarter of its side by repeating
 * its edge pixels, and that margin is blurred more the further it lies from the crop (so hair,
 * shoulders and the photo's own background continue as soft context, not as streaks); the margin's
 * opacity then falls smoothly from 1 at the crop to 0 at its outer edge, where the synthetic
 * background takes over. A hard-edged pasted square would itself be a strong detector cue, and the
 * earlier harness, which feathered the crop's own outer 10 % into the noise, blended the jaw and
 * the sides of the face away (docs/face-eval.md, investigation 3). The frame is JPEG-encoded at
 * quality 90, as an MJPEG camera delivers it.
 */
final class Reframer {

  static final int JPEG_QUALITY = 90;

  /** Margin added around the crop, as a share of its side. */
  static final double MARGIN = 0.25;

  private Reframer() {}

  /** The capture of one crop: JPEG bytes of a {@code spec.width() x spec.height()} frame. */
  static byte[] reframe(byte[] crop112, Reframe spec, String key) {
    return frame(crop112, spec, key).jpeg();
  }

  /**
   * A capture and where its crop went: the crop's centre {@code (cx, cy)} in the frame, its scale
   * and its roll in degrees (OpenCV's sense: positive turns the crop anticlockwise on screen). For
   * the diagnostics, which need to tell a detection on the crop from one in the margin or the
   * background.
   */
  record Framed(byte[] jpeg, double cx, double cy, double scale, double roll) {

    /** Frame point {@code (x, y)} in the coordinates of the 112x112 crop (inverse placement). */
    double[] toCrop(double x, double y) {
      double r = Math.toRadians(roll);
      double dx = (x - cx) / scale;
      double dy = (y - cy) / scale;
      // getRotationMatrix2D(angle) maps d to (cos d.x + sin d.y, -sin d.x + cos d.y); invert it.
      double u = Math.cos(r) * dx - Math.sin(r) * dy;
      double v = Math.sin(r) * dx + Math.cos(r) * dy;
      return new double[] {u + Alignment.SIZE / 2.0, v + Alignment.SIZE / 2.0};
    }

    @Override
    public String toString() {
      // The frame is an image of a person: never printed.
      return String.format(java.util.Locale.ROOT, "Framed[jpeg=<%d bytes>, cx=%.1f, cy=%.1f, "
          + "scale=%.3f, roll=%.2f]", jpeg.length, cx, cy, scale, roll);
    }
  }

  static Framed frame(byte[] crop112, Reframe spec, String key) {
    SplittableRandom random = new SplittableRandom(mix(spec.seed(), key));
    try (MatScope scope = new MatScope()) {
      Mat crop = FaceEngine.decode(crop112, scope);
      Mat frame = background(spec.width(), spec.height(), random, scope);
      double scale = spec.minScale() + random.nextDouble() * (spec.maxScale() - spec.minScale());
      double roll = (random.nextDouble() * 2 - 1) * spec.maxRollDegrees();
      int pad = (int) Math.round(crop.cols() * MARGIN);
      Mat extended = extend(crop, pad, scope);
      Mat alpha = opacity(crop.cols(), crop.rows(), pad, scope);
      // The crop (not its margin) must lie inside the frame: its rotated half-extent.
      double r = Math.toRadians(Math.abs(roll));
      double half = crop.cols() * scale / 2 * (Math.cos(r) + Math.sin(r));
      double cx = half + random.nextDouble() * (spec.width() - 2 * half);
      double cy = half + random.nextDouble() * (spec.height() - 2 * half);
      // Scale and rotate about the extended crop's centre, then move that centre to (cx, cy).
      Point centre = new Point(extended.cols() / 2.0, extended.rows() / 2.0);
      Mat m = scope.add(Imgproc.getRotationMatrix2D(centre, roll, scale));
      m.put(0, 2, m.get(0, 2)[0] + cx - centre.x);
      m.put(1, 2, m.get(1, 2)[0] + cy - centre.y);
      Size size = new Size(spec.width(), spec.height());
      Mat patch = scope.mat();
      Imgproc.warpAffine(extended, patch, m, size, Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT,
          new Scalar(0, 0, 0));
      Mat alphaPatch = scope.mat();
      Imgproc.warpAffine(alpha, alphaPatch, m, size, Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT,
          new Scalar(0));
      blend(frame, patch, alphaPatch, scope);
      MatOfByte out = scope.add(new MatOfByte());
      Imgcodecs.imencode(".jpg", frame, out,
          scope.add(new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, JPEG_QUALITY)));
      return new Framed(out.toArray(), cx, cy, scale, roll);
    }
  }

  /**
   * The crop with a {@code pad}-pixel margin of its repeated edge, blurred progressively: the crop
   * is untouched, the margin goes from lightly blurred next to it to heavily blurred outside.
   */
  private static Mat extend(Mat crop, int pad, MatScope scope) {
    Mat replicated = scope.mat();
    Core.copyMakeBorder(crop, replicated, pad, pad, pad, pad, Core.BORDER_REPLICATE);
    Mat light = scope.mat();
    Imgproc.GaussianBlur(replicated, light, new Size(0, 0), pad / 8.0);
    Mat heavy = scope.mat();
    Imgproc.GaussianBlur(replicated, heavy, new Size(0, 0), pad / 2.5);
    int n = replicated.cols();
    int m = replicated.rows();
    float[] near = new float[n * m];
    float[] far = new float[n * m];
    for (int y = 0; y < m; y++) {
      for (int x = 0; x < n; x++) {
        double d = outside(x, y, pad, crop.cols(), crop.rows()) / pad;
        // 1 on the crop, fading over a quarter of the margin into the light blur, which gives way
        // to the heavy one by half the margin: no visible seam at the crop's edge.
        near[y * n + x] = (float) Math.max(0, 1 - d * 4);
        far[y * n + x] = (float) Math.min(1, d * 2);
      }
    }
    Mat result = scope.mat();
    blendWeights(light, heavy, far, true, result, scope);
    Mat out = scope.mat();
    blendWeights(replicated, result, near, false, out, scope);
    return out;
  }

  /** Euclidean distance of pixel (x, y) of the extended crop from the crop rectangle (0 inside). */
  private static double outside(int x, int y, int pad, int w, int h) {
    double dx = Math.max(0, Math.max(pad - x, x - (pad + w - 1)));
    double dy = Math.max(0, Math.max(pad - y, y - (pad + h - 1)));
    return Math.hypot(dx, dy);
  }

  /** {@code out = w * a + (1 - w) * b}, or with {@code wForB} the weight applies to {@code b}. */
  private static void blendWeights(Mat a, Mat b, float[] w, boolean wForB, Mat out, MatScope scope) {
    Mat weights = scope.add(new Mat(a.rows(), a.cols(), CvType.CV_32F));
    if (wForB) {
      float[] inv = new float[w.length];
      for (int i = 0; i < w.length; i++) {
        inv[i] = 1 - w[i];
      }
      weights.put(0, 0, inv);
    } else {
      weights.put(0, 0, w);
    }
    Mat target = scope.add(b.clone());
    blend(target, a, weights, scope);
    target.copyTo(out);
  }

  /** Opacity of the extended crop: 1 on the crop and a little beyond, smoothly 0 at the margin's edge. */
  private static Mat opacity(int w, int h, int pad, MatScope scope) {
    int n = w + 2 * pad;
    int m = h + 2 * pad;
    float[] a = new float[n * m];
    for (int y = 0; y < m; y++) {
      for (int x = 0; x < n; x++) {
        double d = outside(x, y, pad, w, h) / pad;
        double t = Math.min(1, Math.max(0, (d - 0.2) / 0.75));
        a[y * n + x] = (float) (1 - t * t * (3 - 2 * t)); // smoothstep
      }
    }
    Mat alpha = scope.add(new Mat(m, n, CvType.CV_32F));
    alpha.put(0, 0, a);
    return alpha;
  }

  static long mix(long seed, String key) {
    long h = seed * 0x9E3779B97F4A7C15L;
    for (int i = 0; i < key.length(); i++) {
      h = (h ^ key.charAt(i)) * 0x100000001B3L;
    }
    return h;
  }

  private static Mat background(int w, int h, SplittableRandom random, MatScope scope) {
    int gw = 8 + random.nextInt(8);
    int gh = 6 + random.nextInt(6);
    Mat grid = scope.add(new Mat(gh, gw, CvType.CV_8UC3));
    byte[] values = new byte[gw * gh * 3];
    // A muted scene (a wall, a hall): a grey level with a slight tint, varying slowly by +-35.
    int base = 60 + random.nextInt(140);
    int[] tint = {random.nextInt(-20, 21), random.nextInt(-20, 21), random.nextInt(-20, 21)};
    for (int i = 0; i < gw * gh; i++) {
      int shade = random.nextInt(-35, 36);
      for (int c = 0; c < 3; c++) {
        int v = base + tint[c] + shade + random.nextInt(-10, 11);
        values[3 * i + c] = (byte) Math.max(0, Math.min(255, v));
      }
    }
    grid.put(0, 0, values);
    Mat frame = scope.mat();
    Imgproc.resize(grid, frame, new Size(w, h), 0, 0, Imgproc.INTER_CUBIC);
    Imgproc.GaussianBlur(frame, frame, new Size(0, 0), 9);
    // Fine sensor noise, so the background is not unnaturally smooth. Drawn here, not with
    // Core.randn, whose generator is OpenCV's global one and would make runs irreproducible.
    short[] noiseValues = new short[w * h * 3];
    for (int i = 0; i < noiseValues.length; i++) {
      noiseValues[i] = (short) random.nextInt(-8, 9);
    }
    Mat signedNoise = scope.add(new Mat(h, w, CvType.CV_16SC3));
    signedNoise.put(0, 0, noiseValues);
    Mat frame16 = scope.mat();
    frame.convertTo(frame16, CvType.CV_16SC3);
    Core.add(frame16, signedNoise, frame16);
    frame16.convertTo(frame, CvType.CV_8UC3);
    return frame;
  }

  private static void blend(Mat roi, Mat patch, Mat alpha, MatScope scope) {
    scope.add(roi);
    Mat a3 = scope.mat();
    Imgproc.cvtColor(alpha, a3, Imgproc.COLOR_GRAY2BGR);
    Mat p = scope.mat();
    patch.convertTo(p, CvType.CV_32FC3);
    Mat r = scope.mat();
    roi.convertTo(r, CvType.CV_32FC3);
    Mat inv = scope.mat();
    Core.subtract(scope.add(new Mat(a3.size(), CvType.CV_32FC3, new Scalar(1, 1, 1))), a3, inv);
    Core.multiply(p, a3, p);
    Core.multiply(r, inv, r);
    Core.add(p, r, p);
    p.convertTo(roi, CvType.CV_8UC3);
  }
}
