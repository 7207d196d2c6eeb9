package org.openegate.crypto.lds;

import org.openegate.crypto.tlv.Tlv;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * EF.COM (9303-10 §4.6.1): the LDS version, the Unicode version and the list of data group tags present.
 *
 * @param ldsVersion     the four digits of tag 5F01 as stored, "aabb" (for example "0107" for LDS 1.7)
 * @param unicodeVersion the six digits of tag 5F36, "aabbcc" (for example "040000")
 * @param tagList        the data group tags listed in tag 5C, in file order (for example 0x61, 0x75)
 * @param unknown        data objects this version does not interpret, kept so that re-encoding loses nothing
 */
public record Com(String ldsVersion, String unicodeVersion, List<Integer> tagList, List<Tlv> unknown) {

    static final int TAG_LDS_VERSION = 0x5F01;
    static final int TAG_UNICODE_VERSION = 0x5F36;
    static final int TAG_TAG_LIST = 0x5C;

    public Com {
        requireDigits(ldsVersion, 4, "LDS version");
        requireDigits(unicodeVersion, 6, "Unicode version");
        tagList = List.copyOf(tagList);
        unknown = List.copyOf(unknown);
    }

    /** A COM listing the given data groups, with LDS 1.7 and Unicode 4.0.0. */
    public static Com of(List<LdsFile> dataGroups) {
        List<Integer> tags = new ArrayList<>();
        for (LdsFile dg : dataGroups) {
            if (!dg.isDataGroup()) {
                throw new IllegalArgumentException(dg + " is not a data group");
            }
            tags.add(dg.tag());
        }
        return new Com("0107", "040000", tags, List.of());
    }

    /** Decodes EF.COM; throws {@link LdsException} naming what is wrong. */
    public static Com parse(byte[] content) {
        Tlv file = LdsTlv.readFile(content, LdsFile.COM);
        List<Tlv> children = LdsTlv.children(file, "COM");
        String lds = null;
        String unicode = null;
        List<Integer> tags = null;
        List<Tlv> unknown = new ArrayList<>();
        for (Tlv child : children) {
            switch (child.tag()) {
                case TAG_LDS_VERSION -> lds = digits(child, 4, "LDS version");
                case TAG_UNICODE_VERSION -> unicode = digits(child, 6, "Unicode version");
                case TAG_TAG_LIST -> {
                    tags = new ArrayList<>();
                    for (byte b : child.value()) {
                        tags.add(b & 0xFF);
                    }
                }
                default -> unknown.add(child);
            }
        }
        if (lds == null || unicode == null || tags == null) {
            throw new LdsException(LdsException.Reason.MISSING_ELEMENT, "COM lacks "
                    + (lds == null ? "LDS version 5F01" : unicode == null ? "Unicode version 5F36" : "tag list 5C"));
        }
        return new Com(lds, unicode, tags, unknown);
    }

    /** The data groups the tag list names; tags that name no data group are skipped (see {@link #tagList()}). */
    public List<LdsFile> dataGroups() {
        List<LdsFile> files = new ArrayList<>();
        for (int tag : tagList) {
            Optional<LdsFile> file = LdsFile.fromTag(tag);
            if (file.isPresent() && file.get().isDataGroup()) {
                files.add(file.get());
            }
        }
        return files;
    }

    /** "1.7" from "0107". */
    public String ldsVersionDotted() {
        return Integer.parseInt(ldsVersion.substring(0, 2)) + "." + Integer.parseInt(ldsVersion.substring(2));
    }

    /** The DER encoding of EF.COM, in the order 5F01, 5F36, 5C, then any unknown objects. */
    public byte[] encode() {
        byte[] tagBytes = new byte[tagList.size()];
        for (int i = 0; i < tagBytes.length; i++) {
            tagBytes[i] = (byte) (int) tagList.get(i);
        }
        List<Tlv> children = new ArrayList<>();
        children.add(Tlv.of(TAG_LDS_VERSION, ldsVersion.getBytes(StandardCharsets.US_ASCII)));
        children.add(Tlv.of(TAG_UNICODE_VERSION, unicodeVersion.getBytes(StandardCharsets.US_ASCII)));
        children.add(Tlv.of(TAG_TAG_LIST, tagBytes));
        children.addAll(unknown);
        return Tlv.constructed(LdsFile.COM.tag(), children).encode();
    }

    private static String digits(Tlv tlv, int count, String what) {
        byte[] value = tlv.value();
        if (value.length != count) {
            throw new LdsException(LdsException.Reason.BAD_VALUE,
                    "COM " + what + " has " + value.length + " octets, expected " + count);
        }
        String text = new String(value, StandardCharsets.US_ASCII);
        requireDigits(text, count, what);
        return text;
    }

    private static void requireDigits(String text, int count, String what) {
        if (text == null || text.length() != count || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new LdsException(LdsException.Reason.BAD_VALUE,
                    "COM " + what + " must be " + count + " digits, was '" + sanitize(text) + "'");
        }
    }

    static String sanitize(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
            if (out.length() >= 16) {
                break;
            }
        }
        return out.toString();
    }
}
