package org.openegate.crypto.lds;

import org.openegate.crypto.tlv.Tlv;
import org.openegate.crypto.tlv.TlvException;
import org.openegate.crypto.tlv.TlvReader;

import java.util.Arrays;
import java.util.List;

/**
 * EF.CardAccess (9303-10 §3.11.3, file {@link LdsFile#CARD_ACCESS_FILE_ID 011C} in the master file): a DER
 * {@code SecurityInfos} SET (9303-11 §9.2) read in plain before access control, announcing PACE (PACEInfo, and
 * PACEDomainParameterInfo for explicit parameters) and possibly Chip or Terminal Authentication in the master file.
 *
 * <p>Unlike the data groups it has no application tag around it. The infos are decoded by {@link SecurityInfos}, the
 * same decoder as DG14 and EF.CardSecurity; protocols it does not know are kept as {@link SecurityInfo.Unknown}, so
 * {@link #encode()} of a parsed file gives back its bytes (for DER input, which is what 9303-11 requires).
 *
 * @param securityInfos the infos in file order
 */
public record CardAccess(List<SecurityInfo> securityInfos) {

    /** The SET OF tag that opens EF.CardAccess. */
    static final int TAG = 0x31;

    public CardAccess {
        securityInfos = List.copyOf(securityInfos);
    }

    /**
     * Decodes EF.CardAccess; bytes after the SET (a chip may pad the file) are ignored. Throws {@link LdsException}
     * naming what is wrong.
     */
    public static CardAccess parse(byte[] content) {
        return new CardAccess(decodeSet(content, "EF.CardAccess", true));
    }

    /**
     * The SecurityInfos SET at the start of the bytes, read first with the TLV codec (which bounds length and
     * nesting before BouncyCastle's recursive decoder sees the bytes), then decoded by {@link SecurityInfos}.
     */
    static List<SecurityInfo> decodeSet(byte[] content, String what, boolean allowTrailing) {
        if (content == null || content.length == 0) {
            throw new LdsException(LdsException.Reason.MALFORMED_TLV, what + " is empty");
        }
        byte[] set;
        try {
            Tlv first = TlvReader.readFirst(content);
            if (first.tag() != TAG) {
                throw new LdsException(LdsException.Reason.WRONG_TAG, what + " must start with tag 31 "
                        + "(SecurityInfos SET) but starts with " + Tlv.tagHex(first.tag()));
            }
            int size = TlvReader.encodedSize(content);
            if (!allowTrailing && size != content.length) {
                throw new LdsException(LdsException.Reason.BAD_VALUE, what + " has " + (content.length - size)
                        + " bytes after the SecurityInfos SET (offset " + size + ")");
            }
            set = Arrays.copyOf(content, size);
            TlvReader.validateDeep(set);
        } catch (TlvException e) {
            throw new LdsException(LdsException.Reason.MALFORMED_TLV, what + ": " + e.getMessage(), e);
        }
        return SecurityInfos.parse(set);
    }

    /** The infos of one kind, for example {@code infos(SecurityInfo.PaceInfo.class)}. */
    public <T extends SecurityInfo> List<T> infos(Class<T> kind) {
        return securityInfos.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The PACEInfos, in file order: the PACE configurations the chip offers (9303-11 §4.4.1). */
    public List<SecurityInfo.PaceInfo> paceInfos() {
        return infos(SecurityInfo.PaceInfo.class);
    }

    /** The DER encoding of EF.CardAccess, infos in the order held. */
    public byte[] encode() {
        return SecurityInfos.encode(securityInfos);
    }
}
