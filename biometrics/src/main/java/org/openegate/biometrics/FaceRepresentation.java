package org.openegate.biometrics;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One representation (one 2D facial image) of an ISO/IEC 39794-5 face image data block, with the
 * metadata a gate uses. Field names follow the ASN.1 module ID-ICAO-ISO-IEC-39794-5-ed-1-v1 (the ICAO
 * application profile's module derived from ISO/IEC 39794-5 edition 1); the clause of the application profile is
 * "ISO/IEC 39794-5 Application Profile for eMRTDs" v1.00 Table 2 (data structure under DO 7F2E).
 *
 * @param representationId {@code RepresentationBlock.representationId [0]}
 * @param imageFormat the image's format from its own signature (see {@link FaceImage#imageFormat()})
 * @param imageDataFormat the declared {@code ImageDataFormatCode}: 2 JPEG, 3 JPEG 2000 lossy, 4 JPEG
 *     2000 lossless; empty when the record uses the extension block instead of a code
 * @param faceImageKind {@code FaceImageKind2DCode} (0 = mrtd) when present
 * @param width {@code imageSizeBlock.width [0]} when present (it may differ from the image's own header)
 * @param height {@code imageSizeBlock.height [1]} when present
 * @param captureDateTime {@code captureDateTimeBlock [2]} when present
 * @param qualityBlocks {@code qualityBlocks [3]}, in record order
 * @param poseAngles {@code identityMetadataBlock [8] . poseAngleBlock [6]} when present
 * @param landmarks {@code landmarkBlocks [9]}, in record order
 * @param otherElements every element of the representation not mapped above, kept whole
 * @param image {@code representationData2D [0]}, the encoded image
 */
public record FaceRepresentation(
    long representationId,
    ImageFormat imageFormat,
    OptionalInt imageDataFormat,
    OptionalInt faceImageKind,
    OptionalInt width,
    OptionalInt height,
    Optional<CaptureDateTime> captureDateTime,
    List<Quality> qualityBlocks,
    Optional<PoseAngles> poseAngles,
    List<Landmark> landmarks,
    List<TaggedElement> otherElements,
    byte[] image)
    implements FaceImage {

  /** ImageDataFormatCode values (39794-5 ImageDataFormatCode, ICAO AP). */
  public static final int FORMAT_JPEG = 2;
  public static final int FORMAT_JPEG2000_LOSSY = 3;
  public static final int FORMAT_JPEG2000_LOSSLESS = 4;

  public FaceRepresentation {
    qualityBlocks = List.copyOf(qualityBlocks);
    landmarks = List.copyOf(landmarks);
    otherElements = List.copyOf(otherElements);
    image = image.clone();
  }

  @Override
  public FaceRecordFormat recordFormat() {
    return FaceRecordFormat.ISO_39794_5;
  }

  @Override
  public byte[] image() {
    return image.clone();
  }

  /** The format the record declares, when its code is one of 39794-5's; may disagree with {@link #imageFormat()}. */
  public Optional<ImageFormat> declaredFormat() {
    if (imageDataFormat.isEmpty()) {
      return Optional.empty();
    }
    return switch (imageDataFormat.getAsInt()) {
      case FORMAT_JPEG -> Optional.of(ImageFormat.JPEG);
      case FORMAT_JPEG2000_LOSSY, FORMAT_JPEG2000_LOSSLESS -> Optional.of(ImageFormat.JPEG2000);
      default -> Optional.empty();
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaceRepresentation r
        && representationId == r.representationId
        && imageFormat == r.imageFormat
        && imageDataFormat.equals(r.imageDataFormat)
        && faceImageKind.equals(r.faceImageKind)
        && width.equals(r.width)
        && height.equals(r.height)
        && captureDateTime.equals(r.captureDateTime)
        && qualityBlocks.equals(r.qualityBlocks)
        && poseAngles.equals(r.poseAngles)
        && landmarks.equals(r.landmarks)
        && otherElements.equals(r.otherElements)
        && Arrays.equals(image, r.image);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(image) * 31 + Long.hashCode(representationId);
  }

  /** Omits the image, the capture time, the landmark positions and the kept elements' content. */
  @Override
  public String toString() {
    return "FaceRepresentation[id=" + representationId + ", " + imageFormat
        + ", declared=" + declaredFormat().map(Enum::name).orElse("?")
        + ", size=" + (width.isPresent() ? width.getAsInt() + "x" + height.orElse(-1) : "?")
        + ", quality=" + qualityBlocks.size() + ", landmarks=" + landmarks.size()
        + ", otherElements=" + otherElements.size() + ", image " + image.length + " bytes redacted]";
  }

  /**
   * {@code CaptureDateTimeBlock} (39794-1 DateTimeBlock): the year is mandatory, the rest optional.
   */
  public record CaptureDateTime(
      int year,
      OptionalInt month,
      OptionalInt day,
      OptionalInt hour,
      OptionalInt minute,
      OptionalInt second,
      OptionalInt millisecond) {}

  /**
   * {@code QualityBlock} (39794-1): the algorithm's registry id and either a score 0-100 or a
   * scoring error code (0 = failureToAssess).
   */
  public record Quality(int organisation, int algorithm, OptionalInt score, OptionalInt errorCode) {}

  /** {@code PoseAngleBlock}: each angle optional, in degrees, -180 to 180. */
  public record PoseAngles(Optional<Angle> yaw, Optional<Angle> pitch, Optional<Angle> roll) {}

  /** {@code AngleDataBlock}: a value in degrees and an optional uncertainty (0-180). */
  public record Angle(int degrees, OptionalInt uncertainty) {}

  /** Which code list a landmark's code belongs to ({@code LandmarkKind}). */
  public enum LandmarkKind {
    /** {@code MPEG4FeaturePointCode}, 0 = point 2.1 ... 87 = point 12.4. */
    MPEG4_FEATURE_POINT,
    /** {@code AnthropometricLandmarkNameCode}, 0 = vertex ... 60 = tragion. */
    ANTHROPOMETRIC_NAME,
    /** {@code AnthropometricLandmarkPointNameCode}. */
    ANTHROPOMETRIC_POINT_NAME,
    /** {@code AnthropometricLandmarkPointIdCode}. */
    ANTHROPOMETRIC_POINT_ID,
    /** An extension block: no code this parser knows; the element is kept in otherElements. */
    EXTENSION
  }

  /** The coordinate system of a landmark ({@code LandmarkCoordinatesBase}). */
  public enum CoordinateSystem {
    CARTESIAN_2D,
    TEXTURE_IMAGE,
    CARTESIAN_3D
  }

  /** A landmark position; {@code z} only for 3D coordinates. */
  public record Point(CoordinateSystem system, int x, int y, OptionalInt z) {}

  /** {@code LandmarkBlock}: its kind and code, and its position when given in a known system. */
  public record Landmark(LandmarkKind kind, OptionalInt code, Optional<Point> point) {}
}
