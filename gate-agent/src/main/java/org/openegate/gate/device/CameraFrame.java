package org.openegate.gate.device;

import java.time.Instant;
import java.util.Objects;

/**
 * One frame from a camera, encoded.
 *
 * @param sequence the frame's number since the camera started (gaps are frames dropped for being stale)
 * @param capturedAt when the frame was grabbed, from the camera driver's clock
 * @param width pixels
 * @param height pixels
 * @param encoded the image as JPEG; a face image, so personal data: never logged, not in {@link #toString()}
 */
public record CameraFrame(long sequence, Instant capturedAt, int width, int height, byte[] encoded) {

    public CameraFrame {
        Objects.requireNonNull(capturedAt, "capturedAt");
        Objects.requireNonNull(encoded, "encoded");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size " + width + "x" + height + " is not positive");
        }
        encoded = encoded.clone();
    }

    @Override
    public byte[] encoded() {
        return encoded.clone();
    }

    @Override
    public String toString() {
        return "CameraFrame[#" + sequence + ", " + capturedAt + ", " + width + "x" + height + ", " + encoded.length
                + " bytes, image redacted]";
    }
}
