package org.openegate.crypto.lds;

import org.openegate.crypto.tlv.Tlv;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What DG11 and DG12 (9303-10 §4.7.11, §4.7.12) share: the tag list 5C, UTF-8 text, dates as ASCII digits or BCD,
 * the A0 block that holds a count (tag 02) and repeated names, and the rule that each object appears once. Messages
 * name tags, lengths and offsets, never a value: every value in these files is personal data.
 */
final class AdditionalDetails {

    static final int TAG_TAG_LIST = 0x5C;
    static final int TAG_REPEATED = 0xA0;
    static final int TAG_COUNT = 0x02;
    /** A genuine DG11 or DG12 holds at most about fifteen objects; this bounds a hostile file. */
    static final int MAX_ELEMENTS = 256;

    private AdditionalDetails() {
    }

    /** The direct children of the file, bounded in number. */
    static List<Tlv> elements(Tlv file, LdsFile which) {
        List<Tlv> children = LdsTlv.children(file, which.name());
        if (children.size() > MAX_ELEMENTS) {
            throw new LdsException(LdsException.Reason.TOO_MANY_ELEMENTS,
                    which + " holds " + children.size() + " data objects, more than " + MAX_ELEMENTS);
        }
        return children;
    }

    /** Each data object of these files appears at most once (the names in A0 are counted separately). */
    static void once(Set<Integer> seen, Tlv element, LdsFile which) {
        if (!seen.add(element.tag())) {
            throw new LdsException(LdsException.Reason.BAD_VALUE,
                    which + " holds tag " + Tlv.tagHex(element.tag()) + " more than once");
        }
    }

    /**
     * The tag list 5C: the tags of the data objects present, concatenated as BER tags of one to three octets
     * (9303-10 §4.7.11, §4.7.12). A tag cut off at the end is refused.
     */
    static List<Integer> tagList(Tlv element, LdsFile which) {
        byte[] value = element.value();
        List<Integer> tags = new ArrayList<>();
        int pos = 0;
        while (pos < value.length) {
            int start = pos;
            int tag = value[pos++] & 0xFF;
            if ((tag & 0x1F) == 0x1F) {
                int next;
                do {
                    if (pos >= value.length) {
                        throw new LdsException(LdsException.Reason.BAD_VALUE,
                                which + " tag list 5C: tag at offset " + start + " is cut off");
                    }
                    if (pos - start >= 3) {
                        throw new LdsException(LdsException.Reason.BAD_VALUE,
                                which + " tag list 5C: tag at offset " + start + " is longer than 3 octets");
                    }
                    next = value[pos++] & 0xFF;
                    tag = (tag << 8) | next;
                } while ((next & 0x80) != 0);
            }
            tags.add(tag);
        }
        return tags;
    }

    /** The octets of a tag list naming these tags, in order. */
    static byte[] tagListValue(List<Integer> tags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int tag : tags) {
            for (int shift = 16; shift >= 0; shift -= 8) {
                if ((tag >>> shift) != 0 || shift == 0) {
                    out.write(tag >>> shift);
                }
            }
        }
        return out.toByteArray();
    }

    /**
     * A text field. 9303-10 stores these in UTF-8; bytes that are not UTF-8 are refused with the offset of the
     * first bad octet, never the text.
     */
    static String text(Tlv element, LdsFile which) {
        byte[] value = element.value();
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new LdsException(LdsException.Reason.BAD_VALUE, which + " tag " + Tlv.tagHex(element.tag())
                    + " (" + value.length + " octets) is not UTF-8", e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A date or date-time of {@code digits} decimal digits (8 for yyyymmdd, 14 for yyyymmddhhmmss). 9303-10 stores
     * them as ASCII digits; earlier LDS versions used packed BCD (two digits an octet), which is read too.
     */
    static String digits(Tlv element, int digits, LdsFile which) {
        byte[] value = element.value();
        String where = which + " tag " + Tlv.tagHex(element.tag());
        StringBuilder out = new StringBuilder(digits);
        if (value.length == digits) {
            for (int i = 0; i < value.length; i++) {
                int c = value[i] & 0xFF;
                if (c < '0' || c > '9') {
                    throw new LdsException(LdsException.Reason.BAD_VALUE,
                            where + " octet " + i + " is not an ASCII digit");
                }
                out.append((char) c);
            }
        } else if (value.length * 2 == digits) {
            for (int i = 0; i < value.length; i++) {
                int high = (value[i] >> 4) & 0x0F;
                int low = value[i] & 0x0F;
                if (high > 9 || low > 9) {
                    throw new LdsException(LdsException.Reason.BAD_VALUE,
                            where + " octet " + i + " is not packed BCD");
                }
                out.append((char) ('0' + high)).append((char) ('0' + low));
            }
        } else {
            throw new LdsException(LdsException.Reason.BAD_VALUE, where + " has " + value.length
                    + " octets, expected " + digits + " ASCII digits or " + digits / 2 + " BCD octets");
        }
        return out.toString();
    }

    /** Checks a date given to a builder: exactly {@code digits} ASCII digits. */
    static String requireDigits(String value, int digits, String what) {
        if (value == null || value.length() != digits || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(what + " must be " + digits + " digits"
                    + (value == null ? ", was null" : ", had " + value.length() + " characters"));
        }
        return value;
    }

    /**
     * The names in an A0 block: {@code 02} holding their number in one octet, then that many {@code itemTag}
     * objects (9303-10 §4.7.11 other names 5F0F, §4.7.12 other persons 5F1A). The count must match.
     */
    static List<String> repeated(Tlv block, int itemTag, LdsFile which) {
        String where = which + " A0";
        List<Tlv> children = LdsTlv.children(block, where);
        if (children.isEmpty() || children.get(0).tag() != TAG_COUNT) {
            throw new LdsException(LdsException.Reason.MISSING_ELEMENT, where + " does not start with count 02");
        }
        byte[] count = children.get(0).value();
        if (count.length != 1) {
            throw new LdsException(LdsException.Reason.BAD_VALUE,
                    where + " count 02 has " + count.length + " octets, expected 1");
        }
        List<String> names = new ArrayList<>();
        for (Tlv child : children.subList(1, children.size())) {
            if (child.tag() != itemTag) {
                throw new LdsException(LdsException.Reason.BAD_VALUE, where + " holds tag " + Tlv.tagHex(child.tag())
                        + ", only " + Tlv.tagHex(itemTag) + " may follow the count");
            }
            names.add(text(child, which));
        }
        if (names.size() != (count[0] & 0xFF)) {
            throw new LdsException(LdsException.Reason.BAD_VALUE,
                    where + " count 02 says " + (count[0] & 0xFF) + " but " + names.size() + " follow");
        }
        return names;
    }

    /** An A0 block for a builder: the count, then one {@code itemTag} object per name. */
    static Tlv repeatedBlock(List<String> names, int itemTag) {
        if (names.size() > 255) {
            throw new IllegalArgumentException(names.size() + " names do not fit the one-octet count");
        }
        List<Tlv> children = new ArrayList<>();
        children.add(Tlv.of(TAG_COUNT, new byte[] {(byte) names.size()}));
        for (String name : names) {
            children.add(Tlv.of(itemTag, utf8(name)));
        }
        return Tlv.constructed(TAG_REPEATED, children);
    }

    /** The tags present, for a {@code toString()} that shows structure but no value. */
    static String tagsOf(List<Tlv> elements) {
        StringBuilder out = new StringBuilder("[");
        for (Tlv element : elements) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(Tlv.tagHex(element.tag()));
        }
        return out.append(']').toString();
    }
}
