package org.openegate.crypto.lds;

import org.openegate.crypto.tlv.Tlv;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One biometric information template of DG2/DG3/DG4 (9303-10 §4.7.2.1): the CBEFF biometric header template
 * (tag A1) and the biometric data block. The data block is the face, finger or iris record, which the biometrics
 * module parses, not this one:
 * <ul>
 *   <li>5F2E, primitive: an ISO/IEC 19794 record (face: format owner 0x0101, format type 0x0008);
 *   <li>7F2E, constructed: an ISO/IEC 39794 record, in DER (face: format type 0x002A); for 39794-5 the ICAO
 *       "ISO/IEC 39794-5 Application Profile for eMRTDs" v1.00, Table 2, puts the FaceImageDataBlock inside an A1
 *       wrapper under 7F2E. ISO/IEC 7816-11 also uses 7F2E for an enciphered block; either way this class keeps the
 *       value whole.
 * </ul>
 * Data objects of the template beyond the header and the data block are kept in {@code otherObjects}, not dropped.
 *
 * <p>The data is a biometric of a person: {@link #toString()} shows only sizes.
 *
 * @param headerFields the data objects of the biometric header template, in file order (80 ICAO header version,
 *                     81 biometric type, 82 subtype, 83 creation date, 85 validity, 86 creator, 87 format owner,
 *                     88 format type), unknown ones included
 * @param data         the biometric data block value (for 7F2E, the encoding of its content: A1 ... for 39794-5)
 * @param dataTag      0x5F2E (primitive) or 0x7F2E (constructed: ISO/IEC 39794, or enciphered)
 * @param headerTag    the header template's tag as found, A1 in 9303-10 (A2 to AE in some ISO/IEC 7816-11 encoders)
 * @param otherObjects data objects of the biometric information template (7F60) other than the header and the
 *                     data block, in file order
 */
public record BiometricDataBlock(List<Tlv> headerFields, byte[] data, int dataTag, int headerTag,
        List<Tlv> otherObjects) {

    public static final int TAG_DATA = 0x5F2E;
    /** 7F2E: the constructed data block of 9303-10 for ISO/IEC 39794 records (also ISO/IEC 7816-11's enciphered). */
    public static final int TAG_DATA_CONSTRUCTED = 0x7F2E;
    /** The same tag under its ISO/IEC 7816-11 name. */
    public static final int TAG_DATA_ENCIPHERED = TAG_DATA_CONSTRUCTED;
    public static final int TAG_HEADER = 0xA1;
    /** CBEFF format owner of ISO/IEC JTC 1/SC 37 (9303-10 §4.7.2.1, tag 87). */
    public static final int FORMAT_OWNER_SC37 = 0x0101;
    /** CBEFF format type of an ISO/IEC 19794-5 face record (tag 88). */
    public static final int FORMAT_TYPE_FACE_19794 = 0x0008;
    /** CBEFF format type of an ISO/IEC 39794-5 face record (tag 88), as in the ICAO 39794-5 AP's DG2 samples. */
    public static final int FORMAT_TYPE_FACE_39794 = 0x002A;
    static final int TAG_FORMAT_OWNER = 0x87;
    static final int TAG_FORMAT_TYPE = 0x88;
    static final int TAG_BIOMETRIC_TYPE = 0x81;

    public BiometricDataBlock {
        headerFields = List.copyOf(headerFields);
        otherObjects = List.copyOf(otherObjects);
        data = data.clone();
        if (dataTag != TAG_DATA && dataTag != TAG_DATA_CONSTRUCTED) {
            throw new IllegalArgumentException("data tag " + Tlv.tagHex(dataTag) + " is not 5F2E or 7F2E");
        }
        if (headerTag < 0xA0 || headerTag > 0xBE) {
            throw new IllegalArgumentException("header tag " + Tlv.tagHex(headerTag) + " is not A0 to BE");
        }
    }

    /** A block with the 9303-10 header tag A1 and nothing else in its template. */
    public BiometricDataBlock(List<Tlv> headerFields, byte[] data, int dataTag) {
        this(headerFields, data, dataTag, TAG_HEADER, List.of());
    }

    /**
     * A constructed block (7F2E) holding an ISO/IEC 39794-5 face record, with the header the ICAO 39794-5 AP's
     * mandatory-fields DG2 sample carries: format owner 0x0101 and format type 0x002A only.
     *
     * @param faceRecord the DER record, starting with its A1 wrapper (AP Table 2)
     */
    public static BiometricDataBlock face39794(byte[] faceRecord) {
        return new BiometricDataBlock(List.of(
                Tlv.of(TAG_FORMAT_OWNER, new byte[] {0x01, 0x01}),
                Tlv.of(TAG_FORMAT_TYPE, new byte[] {0x00, 0x2A})),
                faceRecord, TAG_DATA_CONSTRUCTED);
    }

    /** A plain block (5F2E) with the ICAO face header: type face (02), format owner and type as given. */
    public static BiometricDataBlock face(byte[] faceRecord, int formatOwner, int formatType) {
        return new BiometricDataBlock(List.of(
                Tlv.of(0x80, new byte[] {0x01, 0x01}),
                Tlv.of(TAG_BIOMETRIC_TYPE, new byte[] {0x02}),
                Tlv.of(0x82, new byte[] {0x00}),
                Tlv.of(TAG_FORMAT_OWNER, new byte[] {(byte) (formatOwner >> 8), (byte) formatOwner}),
                Tlv.of(TAG_FORMAT_TYPE, new byte[] {(byte) (formatType >> 8), (byte) formatType})),
                faceRecord, TAG_DATA);
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The value of the header field with this tag. */
    public Optional<byte[]> headerValue(int tag) {
        return headerFields.stream().filter(t -> t.tag() == tag).findFirst().map(Tlv::value);
    }

    /** CBEFF format owner (tag 87), for example 0x0101 for ISO/IEC JTC 1/SC 37; -1 if absent. */
    public int formatOwner() {
        return headerValue(TAG_FORMAT_OWNER).map(BiometricDataBlock::unsigned).orElse(-1);
    }

    /** CBEFF format type (tag 88), for example 0x0008 for an ISO/IEC 19794-5 face; -1 if absent. */
    public int formatType() {
        return headerValue(TAG_FORMAT_TYPE).map(BiometricDataBlock::unsigned).orElse(-1);
    }

    private static int unsigned(byte[] value) {
        int v = 0;
        for (int i = Math.max(0, value.length - 3); i < value.length; i++) {
            v = (v << 8) | (value[i] & 0xFF);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BiometricDataBlock other && other.headerFields.equals(headerFields)
                && Arrays.equals(other.data, data) && other.dataTag == dataTag && other.headerTag == headerTag
                && other.otherObjects.equals(otherObjects);
    }

    @Override
    public int hashCode() {
        return 31 * headerFields.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "BiometricDataBlock[formatOwner=" + Integer.toHexString(formatOwner()) + ", formatType="
                + Integer.toHexString(formatType()) + ", data " + Tlv.tagHex(dataTag) + "=<" + data.length
                + " bytes redacted>" + (otherObjects.isEmpty() ? "" : ", otherObjects=" + otherObjects.size()) + "]";
    }
}
