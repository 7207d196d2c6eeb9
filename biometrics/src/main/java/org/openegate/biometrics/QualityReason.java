package org.openegate.biometrics;

/** Why a face image fails the capture-quality policy ({@link QualityPolicy}). */
public enum QualityReason {
  /** The image is smaller than the policy's minimum width or height. */
  IMAGE_TOO_SMALL,
  /** The face is too narrow for the image (subject too far away). */
  HEAD_TOO_NARROW,
  /** The face is too wide for the image (subject too close, face cut off). */
  HEAD_TOO_WIDE,
  /** The face is too short for the image. */
  HEAD_TOO_SHORT,
  /** The face is too tall for the image. */
  HEAD_TOO_TALL,
  /** Fewer pixels between the eye centres than the policy asks. */
  EYE_DISTANCE_TOO_SMALL,
  /** The head is turned left or right beyond the limit. */
  YAW,
  /** The head is tilted up or down beyond the limit. */
  PITCH,
  /** The head is tilted sideways beyond the limit. */
  ROLL,
  /** The face is blurred (motion or focus). */
  BLURRED,
  /** Too much of the face is very dark. */
  UNDER_EXPOSED,
  /** Too much of the face is saturated white. */
  OVER_EXPOSED,
  /** At least one eye is closed. */
  EYES_CLOSED
}
