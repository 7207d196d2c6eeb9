package org.openegate.crypto.tlv;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One BER-TLV data object (ISO/IEC 7816-4 §5.2, ICAO 9303-10 §4), as used in every LDS file.
 *
 * <p>The tag is held as the integer of its raw octets ({@code 0x5F1F}, {@code 0x7F61}). The value is kept
 * as bytes; constructed objects decode their children on demand. Decoding then encoding gives back the same
 * bytes, including a non-minimal length form, because the width of the length field is remembered.
 *
 * <p>Values may hold personal data, so {@link #toString()} shows only the tag and the length.
 */
public final class Tlv {

    private final int tag;
    private final byte[] value;
    /** Octets the length field used when decoded; 0 means "encode minimally". */
    private final int lengthOctets;

    private Tlv(int tag, byte[] value, int lengthOctets) {
        this.tag = tag;
        this.value = value;
        this.lengthOctets = lengthOctets;
    }

    /** A primitive or constructed object with the given raw tag and value. */
    public static Tlv of(int tag, byte[] value) {
        checkTag(tag);
        return new Tlv(tag, value.clone(), 0);
    }

    /** A constructed object whose value is the encoding of the children, in order. */
    public static Tlv constructed(int tag, List<Tlv> children) {
        checkTag(tag);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Tlv child : children) {
            child.writeTo(out);
        }
        return new Tlv(tag, out.toByteArray(), 0);
    }

    /** A constructed object whose value is the encoding of the children, in order. */
    public static Tlv constructed(int tag, Tlv... children) {
        return constructed(tag, Arrays.asList(children));
    }

    static Tlv decoded(int tag, byte[] value, int lengthOctets) {
        return new Tlv(tag, value, lengthOctets);
    }

    public int tag() {
        return tag;
    }

    /** A copy of the value octets. */
    public byte[] value() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    /** Bit 6 of the first tag octet: the value is itself a sequence of TLV objects. */
    public boolean isConstructed() {
        return (firstTagOctet(tag) & 0x20) != 0;
    }

    /** The children of a constructed object, decoded from the value. */
    public List<Tlv> children() {
        if (!isConstructed()) {
            throw new TlvException(TlvException.Reason.UNEXPECTED_STRUCTURE, 0,
                    "tag " + tagHex(tag) + " is primitive and has no children");
        }
        return TlvReader.readAll(value);
    }

    /** The first direct child with this tag. */
    public Optional<Tlv> child(int childTag) {
        for (Tlv child : children()) {
            if (child.tag == childTag) {
                return Optional.of(child);
            }
        }
        return Optional.empty();
    }

    /** The first direct child with this tag, or a {@link TlvException} naming the missing tag. */
    public Tlv requireChild(int childTag) {
        return child(childTag).orElseThrow(() -> new TlvException(TlvException.Reason.UNEXPECTED_STRUCTURE, 0,
                "tag " + tagHex(tag) + " has no child " + tagHex(childTag)));
    }

    /** The complete encoding: tag, length and value. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 8);
        writeTo(out);
        return out.toByteArray();
    }

    private void writeTo(ByteArrayOutputStream out) {
        writeTag(out, tag);
        writeLength(out, value.length, lengthOctets);
        out.writeBytes(value);
    }

    static void writeTag(ByteArrayOutputStream out, int tag) {
        if ((tag & 0xFF000000) != 0) {
            out.write(tag >>> 24);
        }
        if ((tag & 0xFFFF0000) != 0) {
            out.write(tag >>> 16);
        }
        if ((tag & 0xFFFFFF00) != 0) {
            out.write(tag >>> 8);
        }
        out.write(tag);
    }

    /** Writes a definite length, minimally unless the decoded form used more octets. */
    static void writeLength(ByteArrayOutputStream out, int length, int octets) {
        int needed = length < 0x80 ? 1 : 1 + (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
        int width = Math.max(needed, octets);
        if (width == 1) {
            out.write(length);
            return;
        }
        out.write(0x80 | (width - 1));
        for (int shift = (width - 2) * 8; shift >= 0; shift -= 8) {
            out.write(shift >= 32 ? 0 : length >>> shift);
        }
    }

    /** Encodes a length field on its own, minimally (for callers that build structures by hand). */
    public static byte[] encodeLength(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(5);
        writeLength(out, length, 0);
        return out.toByteArray();
    }

    private static int firstTagOctet(int tag) {
        int octet = tag;
        while ((octet & 0xFFFFFF00) != 0) {
            octet >>>= 8;
        }
        return octet;
    }

    /**
     * A tag must read back as itself (ISO/IEC 8825-1 §8.1.2): a one-octet tag may not announce more octets
     * (low five bits all set), a longer one must announce them, mark every middle octet "more follows" and end
     * with an octet that does not.
     */
    private static void checkTag(int tag) {
        if (tag == 0 || (tag & 0xFF000000) != 0) {
            throw new IllegalArgumentException("tag " + tagHex(tag) + " is not a 1 to 3 octet BER tag");
        }
        int octets = (32 - Integer.numberOfLeadingZeros(tag) + 7) / 8;
        int first = tag >>> (8 * (octets - 1));
        boolean announcesMore = (first & 0x1F) == 0x1F;
        boolean wellFormed = octets == 1 ? !announcesMore : announcesMore && (tag & 0x80) == 0;
        for (int i = octets - 2; wellFormed && i >= 1; i--) {
            wellFormed = ((tag >>> (8 * i)) & 0x80) != 0;
        }
        if (!wellFormed) {
            throw new IllegalArgumentException("tag " + tagHex(tag) + " would not decode back as itself");
        }
    }

    /** The tag as upper-case hex, for messages: {@code 5F1F}. */
    public static String tagHex(int tag) {
        String hex = Integer.toHexString(tag).toUpperCase();
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    /**
     * All children in tree order, for searching deeply nested structures. Nesting is limited as in
     * {@link TlvReader#validateDeep}: without the limit a hostile megabyte of nested headers would exhaust the stack
     * and copy each level's value again (quadratic work).
     */
    public List<Tlv> flatten() {
        List<Tlv> all = new ArrayList<>();
        flatten(all, 0);
        return all;
    }

    private void flatten(List<Tlv> all, int depth) {
        all.add(this);
        if (isConstructed()) {
            if (depth + 1 > TlvReader.MAX_DEPTH) {
                throw new TlvException(TlvException.Reason.TOO_DEEP, 0, "tag " + tagHex(tag) + " nested deeper than "
                        + TlvReader.MAX_DEPTH);
            }
            for (Tlv child : children()) {
                child.flatten(all, depth + 1);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tlv other && other.tag == tag && Arrays.equals(other.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * tag + Arrays.hashCode(value);
    }

    /** Tag and length only: values can hold personal data. */
    @Override
    public String toString() {
        return "Tlv[tag=" + tagHex(tag) + ", length=" + value.length + "]";
    }
}
