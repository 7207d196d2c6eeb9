package org.openegate.biometrics;

import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Presentation-attack instruments (ISO/IEC 30107-1 "PAI") as a gate camera would see them, made
 * from a photo of the face: a printed photo held up in the lane, and the photo shown on a phone
 * held up in the lane. Used by the demo (someone holds up a picture of the passport holder) and by
 * the PAD evaluation (docs/face-eval.md, "PAD").
 *
 * <p>Design: each instrument is rendered at its own resolution first (the print's halftone
 * screen, the phone panel's sub-pixels), then put into a 640x480 camera frame by a perspective warp,
 * so the camera's resampling makes the moiré a real recapture shows, and the instrument's edge (the
 * paper's white border, the phone's bezel) stands inside the 2.7x context crop that fr_liveness
 * looks at. Nothing in the frame is a marker for the pipeline: it gets JPEG bytes, like any frame.
 * Every random choice comes from the seed, so a frame is reproducible.
 */
public final class AttackInstruments {

  /** The camera frame, as the simulated gate camera delivers it. */
  static final int WIDTH = 640;

  static final int HEIGHT = 480;

  private AttackInstruments() {}

  /**
   * A photo printed on paper (halftone screen, reduced dynamic range and gamut, paper grain, a
   * white border) held up in front of the camera, slightly tilted, with a specular glare on it.
   *
   * @param photo the encoded photo (JPEG or PNG) to print, e.g. a chip portrait
   * @param seed chooses tilt, position, glare and noise
   * @return the camera frame as JPEG
   * @throws FaceException if {@code photo} cannot be decoded
   */
  public static byte[] printedPhoto(byte[] photo, long seed) {
    OpenCvRuntime.ensureLoaded();
    SplittableRandom random = new SplittableRandom(seed);
    try (MatScope scope = new MatScope()) {
      Mat src = FaceEngine.decode(photo, scope);
      // The print at about twice its size in the frame (a 300-pixel tall print is drawn 600 tall),
      // bounded on both sides so an odd aspect ratio cannot ask for a huge canvas.
      double scale = Math.min(600.0 / src.rows(), 1000.0 / src.cols());
      int h = Math.max(1, (int) Math.round(src.rows() * scale));
      int w = Math.max(1, (int) Math.round(src.cols() * scale));
      Mat print = scope.mat();
      Imgproc.resize(src, print, new Size(w, h), 0, 0, Imgproc.INTER_AREA);
      print = halftone(tonePrint(print, scope), scope);
      Imgproc.GaussianBlur(print, print, new Size(0, 0), 0.8); // ink spread on paper (dot gain)
      Mat paper = addBorder(print, (int) Math.round(h * 0.05), new Scalar(226, 234, 238), scope);
      grain(paper, random, 0.03, scope);
      Mat frame = lane(random, scope);
      double heightInFrame = 330 + random.nextDouble() * 40;
      place(frame, paper, heightInFrame, random, scope);
      glare(frame, random, scope);
      return camera(frame, random, scope);
    }
  }

  /**
   * The photo shown full-width on a phone (black bezel, an LCD's RGB sub-pixel stripes and black
   * matrix, raised black level and a cool white point, a reflection on the glass) held up in
   * front of the camera.
   *
   * @param photo the encoded photo (JPEG or PNG) to show, e.g. a chip portrait
   * @param seed chooses tilt, position, reflection and noise
   * @return the camera frame as JPEG
   * @throws FaceException if {@code photo} cannot be decoded
   */
  public static byte[] phoneReplay(byte[] photo, long seed) {
    OpenCvRuntime.ensureLoaded();
    SplittableRandom random = new SplittableRandom(seed);
    try (MatScope scope = new MatScope()) {
      Mat src = FaceEngine.decode(photo, scope);
      // A 1:2.1 screen, 200 panel pixels across, turned sideways for a landscape photo; the
      // attacker zooms the photo to fill the screen (its centre, where the face is). The centre is
      // cut to the screen's shape first, so the canvas is the panel's whatever the photo's shape.
      boolean landscape = src.cols() > src.rows();
      int panelW = landscape ? 420 : 200;
      int panelH = landscape ? 200 : 420;
      double want = (double) panelW / panelH;
      int cw = src.cols();
      int ch = src.rows();
      if ((double) cw / ch > want) {
        cw = Math.max(1, (int) Math.round(ch * want));
      } else {
        ch = Math.max(1, (int) Math.round(cw / want));
      }
      int top = (src.rows() - ch) / 2;
      int left = (src.cols() - cw) / 2;
      Mat screen = scope.mat();
      Imgproc.resize(scope.add(src.submat(top, top + ch, left, left + cw)), screen,
          new Size(panelW, panelH), 0, 0, Imgproc.INTER_AREA);
      Mat panel = subPixels(toneDisplay(screen, scope), scope);
      int bezel = Math.min(panel.cols(), panel.rows()) / 14;
      Mat phone = addBorder(panel, bezel, new Scalar(18, 18, 20), scope);
      // The body's rim: a lighter edge line, as the metal or plastic frame catches the light.
      Imgproc.rectangle(phone, new Point(0, 0), new Point(phone.cols() - 1, phone.rows() - 1),
          new Scalar(70, 70, 76), 6);
      double heightInFrame = (landscape ? 250 : 400) + random.nextDouble() * 40;
      // The camera integrates light over each of its pixels (and its lens blurs a little): the
      // sub-pixel stripes are attenuated, not removed, before it samples them; what it does not
      // resolve it aliases into moiré.
      double shrink = heightInFrame / phone.rows();
      Imgproc.GaussianBlur(phone, phone, new Size(0, 0), 0.3 / shrink);
      phone.convertTo(phone, CvType.CV_8UC3); // saturates: highlights clip as on a real sensor
      Mat frame = lane(random, scope);
      place(frame, phone, heightInFrame, random, scope);
      glare(frame, random, scope);
      return camera(frame, random, scope);
    }
  }

  // Ink on paper: paper white is about 232, not 255, ink is never quite black, colours are less
  // saturated than on the original, and the paper tone is warm.
  private static Mat tonePrint(Mat bgr, MatScope scope) {
    Mat grey = scope.mat();
    Imgproc.cvtColor(bgr, grey, Imgproc.COLOR_BGR2GRAY);
    Mat grey3 = scope.mat();
    Imgproc.cvtColor(grey, grey3, Imgproc.COLOR_GRAY2BGR);
    Mat out = scope.mat();
    Core.addWeighted(bgr, 0.78, grey3, 0.22, 0, out); // gamut: 22 % towards grey
    out.convertTo(out, -1, (232.0 - 28.0) / 255.0, 28.0); // dynamic range 28..232
    Core.multiply(out, new Scalar(0.93, 0.98, 1.0), out); // warm paper (B, G, R)
    return out;
  }

  // A clustered-dot screen per ink (cyan, magenta, yellow at 15, 75 and 0 degrees, 6-pixel cells
  // at twice the frame's resolution): the dots the camera partly resolves, partly aliases.
  private static Mat halftone(Mat bgr, MatScope scope) {
    int w = bgr.cols();
    int h = bgr.rows();
    byte[] in = new byte[w * h * 3];
    bgr.get(0, 0, in);
    byte[] out = new byte[in.length];
    double[] angles = {0, 75, 15}; // B channel = yellow ink, G = magenta, R = cyan
    double cell = 6.0;
    for (int c = 0; c < 3; c++) {
      double a = Math.toRadians(angles[c]);
      double cos = Math.cos(a);
      double sin = Math.sin(a);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int i = (y * w + x) * 3 + c;
          double v = (in[i] & 0xff) / 255.0;
          double u = (x * cos + y * sin) / cell;
          double t = (-x * sin + y * cos) / cell;
          double spot = 0.5 + 0.25 * (Math.cos(2 * Math.PI * u) + Math.cos(2 * Math.PI * t));
          // Ink coverage 1 - v; a soft edge of the dot so the screen is not a binary pattern.
          double inked = clamp01(((1 - v) - spot) * 4 + 0.5);
          double paperWhite = 236.0;
          out[i] = (byte) Math.round(paperWhite * (1 - inked) + 25.0 * inked);
        }
      }
    }
    Mat m = scope.add(new Mat(h, w, CvType.CV_8UC3));
    m.put(0, 0, out);
    return m;
  }

  // An LCD seen from close: its gamma and backlight (black level 14, white point cooler than
  // daylight), then each panel pixel as red, green and blue stripes with a black matrix around.
  private static Mat toneDisplay(Mat bgr, MatScope scope) {
    Mat out = scope.mat();
    bgr.convertTo(out, -1, (250.0 - 14.0) / 255.0, 14.0);
    Core.multiply(out, new Scalar(1.0, 0.96, 0.86), out);
    return out;
  }

  private static Mat subPixels(Mat panel, MatScope scope) {
    int w = panel.cols();
    int h = panel.rows();
    byte[] in = new byte[w * h * 3];
    panel.get(0, 0, in);
    int s = 3; // per panel pixel: red, green and blue stripes, and a row of black matrix
    float[] out = new float[w * s * h * s * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = (y * w + x) * 3;
        for (int dy = 0; dy < s - 1; dy++) {
          int row = (y * s + dy) * w * s;
          for (int stripe = 0; stripe < 3; stripe++) {
            int channel = 2 - stripe; // red stripe first, as on most panels; BGR order
            // A stripe lights a third of the pixel's width and two thirds of its height: 4.5
            // times as bright as the pixel's mean, which is what the camera averages it back to.
            out[(row + x * s + stripe) * 3 + channel] = (in[i + channel] & 0xff) * 4.5f;
          }
        }
      }
    }
    Mat m = scope.add(new Mat(h * s, w * s, CvType.CV_32FC3));
    m.put(0, 0, out);
    return m;
  }

  private static Mat addBorder(Mat image, int border, Scalar colour, MatScope scope) {
    Mat out = scope.mat();
    Core.copyMakeBorder(image, out, border, border, border, border, Core.BORDER_CONSTANT, colour);
    return out;
  }

  // Paper grain: multiplicative noise, half of it blurred into fibres.
  private static void grain(Mat image, SplittableRandom random, double amount, MatScope scope) {
    Mat noise = gaussian(image.rows(), image.cols(), random, scope);
    Mat fibres = scope.mat();
    Imgproc.GaussianBlur(noise, fibres, new Size(0, 0), 2.0);
    Core.addWeighted(noise, 0.5, fibres, 1.5, 0, noise);
    Mat f = scope.mat();
    image.convertTo(f, CvType.CV_32FC3);
    Mat n3 = scope.mat();
    Core.merge(java.util.List.of(noise, noise, noise), n3);
    Core.multiply(n3, new Scalar(amount, amount, amount), n3);
    Core.add(n3, new Scalar(1, 1, 1), n3);
    Core.multiply(f, n3, f);
    f.convertTo(image, CvType.CV_8UC3);
  }

  private static Mat gaussian(int rows, int cols, SplittableRandom random, MatScope scope) {
    float[] v = new float[rows * cols];
    java.util.Random g = new java.util.Random(random.nextLong());
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) g.nextGaussian();
    }
    Mat m = scope.add(new Mat(rows, cols, CvType.CV_32F));
    m.put(0, 0, v);
    return m;
  }

  // The lane behind the instrument: a lit wall, brighter towards the ceiling light, a darker
  // floor band, mild texture.
  private static Mat lane(SplittableRandom random, MatScope scope) {
    Mat frame = scope.add(new Mat(HEIGHT, WIDTH, CvType.CV_8UC3));
    byte[] row = new byte[WIDTH * 3];
    double base = 150 + random.nextDouble() * 30;
    for (int y = 0; y < HEIGHT; y++) {
      double v = base - (y - HEIGHT / 2.0) / 5.0 - (y > HEIGHT * 0.82 ? 45 : 0);
      for (int x = 0; x < WIDTH; x++) {
        double shade = v - Math.abs(x - WIDTH / 2.0) / 12.0;
        row[x * 3] = (byte) clamp255(shade * 0.97);
        row[x * 3 + 1] = (byte) clamp255(shade);
        row[x * 3 + 2] = (byte) clamp255(shade * 1.03);
      }
      frame.put(y, 0, row);
    }
    return frame;
  }

  // Puts the instrument into the frame, held by hand: scaled to heightInFrame, rotated up to 6
  // degrees, turned about its vertical axis (one side nearer the camera) and off-centre a little.
  private static void place(
      Mat frame, Mat instrument, double heightInFrame, SplittableRandom random, MatScope scope) {
    double scale = heightInFrame / instrument.rows();
    double w = instrument.cols() * scale;
    double h = instrument.rows() * scale;
    double cx = WIDTH / 2.0 + (random.nextDouble() * 2 - 1) * 40;
    double cy = HEIGHT / 2.0 + (random.nextDouble() * 2 - 1) * 15;
    double roll = Math.toRadians((random.nextDouble() * 2 - 1) * 6);
    double turn = 0.04 + random.nextDouble() * 0.06; // the far side this much shorter
    boolean leftNear = random.nextBoolean();
    double[][] corners = {
      {-w / 2, -h / 2 * (leftNear ? 1 : 1 - turn)},
      {w / 2, -h / 2 * (leftNear ? 1 - turn : 1)},
      {w / 2, h / 2 * (leftNear ? 1 - turn : 1)},
      {-w / 2, h / 2 * (leftNear ? 1 : 1 - turn)},
    };
    Point[] dst = new Point[4];
    for (int i = 0; i < 4; i++) {
      double x = corners[i][0] * (1 - turn / 2);
      double y = corners[i][1];
      dst[i] = new Point(
          cx + x * Math.cos(roll) - y * Math.sin(roll), cy + x * Math.sin(roll) + y * Math.cos(roll));
    }
    Point[] src = {
      new Point(0, 0),
      new Point(instrument.cols(), 0),
      new Point(instrument.cols(), instrument.rows()),
      new Point(0, instrument.rows())
    };
    Mat m = scope.add(Imgproc.getPerspectiveTransform(
        scope.add(new MatOfPoint2f(src)), scope.add(new MatOfPoint2f(dst))));
    Size size = new Size(WIDTH, HEIGHT);
    Mat warped = scope.mat();
    // Linear, not area, resampling: a camera samples the scene, which is where moiré comes from.
    Imgproc.warpPerspective(instrument, warped, m, size, Imgproc.INTER_LINEAR,
        Core.BORDER_CONSTANT, new Scalar(0, 0, 0));
    Mat ones = scope.add(new Mat(instrument.size(), CvType.CV_8U, new Scalar(255)));
    Mat mask = scope.mat();
    Imgproc.warpPerspective(ones, mask, m, size, Imgproc.INTER_LINEAR, Core.BORDER_CONSTANT,
        new Scalar(0));
    // Shade the instrument a little: held by hand, it is lit less evenly than the wall.
    Core.multiply(warped, new Scalar(0.94, 0.94, 0.94), warped);
    warped.copyTo(frame, mask);
  }

  // A specular highlight: the lane light reflected by the glossy print or the phone's glass, an
  // elongated soft spot away from the frame's centre, where the face usually is.
  private static void glare(Mat frame, SplittableRandom random, MatScope scope) {
    Mat spot = scope.add(Mat.zeros(HEIGHT, WIDTH, CvType.CV_8UC3));
    double side = random.nextBoolean() ? 1 : -1;
    Point centre = new Point(WIDTH / 2.0 + side * (70 + random.nextDouble() * 40),
        HEIGHT / 2.0 - 120 + random.nextDouble() * 40);
    Imgproc.ellipse(spot, centre, new Size(60, 22), 30 * side, 0, 360,
        new Scalar(110, 110, 110), -1);
    Imgproc.GaussianBlur(spot, spot, new Size(0, 0), 14);
    Core.add(frame, spot, frame);
  }

  // The camera: optics a little soft, sensor noise, MJPEG at quality 90.
  private static byte[] camera(Mat frame, SplittableRandom random, MatScope scope) {
    Imgproc.GaussianBlur(frame, frame, new Size(0, 0), 0.6);
    Mat noise = gaussian(HEIGHT, WIDTH, random, scope);
    Mat n3 = scope.mat();
    Core.merge(java.util.List.of(noise, noise, noise), n3);
    Mat f = scope.mat();
    frame.convertTo(f, CvType.CV_32FC3);
    Core.scaleAdd(n3, 2.5, f, f);
    f.convertTo(frame, CvType.CV_8UC3);
    MatOfByte out = scope.add(new MatOfByte());
    Imgcodecs.imencode(".jpg", frame, out, scope.add(new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 90)));
    return out.toArray();
  }

  private static double clamp01(double v) {
    return Math.max(0, Math.min(1, v));
  }

  private static int clamp255(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
