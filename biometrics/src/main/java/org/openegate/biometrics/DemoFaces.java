package org.openegate.biometrics;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
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
import org.openegate.biometrics.FaceException.Reason;

/**
 * Portraits for simulated travellers, from public-domain photographs shipped in Debian packages
 * (fetched pinned by {@code fetch-pinned.sh}; sources and licences in MODELS.md and
 * {@code demo/SOURCES.txt}).
 *
 * <p>Each person has one published photo only. Their "live captures" are derived from it by
 * re-framing (shift, zoom, a few degrees of roll) and re-lighting (gamma, contrast), then JPEG
 * re-encoding, so a genuine comparison in the demo is portrait-vs-derived-frame of one photo: an
 * easy genuine pair, scoring far higher than two independent photos of a person would. The impostor
 * pairs are real (different people).
 */
public final class DemoFaces {

  private static final String DIR = "/org/openegate/biometrics/demo/";

  private DemoFaces() {}

  /** The demo persons, in a fixed order. Derives the live captures on each call. */
  public static List<DemoPerson> persons() {
    OpenCvRuntime.ensureLoaded();
    return List.of(
        person(
            "eileen-collins",
            "Eileen Collins",
            "eileen-collins-1.png",
            ImageFormat.PNG,
            "Debian python3-skimage 0.19.3-8, skimage/data/astronaut.png (NASA Great Images)",
            "Public domain (NASA photograph; 'No known copyright restrictions, released into the"
                + " public domain' per scikit-image)"),
        person(
            "grace-hopper",
            "Grace Hopper",
            "grace-hopper-1.jpg",
            ImageFormat.JPEG,
            "Debian python-matplotlib-data 3.6.3-1, mpl-data/sample_data/grace_hopper.jpg"
                + " (Wikimedia Commons File:Grace_Hopper.jpg)",
            "Public domain (official US Navy photograph, work of the US federal government)"));
  }

  /**
   * The person's portrait as a chip would hold it: JPEG. Issuers store JPEG or JPEG 2000 in DG2, so a
   * PNG original is re-encoded once (quality 88), otherwise unchanged.
   */
  public static byte[] chipPortraitJpeg(DemoPerson person) {
    DemoPhoto portrait = person.portrait();
    if (portrait.format() == ImageFormat.JPEG) {
      return portrait.bytes();
    }
    return derive(portrait.bytes(), 1.0, 0.0, 0.0, 0.0, 1.0, 1.0, 0);
  }

  /** The person with this id. */
  public static DemoPerson person(String id) {
    for (DemoPerson p : persons()) {
      if (p.id().equals(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException("no demo person with id " + id);
  }

  private static DemoPerson person(
      String id, String name, String file, ImageFormat format, String source, String licence) {
    byte[] original = resource(file);
    DemoPhoto portrait = new DemoPhoto(file, format, false, original);
    List<DemoPhoto> live = new ArrayList<>();
    // Two frames: closer, rolled right, brighter; and wider, rolled left, darker and softer.
    live.add(new DemoPhoto(id + "-live-1.jpg", ImageFormat.JPEG, true,
        derive(original, 1.12, 4.0, 0.04, -0.02, 0.8, 1.05, 0)));
    live.add(new DemoPhoto(id + "-live-2.jpg", ImageFormat.JPEG, true,
        derive(original, 0.92, -3.0, -0.03, 0.03, 1.3, 0.92, 3)));
    return new DemoPerson(id, name, source, licence, portrait, live);
  }

  private static byte[] resource(String file) {
    try (InputStream in = DemoFaces.class.getResourceAsStream(DIR + file)) {
      if (in == null) {
        throw new FaceException(
            Reason.MODEL_INTEGRITY, "demo resource " + DIR + file + " is missing");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new FaceException(Reason.MODEL_INTEGRITY, "cannot read demo resource " + file, e);
    }
  }

  /**
   * Re-frames and re-lights a photo: zoom and roll about a point shifted from the centre by
   * (dx, dy) of the size, gamma and contrast, optional Gaussian blur, JPEG quality 88.
   */
  static byte[] derive(
      byte[] image, double zoom, double rollDegrees, double dx, double dy, double gamma,
      double contrast, int blurRadius) {
    try (MatScope scope = new MatScope()) {
      Mat src = FaceEngine.decode(image, scope);
      Point centre = new Point(src.cols() * (0.5 + dx), src.rows() * (0.5 + dy));
      Mat rotation = scope.add(Imgproc.getRotationMatrix2D(centre, rollDegrees, zoom));
      Mat warped = scope.mat();
      Imgproc.warpAffine(src, warped, rotation, src.size(), Imgproc.INTER_LINEAR,
          Core.BORDER_REFLECT_101, new Scalar(0, 0, 0));
      Mat lut = scope.add(new Mat(1, 256, CvType.CV_8U));
      byte[] table = new byte[256];
      for (int i = 0; i < 256; i++) {
        double v = 255.0 * Math.pow(i / 255.0, gamma);
        v = (v - 128) * contrast + 128;
        table[i] = (byte) Math.max(0, Math.min(255, Math.round(v)));
      }
      lut.put(0, 0, table);
      Mat lit = scope.mat();
      Core.LUT(warped, lut, lit);
      if (blurRadius > 0) {
        Imgproc.GaussianBlur(lit, lit, new Size(2 * blurRadius + 1, 2 * blurRadius + 1), 0);
      }
      MatOfByte out = scope.add(new MatOfByte());
      Imgcodecs.imencode(".jpg", lit, out, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 88));
      return out.toArray();
    }
  }
}
