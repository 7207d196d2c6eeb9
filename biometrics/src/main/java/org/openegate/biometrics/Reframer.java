package org.openegate.biometrics;

import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Builds the synthetic unaligned captures of {@link Reframe}.
 *
 * <p>Design: the background is low-frequency coloured noise (random values on a coarse grid, resized
 * with cubic interpolation, then blurred) plus a brightness gradient, so it has texture and colour
 * but nothing face-like for the detector to find. The crop's border is feathered over 10 % of its
 * side, because a hard-edged square of a different photo is itself a strong detector cue and would
 * make the test easier than a camera frame. The frame is JPEG-encoded at quality 90, as an MJPEG
 * camera delivers it.
 */
final class Reframer {

  static final int JPEG_QUALITY = 90;

  private Reframer() {}

  /** The capture of one crop: JPEG bytes of a {@code spec.width() x spec.height()} frame. */
  static byte[] reframe(byte[] crop112, Reframe spec, String key) {
    SplittableRandom random = new SplittableRandom(mix(spec.seed(), key));
    try (MatScope scope = new MatScope()) {
      Mat crop = FaceEngine.decode(crop112, scope);
      Mat frame = background(spec.width(), spec.height(), random, scope);
      double scale = spec.minScale() + random.nextDouble() * (spec.maxScale() - spec.minScale());
      double roll = (random.nextDouble() * 2 - 1) * spec.maxRollDegrees();
      int side = (int) Math.round(crop.cols() * scale);
      // A margin for the rotation: the rotated square needs side * sqrt(2) at 45 degrees.
      int box = (int) Math.ceil(side * 1.2);
      int x0 = random.nextInt(0, spec.width() - box + 1);
      int y0 = random.nextInt(0, spec.height() - box + 1);
      // Map the crop into a box x box patch: scale about the crop centre, rotate, centre in patch.
      Mat m = scope.add(Imgproc.getRotationMatrix2D(
          new Point(crop.cols() / 2.0, crop.rows() / 2.0), roll, scale));
      m.put(0, 2, m.get(0, 2)[0] + box / 2.0 - crop.cols() / 2.0);
      m.put(1, 2, m.get(1, 2)[0] + box / 2.0 - crop.rows() / 2.0);
      Mat patch = scope.mat();
      Imgproc.warpAffine(crop, patch, m, new Size(box, box), Imgproc.INTER_LINEAR,
          Core.BORDER_CONSTANT, new Scalar(0, 0, 0));
      Mat alpha = feather(crop.cols(), crop.rows(), scope);
      Mat alphaPatch = scope.mat();
      Imgproc.warpAffine(alpha, alphaPatch, m, new Size(box, box), Imgproc.INTER_LINEAR,
          Core.BORDER_CONSTANT, new Scalar(0));
      blend(frame.submat(new Rect(x0, y0, box, box)), patch, alphaPatch, scope);
      MatOfByte out = scope.add(new MatOfByte());
      Imgcodecs.imencode(".jpg", frame, out,
          scope.add(new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, JPEG_QUALITY)));
      return out.toArray();
    }
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
    int base = 60 + random.nextInt(120);
    for (int i = 0; i < values.length; i++) {
      values[i] = (byte) Math.max(0, Math.min(255, base + random.nextInt(-60, 61)));
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

  private static Mat feather(int w, int h, MatScope scope) {
    Mat alpha = scope.add(new Mat(h, w, CvType.CV_32F, new Scalar(0)));
    int border = Math.max(2, w / 10);
    Imgproc.rectangle(alpha, new Point(border, border), new Point(w - 1 - border, h - 1 - border),
        new Scalar(1), -1);
    Imgproc.GaussianBlur(alpha, alpha, new Size(0, 0), border / 2.0);
    return alpha;
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
