package org.openegate.biometrics;

/** Why a live-capture frame was not usable (quality failures are counted by {@link QualityReason}). */
public enum CaptureReason {
  /** No face in the frame. */
  NO_FACE,
  /** More than one face of comparable size: the subject is ambiguous. */
  MULTIPLE_FACES,
  /** The frame could not be processed (e.g. a native failure on that frame). */
  UNUSABLE_FRAME,
  /** The face failed the quality policy (see the quality reasons). */
  QUALITY,
  /** The PAD score was below the liveness threshold. */
  PRESENTATION_ATTACK_SUSPECTED,
  /** The time limit ended the capture (counted once, not per frame). */
  TIME_LIMIT,
  /** The stream ended before the time limit with no qualifying frame (counted once). */
  STREAM_ENDED
}
