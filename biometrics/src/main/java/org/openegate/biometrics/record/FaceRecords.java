package org.openegate.biometrics.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses the face records inside a DG2 biometric data block down to image bytes.
 *
 * <p>The crypto module unwraps DG2 to each biometric data block; this class reads the block itself. Every field
 * is bounds-checked against the record before use, so a hostile length cannot make it allocate or over-read.
 */
public final class FaceRecords {

    private static final byte[] FAC_HEADER = {'F', 'A', 'C', 0};
    private static final int GENERAL_HEADER = 14;
    private static final int FACIAL_INFORMATION = 20;
    private static final int FEATURE_POINT = 8;
    private static final int IMAGE_INFORMATION = 12;

    private FaceRecords() {
    }

    /** Every face image in the record. */
    public static List<FaceImage> parse(byte[] record) throws FaceRecordException {
        if (record.length >= 4 && Arrays.equals(Arrays.copyOf(record, 4), FAC_HEADER)) {
            return parseIso19794(record);
        }
        throw new FaceRecordException(FaceRecordException.Reason.UNKNOWN_FORMAT,
                "record of " + record.length + " bytes does not start with the ISO/IEC 19794-5 'FAC' header"
                        + " (ISO/IEC 39794-5 records are not read yet)");
    }

    /** ISO/IEC 19794-5:2005 §5.4-5.7: general header, then per face a facial information block, feature points,
     *  image information and the image data. */
    private static List<FaceImage> parseIso19794(byte[] r) throws FaceRecordException {
        if (r.length < GENERAL_HEADER) {
            throw new FaceRecordException(FaceRecordException.Reason.TRUNCATED,
                    "general header needs " + GENERAL_HEADER + " bytes, record has " + r.length);
        }
        String version = new String(r, 4, 3, java.nio.charset.StandardCharsets.US_ASCII);
        if (!version.equals("010")) {
            throw new FaceRecordException(FaceRecordException.Reason.UNSUPPORTED_VERSION,
                    "19794-5 version '" + version.replaceAll("[^ -~]", "?") + "', expected '010'");
        }
        long recordLength = u32(r, 8);
        if (recordLength > r.length || recordLength < GENERAL_HEADER) {
            throw new FaceRecordException(FaceRecordException.Reason.BAD_LENGTH,
                    "record length " + recordLength + " but " + r.length + " bytes present");
        }
        int faces = u16(r, 12);
        if (faces == 0) {
            throw new FaceRecordException(FaceRecordException.Reason.NO_IMAGE, "record declares 0 faces");
        }
        List<FaceImage> images = new ArrayList<>();
        int offset = GENERAL_HEADER;
        for (int face = 0; face < faces; face++) {
            if (offset + FACIAL_INFORMATION > recordLength) {
                throw new FaceRecordException(FaceRecordException.Reason.TRUNCATED,
                        "face " + (face + 1) + " of " + faces + " starts at " + offset + ", past the record end "
                                + recordLength);
            }
            long blockLength = u32(r, offset);
            int featurePoints = u16(r, offset + 4);
            long fixed = FACIAL_INFORMATION + (long) featurePoints * FEATURE_POINT + IMAGE_INFORMATION;
            if (blockLength < fixed || offset + blockLength > recordLength) {
                throw new FaceRecordException(FaceRecordException.Reason.BAD_LENGTH,
                        "face " + (face + 1) + " block length " + blockLength + " with " + featurePoints
                                + " feature points does not fit the record (" + (recordLength - offset)
                                + " bytes left)");
            }
            int info = offset + FACIAL_INFORMATION + featurePoints * FEATURE_POINT;
            int dataType = r[info + 1] & 0xFF;
            int width = u16(r, info + 2);
            int height = u16(r, info + 4);
            int dataStart = info + IMAGE_INFORMATION;
            byte[] data = Arrays.copyOfRange(r, dataStart, (int) (offset + blockLength));
            if (data.length == 0) {
                throw new FaceRecordException(FaceRecordException.Reason.NO_IMAGE,
                        "face " + (face + 1) + " has no image data");
            }
            ImageFormat declared = switch (dataType) {
                case 0 -> ImageFormat.JPEG;
                case 1 -> ImageFormat.JPEG2000;
                default -> ImageFormat.UNKNOWN;
            };
            images.add(new FaceImage(ImageFormat.sniff(data), declared, width, height, data));
            offset += (int) blockLength;
        }
        return images;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static long u32(byte[] b, int at) {
        return ((long) u16(b, at) << 16) | u16(b, at + 2);
    }
}
