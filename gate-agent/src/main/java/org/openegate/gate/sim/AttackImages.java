package org.openegate.gate.sim;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.openegate.biometrics.DemoFaces;

/**
 * Presentation-attack instruments for the simulation, rendered from a genuine photo the way a camera would see
 * them (ISO/IEC 30107-3 calls them presentation attack instruments): a portrait shown on a phone screen, whose
 * RGB sub-pixel grid the camera resolves. The pipeline's real PAD model scores them; nothing
 * tells it the answer.
 */
final class AttackImages {

    private AttackImages() {
    }

    /** The portrait on a screen held close to the camera: each pixel becomes its red, green and blue sub-pixels. */
    static byte[] screenReplay(byte[] portraitJpeg) {
        DemoFaces.persons(); // loads OpenCV's native library
        Mat src = Imgcodecs.imdecode(new MatOfByte(portraitJpeg), Imgcodecs.IMREAD_COLOR);
        Mat small = new Mat();
        Imgproc.resize(src, small, new Size(src.cols() / 3.0, src.rows() / 3.0), 0, 0, Imgproc.INTER_AREA);
        Mat grid = Mat.zeros(small.rows() * 3, small.cols() * 3, src.type());
        byte[] pixel = new byte[3];
        for (int y = 0; y < small.rows(); y++) {
            for (int x = 0; x < small.cols(); x++) {
                small.get(y, x, pixel);
                for (int channel = 0; channel < 3; channel++) {
                    byte[] sub = new byte[3];
                    sub[2 - channel] = pixel[2 - channel]; // BGR: red sub-pixel first, as on most panels
                    grid.put(y * 3, x * 3 + channel, sub);
                    grid.put(y * 3 + 1, x * 3 + channel, sub);
                }
            }
        }
        return jpeg(grid);
    }

    /**
     * What the camera sees of a phone held up with the portrait on it: the sub-pixel grid over the photo at half
     * weight (at more than about 0.6 our face detector no longer finds the face at all).
     *
     * <p>Measured 2026-11-29 on the two demo persons: fr_liveness scores these frames 0.87 and 0.89, above the
     * policy's 0.5, so the gate's PAD does NOT catch this attack; see docs/gate-bench.md. The simulation keeps the
     * attack honest rather than making the model's answer up.
     */
    static byte[] heldUpScreen(byte[] portraitJpeg) {
        return blend(portraitJpeg, screenReplay(portraitJpeg), 0.5);
    }

    /** {@code attack} laid over the genuine photo with weight {@code alpha}: how strongly the instrument shows. */
    static byte[] blend(byte[] portraitJpeg, byte[] attackJpeg, double alpha) {
        Mat a = Imgcodecs.imdecode(new MatOfByte(portraitJpeg), Imgcodecs.IMREAD_COLOR);
        Mat b = Imgcodecs.imdecode(new MatOfByte(attackJpeg), Imgcodecs.IMREAD_COLOR);
        Mat bs = new Mat();
        Imgproc.resize(b, bs, a.size());
        Mat out = new Mat();
        Core.addWeighted(a, 1 - alpha, bs, alpha, 0, out);
        return jpeg(out);
    }

    /**
     * The lane as the camera sees it with nobody facing it (the traveller turned away or stepped back): a lit wall
     * with a vertical shading and sensor noise, no face.
     */
    static byte[] emptyLane() {
        DemoFaces.persons(); // loads OpenCV's native library
        Mat wall = new Mat(480, 640, org.opencv.core.CvType.CV_8UC3);
        byte[] row = new byte[640 * 3];
        java.util.Random noise = new java.util.Random(7);
        for (int y = 0; y < 480; y++) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (byte) Math.max(0, Math.min(255, 150 + (y - 240) / 6 + (int) (noise.nextGaussian() * 4)));
            }
            wall.put(y, 0, row);
        }
        return jpeg(wall);
    }

    private static byte[] jpeg(Mat image) {
        MatOfByte out = new MatOfByte();
        Imgcodecs.imencode(".jpg", image, out, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 90));
        Core.mean(image); // keeps the native image alive until encoded
        return out.toArray();
    }
}
