package org.openegate.crypto.lds;

import org.openegate.crypto.tlv.Tlv;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One biometric information template of DG2/DG3/DG4 (9303-10 §4.7.2.1): the CBEFF biometric header template
 * (tag A1) and the biometric data block (tag 5F2E, or 7F2E when enciphered). The data block is the face, finger or
 * iris record (ISO/IEC 19794 or 39794), which the biometrics module parses, not this one.
 *
 * <p>The data is a biometric of a person: {@link #toString()} shows only sizes.
 *
 * @param headerFields the data objects of the biometric header template, in file order (80 ICAO header version,
 *                     81 biometric type, 82 subtype, 83 creation date, 85 validity, 86 creator, 87 format owner,
 *                     88 format type), unknown ones included
 * @param data         the biometric data block value
 * @param dataTag      0x5F2E (plain) or 0x7F2E (enciphered / constructed)
 */
public record BiometricDataBlock(List<Tlv> headerFields, byte[] data, int dataTag) {

    public static final int TAG_DATA = 0x5F2E;
    public static final int TAG_DATA_ENCIPHERED = 0x7F2E;
    static final int TAG_FORMAT_OWNER = 0x87;
    static final int TAG_FORMAT_TYPE = 0x88;
    static final int TAG_BIOMETRIC_TYPE = 0x81;

    public BiometricDataBlock {
        headerFields = List.copyOf(headerFields);
        data = data.clone();
        if (dataTag != TAG_DATA && dataTag != TAG_DATA_ENCIPHERED) {
            throw new IllegalArgumentException("data tag " + Tlv.tagHex(dataTag) + " is not 5F2E or 7F2E");
        }
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
                && Arrays.equals(other.data, data) && other.dataTag == dataTag;
    }

    @Override
    public int hashCode() {
        return 31 * headerFields.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "BiometricDataBlock[formatOwner=" + Integer.toHexString(formatOwner()) + ", formatType="
                + Integer.toHexString(formatType()) + ", data=<" + data.length + " bytes redacted>]";
    }
}
