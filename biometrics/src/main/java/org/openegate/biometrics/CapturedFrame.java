package org.openegate.biometrics;

import java.time.Instant;
import java.util.Objects;

/**
 * One camera frame and when it was taken.
 *
 * @param timestamp capture time from the camera driver
 * @param image the pixels (redacted in {@code toString()})
 */
public record CapturedFrame(Instant timestamp, BgrImage image) {

  public CapturedFrame {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(image, "image");
  }
}
