package org.openegate.crypto.lds;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds test files by hand, independently of the codec under test: tags are given as hex, lengths are written in
 * the short form (or a chosen long form) by this class's own arithmetic.
 */
final class DerBytes {

    private DerBytes() {
    }

    static byte[] hex(String hex) {
        String clean = hex.replaceAll("\\s", "");
        byte[] out = new byte[clean.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Tag (hex), minimal DER length (X.690 §10.1), value. */
    static byte[] tlv(String tagHex, byte[]... parts) {
        byte[] value = concat(parts);
        int n = value.length;
        byte[] length = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        return concat(hex(tagHex), length, value);
    }

    /** Tag (hex), then the given length octets verbatim (for long or non-minimal forms), then the value. */
    static byte[] tlvWithLength(String tagHex, String lengthHex, byte[]... parts) {
        return concat(hex(tagHex), hex(lengthHex), concat(parts));
    }

    static byte[] text(String tagHex, String value) {
        return tlv(tagHex, ascii(value));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
