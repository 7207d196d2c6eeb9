package org.openegate.crypto.testpassport;

/** Reads width and height from a JPEG's start-of-frame segment (ITU-T T.81 §B.2.2), for the face record header. */
final class JpegSize {

    private JpegSize() {
    }

    /** {width, height}; throws IllegalArgumentException if the bytes are not a JPEG with a frame header. */
    static int[] of(byte[] jpeg) {
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new IllegalArgumentException("face image is not a JPEG (no SOI marker FFD8)");
        }
        int pos = 2;
        while (pos + 4 <= jpeg.length) {
            if ((jpeg[pos] & 0xFF) != 0xFF) {
                throw new IllegalArgumentException("JPEG marker expected at offset " + pos);
            }
            int marker = jpeg[pos + 1] & 0xFF;
            if (marker == 0xFF) {
                pos++;
                continue;
            }
            int length = ((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF);
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
                    && marker != 0xCC;
            if (startOfFrame) {
                if (pos + 9 > jpeg.length) {
                    break;
                }
                int height = ((jpeg[pos + 5] & 0xFF) << 8) | (jpeg[pos + 6] & 0xFF);
                int width = ((jpeg[pos + 7] & 0xFF) << 8) | (jpeg[pos + 8] & 0xFF);
                return new int[] {width, height};
            }
            if (length < 2) {
                throw new IllegalArgumentException("JPEG segment length " + length + " at offset " + pos);
            }
            pos += 2 + length;
        }
        throw new IllegalArgumentException("JPEG has no start-of-frame segment");
    }
}
