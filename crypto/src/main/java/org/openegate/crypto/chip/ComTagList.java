package org.openegate.crypto.chip;

import java.util.Set;
import java.util.TreeSet;
import org.openegate.crypto.tlv.Tlv;
import org.openegate.crypto.tlv.TlvReader;

/**
 * Just enough of EF.COM (9303-10 §4.6.1: tag 60, tag list 5C) for the reader to know which data groups to ask for.
 * The full LDS parsing lives in the LDS package.
 */
final class ComTagList {

    /** Data group tags in order DG1..DG16 (9303-10 §4.6.1, Table 34). */
    private static final int[] DG_TAGS = {0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C,
        0x6D, 0x6E, 0x6F, 0x70};

    private ComTagList() {
    }

    /** The data group numbers EF.COM lists; unknown tags are skipped (a newer LDS may add some). */
    static Set<Integer> dataGroups(byte[] com) {
        Tlv root = TlvReader.readFirst(com);
        if (root.tag() != 0x60) {
            throw new org.openegate.crypto.tlv.TlvException(org.openegate.crypto.tlv.TlvException.Reason
                    .UNEXPECTED_STRUCTURE, 0, "EF.COM starts with tag " + Tlv.tagHex(root.tag()) + ", expected 60");
        }
        Set<Integer> groups = new TreeSet<>();
        for (byte b : root.requireChild(0x5C).value()) {
            for (int i = 0; i < DG_TAGS.length; i++) {
                if ((b & 0xFF) == DG_TAGS[i]) {
                    groups.add(i + 1);
                }
            }
        }
        return groups;
    }

    /** The EF.COM tag of a data group, for the emulator and tests. */
    static int tagOf(int dataGroup) {
        return DG_TAGS[dataGroup - 1];
    }
}
