package org.openegate.biometrics;

import java.util.Objects;

/**
 * A face operation that could not be completed, with a machine-readable {@link Reason}.
 *
 * <p>Messages name the offending value (a size, an offset, a count) but never contain image bytes,
 * templates or anything else that identifies a person.
 */
public final class FaceException extends RuntimeException {

  /** Why a face operation failed. */
  public enum Reason {
    /** The bytes are not a JPEG, PNG or JPEG 2000 image, or the codec could not decode them. */
    UNDECODABLE_IMAGE,
    /** An ISO/IEC 19794-5 or 39794-5 face record is malformed (lengths, tags, counts or types out of range). */
    MALFORMED_FACE_RECORD,
    /** The image (bytes or declared pixels) exceeds the configured bound; refused before decoding. */
    IMAGE_TOO_LARGE,
    /** The image is too small to hold a usable face. */
    IMAGE_TOO_SMALL,
    /** No face was found. */
    NO_FACE,
    /** More than one face of comparable size was found, so the subject is ambiguous. */
    MULTIPLE_FACES,
    /** A pre-aligned crop is not the 112x112 size the embedding model needs. */
    NOT_ALIGNED,
    /** A model resource is missing or its SHA-256 differs from the pinned value. */
    MODEL_INTEGRITY,
    /** The OpenCV native library or a model could not be loaded. */
    NATIVE_FAILURE,
    /** The engine was used after {@link FaceEngine#close()}. */
    ENGINE_CLOSED
  }

  private final Reason reason;

  public FaceException(Reason reason, String message) {
    super(reason + ": " + message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public FaceException(Reason reason, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
