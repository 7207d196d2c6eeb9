package org.openegate.biometrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Draws a DET curve (FNMR against FMR, both on log axes, ISO/IEC 19795-1 §4.6.1) as a PNG, for
 * {@code egate face eval --plot}. Rates of zero are drawn on the lowest decade.
 */
public final class DetPlot {

  private static final int WIDTH = 640;
  private static final int HEIGHT = 480;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;
  private static final double MIN_FMR_DECADE = -4; // 1e-4
  private static final double MIN_FNMR_DECADE = -3; // 1e-3
  private static final Scalar BLACK = new Scalar(0, 0, 0);
  private static final Scalar GREY = new Scalar(200, 200, 200);
  private static final Scalar BLUE = new Scalar(180, 80, 0);
  private static final Scalar RED = new Scalar(0, 0, 220);

  private DetPlot() {}

  /**
   * @param curve the curve to draw
   * @param threshold an operating point to mark (e.g. the configured threshold)
   * @param title a line of text at the top (ASCII)
   * @return PNG bytes
   */
  public static byte[] png(DetCurve curve, double threshold, String title) {
    OpenCvRuntime.ensureLoaded();
    try (MatScope scope = new MatScope()) {
      Mat img = scope.add(new Mat(HEIGHT, WIDTH, CvType.CV_8UC3, new Scalar(255, 255, 255)));
      for (int d = (int) MIN_FMR_DECADE; d <= 0; d++) {
        double x = x(Math.pow(10, d));
        Imgproc.line(img, new Point(x, TOP), new Point(x, HEIGHT - BOTTOM), GREY, 1);
        text(img, "1e" + d, new Point(x - 14, HEIGHT - BOTTOM + 18));
      }
      for (int d = (int) MIN_FNMR_DECADE; d <= 0; d++) {
        double y = y(Math.pow(10, d));
        Imgproc.line(img, new Point(LEFT, y), new Point(WIDTH - RIGHT, y), GREY, 1);
        text(img, "1e" + d, new Point(LEFT - 45, y + 5));
      }
      Imgproc.rectangle(
          img, new Point(LEFT, TOP), new Point(WIDTH - RIGHT, HEIGHT - BOTTOM), BLACK, 1);
      text(img, "FMR", new Point(WIDTH / 2.0 - 15, HEIGHT - 12));
      text(img, "FNMR", new Point(8, TOP - 12));
      text(img, title, new Point(LEFT, 22));

      List<Point> line = new ArrayList<>();
      for (DetCurve.Point p : curve.points()) {
        line.add(new Point(x(p.fmr()), y(p.fnmr())));
      }
      MatOfPoint polyline = scope.add(new MatOfPoint());
      polyline.fromList(line);
      Imgproc.polylines(img, List.of(polyline), false, BLUE, 2, Imgproc.LINE_AA);

      double fmr = curve.fmrAt(threshold);
      double fnmr = curve.fnmrAt(threshold);
      Point mark = new Point(x(fmr), y(fnmr));
      Imgproc.circle(img, mark, 5, RED, 2, Imgproc.LINE_AA);
      text(
          img,
          String.format(Locale.ROOT, "t=%.3f FMR=%.4f FNMR=%.4f", threshold, fmr, fnmr),
          new Point(Math.min(mark.x + 8, WIDTH - 260), Math.max(mark.y - 8, TOP + 14)));

      MatOfByte out = scope.add(new MatOfByte());
      Imgcodecs.imencode(".png", img, out);
      return out.toArray();
    }
  }

  private static double x(double fmr) {
    double d = Math.max(MIN_FMR_DECADE, Math.log10(Math.max(fmr, 1e-12)));
    return LEFT + (d - MIN_FMR_DECADE) / -MIN_FMR_DECADE * (WIDTH - LEFT - RIGHT);
  }

  private static double y(double fnmr) {
    double d = Math.max(MIN_FNMR_DECADE, Math.log10(Math.max(fnmr, 1e-12)));
    return TOP + (-d) / -MIN_FNMR_DECADE * (HEIGHT - TOP - BOTTOM);
  }

  private static void text(Mat img, String s, Point at) {
    Imgproc.putText(img, s, at, Imgproc.FONT_HERSHEY_SIMPLEX, 0.45, BLACK, 1, Imgproc.LINE_AA);
  }
}
