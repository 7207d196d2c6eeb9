package org.openegate.biometrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link LiveCapture#capture} found.
 *
 * @param best the best qualifying frame, if any
 * @param framesSeen frames taken from the stream and analysed
 * @param elapsed time from start to decision, on the capture's clock
 * @param rejections frames rejected, by reason (plus one TIME_LIMIT or STREAM_ENDED when nothing
 *     qualified)
 * @param qualityFailures quality failures over all rejected frames, by reason
 */
public record CaptureResult(
    Optional<Choice> best,
    int framesSeen,
    Duration elapsed,
    Map<CaptureReason, Integer> rejections,
    Map<QualityReason, Integer> qualityFailures) {

  /**
   * The chosen frame.
   *
   * @param index position in the stream, from 0
   * @param timestamp the frame's capture time
   * @param analysis the engine's analysis (template, landmarks: redacted in toString)
   * @param score the ranking score in [0, 1] (see {@link LiveCapture})
   */
  public record Choice(int index, Instant timestamp, FaceAnalysis analysis, double score) {}

  public CaptureResult {
    rejections = Map.copyOf(rejections);
    qualityFailures = Map.copyOf(qualityFailures);
  }

  public boolean qualified() {
    return best.isPresent();
  }
}
