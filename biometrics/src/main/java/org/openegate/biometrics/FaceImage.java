package org.openegate.biometrics;

/**
 * One facial image taken from a face record, whichever standard the record follows. This is what a
 * gate needs from DG2: the encoded portrait and what kind of image it is. The metadata of each
 * standard is on the implementing record.
 *
 * <p>Implementations never show the image (personal data) in {@code toString()}.
 */
public sealed interface FaceImage permits FaceImageRecord, FaceRepresentation {

  /** The standard of the record this image came from. */
  FaceRecordFormat recordFormat();

  /**
   * The image's format, read from its own leading signature (JPEG SOI, JP2 signature box, J2K SOC,
   * PNG signature) rather than from the record's declaration, which records in the field get wrong.
   *
   * @throws FaceException {@code UNDECODABLE_IMAGE} when the bytes carry none of these signatures
   *     (only possible for images from {@link FaceRecords#parse19794}, which does not check them)
   */
  ImageFormat imageFormat();

  /** The encoded image, a copy. */
  byte[] image();
}
