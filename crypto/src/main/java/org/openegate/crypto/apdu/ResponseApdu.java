package org.openegate.crypto.apdu;

import java.util.Arrays;

/**
 * A response APDU (ISO/IEC 7816-4 §5.1): response data followed by the two status bytes SW1-SW2.
 *
 * <p>Data can hold personal data, so {@link #toString()} shows only the length and the status word.
 */
public final class ResponseApdu {

    private final byte[] data;
    private final int sw;

    public ResponseApdu(byte[] data, int sw) {
        if (sw < 0 || sw > 0xFFFF) {
            throw new ApduFormatException(ApduFormatException.Reason.VALUE_OUT_OF_RANGE,
                    "status word " + Integer.toHexString(sw) + " does not fit two bytes");
        }
        this.data = data.clone();
        this.sw = sw;
    }

    /** A response carrying only a status word. */
    public static ResponseApdu status(int sw) {
        return new ResponseApdu(new byte[0], sw);
    }

    /** Decodes response bytes as they came from the card: data, SW1, SW2. */
    public static ResponseApdu parse(byte[] bytes) {
        if (bytes.length < 2) {
            throw new ApduFormatException(ApduFormatException.Reason.TOO_SHORT,
                    "response of " + bytes.length + " bytes has no status word");
        }
        int n = bytes.length;
        return new ResponseApdu(Arrays.copyOf(bytes, n - 2), ((bytes[n - 2] & 0xFF) << 8) | (bytes[n - 1] & 0xFF));
    }

    /** A copy of the response data (without the status word). */
    public byte[] data() {
        return data.clone();
    }

    public int dataLength() {
        return data.length;
    }

    public int sw() {
        return sw;
    }

    public int sw1() {
        return sw >>> 8;
    }

    public int sw2() {
        return sw & 0xFF;
    }

    /** SW 9000. */
    public boolean isSuccess() {
        return sw == StatusWord.OK;
    }

    /** Data followed by SW1 SW2. */
    public byte[] encode() {
        byte[] out = Arrays.copyOf(data, data.length + 2);
        out[data.length] = (byte) (sw >>> 8);
        out[data.length + 1] = (byte) sw;
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseApdu other && other.sw == sw && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * sw + Arrays.hashCode(data);
    }

    /** Length and status only: response data may be personal data. */
    @Override
    public String toString() {
        return "ResponseApdu[" + data.length + " bytes, SW=" + StatusWord.hex(sw) + "]";
    }
}
