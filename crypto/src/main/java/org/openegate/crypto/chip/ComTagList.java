package org.openegate.crypto.chip;

import java.util.Set;
import java.util.TreeSet;
import org.openegate.crypto.lds.LdsFile;
import org.openegate.crypto.tlv.Tlv;
import org.openegate.crypto.tlv.TlvReader;

/**
 * Just enough of EF.COM (9303-10 §4.6.1: tag 60, tag list 5C) for the reader to know which data groups to ask for.
 * The full LDS parsing ({@code lds.Com}) also insists on the version fields; the reader only needs the tag list,
 * and a chip with a sloppy EF.COM must still be read. The tag-to-data-group table is {@link LdsFile}'s.
 */
final class ComTagList {

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
            LdsFile.fromTag(b & 0xFF).filter(LdsFile::isDataGroup)
                    .ifPresent(file -> groups.add(file.dataGroupNumber()));
        }
        return groups;
    }
}
