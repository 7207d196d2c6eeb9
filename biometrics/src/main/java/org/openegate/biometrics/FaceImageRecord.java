package org.openegate.biometrics;

/**
 * One facial image of an ISO/IEC 19794-5:2005 face record (the format inside most DG2s).
 *
 * @param declaredFormat JPEG or JPEG 2000 as the record declares it (image data type 0 or 1,
 *     §5.7.2). Records in the field mislabel this (gmrtd's sample declares JPEG 2000 around a JFIF
 *     file), so decoders go by the image's own signature ({@link ImageProbe}), not by this field.
 * @param width declared image width (§5.7.3)
 * @param height declared image height (§5.7.4)
 * @param faceImageType 0 basic, 1 full frontal, 2 token frontal (§5.7.1)
 * @param gender 0 unspecified, 1 male, 2 female, 0xFF unknown (§5.5.3)
 * @param expression 0 unspecified, 1 neutral, ... (§5.5.7)
 * @param featurePoints number of feature points stored (§5.5.2)
 * @param image the encoded image
 */
public record FaceImageRecord(
    ImageFormat declaredFormat,
    int width,
    int height,
    int faceImageType,
    int gender,
    int expression,
    int featurePoints,
    byte[] image)
    implements FaceImage {

  public FaceImageRecord {
    image = image.clone();
  }

  @Override
  public FaceRecordFormat recordFormat() {
    return FaceRecordFormat.ISO_19794_5;
  }

  @Override
  public ImageFormat imageFormat() {
    return ImageSignature.require(image, "ISO/IEC 19794-5 facial image");
  }

  @Override
  public byte[] image() {
    return image.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaceImageRecord r
        && declaredFormat == r.declaredFormat
        && width == r.width
        && height == r.height
        && faceImageType == r.faceImageType
        && gender == r.gender
        && expression == r.expression
        && featurePoints == r.featurePoints
        && java.util.Arrays.equals(image, r.image);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(image) * 31 + width * 7 + height;
  }

  /** Omits the image and the gender (personal data). */
  @Override
  public String toString() {
    return "FaceImageRecord[" + declaredFormat + ", " + width + "x" + height + ", type=" + faceImageType
        + ", featurePoints=" + featurePoints + ", image " + image.length + " bytes redacted]";
  }
}
