package org.openegate.biometrics;

import java.util.List;
import org.opencv.calib3d.Calib3d;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.MatOfPoint3f;
import org.opencv.core.Point;
import org.opencv.core.Point3;

/**
 * Head pose and eye opening from the 68 iBUG-300W landmarks.
 *
 * <p>Yaw and pitch: six landmarks (nose tip 30, chin 8, outer eye corners 36 and 45, mouth corners
 * 48 and 54) are fitted with {@code solvePnP} to a generic 3-D head, with a pinhole camera whose
 * focal length is the image width and whose centre is the image centre (no calibration is
 * available at this level; the angles are robust to that choice for heads filling a small part of
 * the field of view). The generic head is the approximate anthropometric model popularised by
 * S. Mallick's "Head Pose Estimation using OpenCV and Dlib" (LearnOpenCV, 2016), in arbitrary units
 * with the nose tip at the origin, here in camera axes (x right, y down, z away from the camera).
 * A generic model gives a frontal head a few degrees of pitch offset, depending on the person's
 * proportions: measured on LFW in docs/face-eval.md.
 *
 * <p>Eye opening: the eye aspect ratio of T. Soukupova and J. Cech, "Real-Time Eye Blink Detection
 * using Facial Landmarks" (CVWW 2016): (|p2-p6| + |p3-p5|) / (2 |p1-p4|) over an eye's six points.
 */
final class HeadPose {

  private static final Point3[] MODEL = {
    new Point3(0, 0, 0), // nose tip, 30
    new Point3(0, 330, 65), // chin, 8
    new Point3(-225, -170, 135), // image-left eye outer corner, 36
    new Point3(225, -170, 135), // image-right eye outer corner, 45
    new Point3(-150, 150, 125), // image-left mouth corner, 48
    new Point3(150, 150, 125) // image-right mouth corner, 54
  };
  private static final int[] INDICES = {30, 8, 36, 45, 48, 54};

  private HeadPose() {}

  /** {yaw, pitch} in degrees; NaN if the fit fails. */
  static double[] yawPitch(List<FacePoint> lm, int imageWidth, int imageHeight) {
    Point[] image = new Point[INDICES.length];
    for (int i = 0; i < INDICES.length; i++) {
      FacePoint p = lm.get(INDICES[i]);
      image[i] = new Point(p.x(), p.y());
    }
    MatOfPoint3f model = new MatOfPoint3f(MODEL);
    MatOfPoint2f points = new MatOfPoint2f(image);
    Mat camera = new Mat(3, 3, CvType.CV_64F);
    camera.put(0, 0, imageWidth, 0, imageWidth / 2.0, 0, imageWidth, imageHeight / 2.0, 0, 0, 1);
    MatOfDouble distortion = new MatOfDouble(0, 0, 0, 0);
    Mat rvec = new Mat();
    Mat tvec = new Mat();
    Mat rotation = new Mat();
    Mat mtxR = new Mat();
    Mat mtxQ = new Mat();
    try {
      if (!Calib3d.solvePnP(model, points, camera, distortion, rvec, tvec)) {
        return new double[] {Double.NaN, Double.NaN};
      }
      Calib3d.Rodrigues(rvec, rotation);
      double[] euler = Calib3d.RQDecomp3x3(rotation, mtxR, mtxQ);
      // euler = rotations about x (pitch), y (yaw), z (roll), in degrees.
      return new double[] {-euler[1], -euler[0]};
    } finally {
      model.release();
      points.release();
      camera.release();
      distortion.release();
      rvec.release();
      tvec.release();
      rotation.release();
      mtxR.release();
      mtxQ.release();
    }
  }

  /** Eye aspect ratio of the six points p1..p6 (corner, upper lid x2, corner, lower lid x2). */
  static double eyeAspect(List<FacePoint> lm, int p1, int p2, int p3, int p4, int p5, int p6) {
    double width = dist(lm.get(p1), lm.get(p4));
    if (!(width > 0)) {
      return Double.NaN;
    }
    return (dist(lm.get(p2), lm.get(p6)) + dist(lm.get(p3), lm.get(p5))) / (2 * width);
  }

  private static double dist(FacePoint a, FacePoint b) {
    return Math.hypot(a.x() - b.x(), a.y() - b.y());
  }
}
