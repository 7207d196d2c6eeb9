package org.openegate.gate.sim;

import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.openegate.biometrics.AttackInstruments;
import org.openegate.biometrics.DemoFaces;

/**
 * What the simulated camera sees when the traveller is not a live face: a presentation-attack instrument (ISO/IEC
 * 30107-1), or the empty lane. The instruments are rendered by {@link AttackInstruments} the way a camera would see
 * them; the pipeline's real PAD model scores them, and nothing tells it the answer.
 */
final class AttackImages {

    private AttackImages() {
    }

    /**
     * Someone holds a phone up to the camera with the holder's portrait filling its screen: the phone's bezel, the
     * panel's sub-pixel stripes and the moiré the camera makes of them, its backlight, a reflection on the glass.
     *
     * <p>Measured 2026-11-29 (docs/face-eval.md, "PAD"): fr_liveness scores these frames of both demo portraits
     * at most 0.027 for seeds 1-5, far below the policy's 0.5, so the gate refers the traveller with
     * PRESENTATION_ATTACK. A printed photo ({@link AttackInstruments#printedPhoto}) is caught for one demo
     * portrait and not the other, so the demo uses the phone.
     */
    static byte[] phoneReplay(byte[] portraitJpeg, long seed) {
        return AttackInstruments.phoneReplay(portraitJpeg, seed);
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
