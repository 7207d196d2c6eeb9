package org.openegate.biometrics.record;

/** Image encodings found in eMRTD face records and camera frames. */
public enum ImageFormat {
    JPEG,
    JPEG2000,
    PNG,
    UNKNOWN;

    /** Recognises the encoding from its signature bytes. */
    public static ImageFormat sniff(byte[] data) {
        if (data.length >= 3 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xFF) == 0xD8 && (data[2] & 0xFF) == 0xFF) {
            return JPEG;
        }
        if (data.length >= 12 && data[4] == 'j' && data[5] == 'P' && data[6] == ' ' && data[7] == ' ') {
            return JPEG2000; // JP2 file format box
        }
        if (data.length >= 4 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xFF) == 0x4F && (data[2] & 0xFF) == 0xFF
                && (data[3] & 0xFF) == 0x51) {
            return JPEG2000; // raw J2K codestream (SOC, SIZ)
        }
        if (data.length >= 8 && (data[0] & 0xFF) == 0x89 && data[1] == 'P' && data[2] == 'N' && data[3] == 'G') {
            return PNG;
        }
        return UNKNOWN;
    }
}
