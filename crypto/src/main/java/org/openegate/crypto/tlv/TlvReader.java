package org.openegate.crypto.tlv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes BER-TLV with definite lengths from untrusted bytes.
 *
 * <p>Every length is checked against the bytes actually present before any array is allocated, so a header
 * that claims 2 GB costs nothing. Only definite lengths are accepted: ICAO 9303 LDS files are DER.
 */
public final class TlvReader {

    /** Deep enough for any LDS or CMS structure; stops stack exhaustion on hostile nesting. */
    static final int MAX_DEPTH = 64;

    private TlvReader() {
    }

    /** Decodes exactly one object that fills the whole input. */
    public static Tlv read(byte[] input) {
        Header header = header(input, 0, input.length);
        int end = header.valueOffset + header.length;
        if (end != input.length) {
            throw new TlvException(TlvException.Reason.TRAILING_DATA, end,
                    (input.length - end) + " bytes after tag " + Tlv.tagHex(header.tag));
        }
        return Tlv.decoded(header.tag, Arrays.copyOfRange(input, header.valueOffset, end), header.lengthOctets);
    }

    /**
     * Decodes the first object and ignores what follows it, as for an LDS file read with padding after it.
     */
    public static Tlv readFirst(byte[] input) {
        Header header = header(input, 0, input.length);
        int end = header.valueOffset + header.length;
        return Tlv.decoded(header.tag, Arrays.copyOfRange(input, header.valueOffset, end), header.lengthOctets);
    }

    /** Decodes a concatenation of objects, such as the value of a constructed object. */
    public static List<Tlv> readAll(byte[] input) {
        List<Tlv> objects = new ArrayList<>();
        int offset = 0;
        while (offset < input.length) {
            Header header = header(input, offset, input.length);
            int end = header.valueOffset + header.length;
            objects.add(Tlv.decoded(header.tag, Arrays.copyOfRange(input, header.valueOffset, end),
                    header.lengthOctets));
            offset = end;
        }
        return objects;
    }

    /**
     * Checks that the input is well formed all the way down (every constructed object's value parses), without
     * keeping the tree.
     */
    public static void validateDeep(byte[] input) {
        validate(input, 0, input.length, 0);
    }

    private static void validate(byte[] input, int from, int to, int depth) {
        if (depth > MAX_DEPTH) {
            throw new TlvException(TlvException.Reason.TOO_DEEP, from, "nesting deeper than " + MAX_DEPTH);
        }
        int offset = from;
        while (offset < to) {
            Header header = header(input, offset, to);
            int end = header.valueOffset + header.length;
            if (header.constructed) {
                validate(input, header.valueOffset, end, depth + 1);
            }
            offset = end;
        }
    }

    /**
     * The total encoded size (header plus value) of the object that starts the given prefix, read from its header
     * alone: a chip reader uses this after reading the first few bytes of a file. Throws TRUNCATED if the prefix
     * is too short to hold the whole header.
     */
    public static int encodedSize(byte[] prefix) {
        Header header = header(prefix, 0, prefix.length, false);
        return header.valueOffset + header.length;
    }

    /** A decoded header: tag, where the value starts and how long it is. */
    private record Header(int tag, boolean constructed, int valueOffset, int length, int lengthOctets) {
    }

    private static Header header(byte[] in, int offset, int limit) {
        return header(in, offset, limit, true);
    }

    private static Header header(byte[] in, int offset, int limit, boolean requireValue) {
        int pos = offset;
        if (pos >= limit) {
            throw new TlvException(TlvException.Reason.TRUNCATED, pos, "no tag");
        }
        int first = in[pos++] & 0xFF;
        int tag = first;
        if ((first & 0x1F) == 0x1F) {
            int tagOctets = 1;
            int next;
            do {
                if (pos >= limit) {
                    throw new TlvException(TlvException.Reason.TRUNCATED, pos, "tag " + Tlv.tagHex(tag) + " cut off");
                }
                if (++tagOctets > 3) {
                    throw new TlvException(TlvException.Reason.TAG_TOO_LONG, offset, "tag longer than 3 octets");
                }
                next = in[pos++] & 0xFF;
                tag = (tag << 8) | next;
            } while ((next & 0x80) != 0);
        }
        if (pos >= limit) {
            throw new TlvException(TlvException.Reason.TRUNCATED, pos, "no length after tag " + Tlv.tagHex(tag));
        }
        int lengthByte = in[pos++] & 0xFF;
        long length;
        int lengthOctets;
        if (lengthByte < 0x80) {
            length = lengthByte;
            lengthOctets = 1;
        } else if (lengthByte == 0x80) {
            throw new TlvException(TlvException.Reason.INDEFINITE_LENGTH, pos - 1,
                    "tag " + Tlv.tagHex(tag) + " uses indefinite length");
        } else {
            int count = lengthByte & 0x7F;
            if (count > 4) {
                throw new TlvException(TlvException.Reason.LENGTH_TOO_LONG, pos - 1,
                        "length field of " + count + " octets for tag " + Tlv.tagHex(tag));
            }
            if (pos + count > limit) {
                throw new TlvException(TlvException.Reason.TRUNCATED, pos,
                        "length field of tag " + Tlv.tagHex(tag) + " cut off");
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (in[pos++] & 0xFF);
            }
            if (length > Integer.MAX_VALUE) {
                throw new TlvException(TlvException.Reason.LENGTH_TOO_LONG, offset,
                        "tag " + Tlv.tagHex(tag) + " declares length " + length);
            }
            lengthOctets = 1 + count;
        }
        if (requireValue && length > limit - pos) {
            throw new TlvException(TlvException.Reason.LENGTH_EXCEEDS_INPUT, offset,
                    "tag " + Tlv.tagHex(tag) + " declares length " + length + " but only " + (limit - pos)
                            + " bytes remain");
        }
        int firstOctet = first;
        return new Header(tag, (firstOctet & 0x20) != 0, pos, (int) length, lengthOctets);
    }
}
