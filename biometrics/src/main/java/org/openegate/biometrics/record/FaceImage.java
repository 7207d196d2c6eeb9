package org.openegate.biometrics.record;

/**
 * One face image taken out of a face record, with the metadata the record declares about it.
 *
 * @param format         the encoding, recognised from the image bytes themselves (not trusted from the header)
 * @param declaredFormat the encoding the record header claims, which some issuers get wrong
 * @param width          declared width in pixels (0 if not declared)
 * @param height         declared height in pixels (0 if not declared)
 */
public record FaceImage(ImageFormat format, ImageFormat declaredFormat, int width, int height, byte[] data) {

    public FaceImage {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** Never prints the image. */
    @Override
    public String toString() {
        return "FaceImage[" + format + ", " + width + "x" + height + ", " + data.length + " bytes]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FaceImage other && other.format == format && other.declaredFormat == declaredFormat
                && other.width == width && other.height == height && java.util.Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(format, declaredFormat, width, height, java.util.Arrays.hashCode(data));
    }
}
