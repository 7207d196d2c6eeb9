package org.openegate.crypto.lds;

import org.openegate.crypto.tlv.Tlv;
import org.openegate.crypto.tlv.TlvException;
import org.openegate.crypto.tlv.TlvReader;

import java.util.List;

/** Reading LDS files with the shared TLV codec, turning its exceptions into {@link LdsException}s. */
final class LdsTlv {

    private LdsTlv() {
    }

    /**
     * The TLV object that opens the file, checked to carry the file's tag. Bytes after the object are ignored,
     * as a chip may return a file padded to its allocated size.
     */
    static Tlv readFile(byte[] content, LdsFile expected) {
        if (content == null || content.length == 0) {
            throw new LdsException(LdsException.Reason.MALFORMED_TLV, expected + " is empty");
        }
        Tlv file;
        try {
            file = TlvReader.readFirst(content);
        } catch (TlvException e) {
            throw new LdsException(LdsException.Reason.MALFORMED_TLV, expected + ": " + e.getMessage(), e);
        }
        if (file.tag() != expected.tag()) {
            throw new LdsException(LdsException.Reason.WRONG_TAG, expected + " must start with tag "
                    + Tlv.tagHex(expected.tag()) + " but starts with " + Tlv.tagHex(file.tag()));
        }
        return file;
    }

    static List<Tlv> children(Tlv parent, String where) {
        try {
            return parent.children();
        } catch (TlvException e) {
            throw new LdsException(LdsException.Reason.MALFORMED_TLV, where + ": " + e.getMessage(), e);
        }
    }

    static Tlv require(List<Tlv> children, int tag, String where) {
        for (Tlv child : children) {
            if (child.tag() == tag) {
                return child;
            }
        }
        throw new LdsException(LdsException.Reason.MISSING_ELEMENT, where + " has no tag " + Tlv.tagHex(tag));
    }
}
