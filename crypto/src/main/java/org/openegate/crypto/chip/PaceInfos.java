package org.openegate.crypto.chip;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.openegate.crypto.chip.internal.PaceCrypto;
import org.openegate.crypto.tlv.Tlv;
import org.openegate.crypto.tlv.TlvReader;

/**
 * Just enough of EF.CardAccess (9303-11 §9.2: SecurityInfos ::= SET OF SecurityInfo) to find a PACEInfo this reader
 * can run: SEQUENCE { protocol OID, version INTEGER (2), parameterId INTEGER OPTIONAL }. Everything else in the file
 * is skipped; the full parsing of SecurityInfos lives with the LDS.
 */
final class PaceInfos {

    private PaceInfos() {
    }

    /** The supported PACE configurations the file offers, in file order. Throws TlvException if malformed. */
    static List<PaceCrypto.Parameters> supported(byte[] cardAccess) {
        Tlv root = TlvReader.readFirst(cardAccess);
        List<PaceCrypto.Parameters> found = new ArrayList<>();
        if (root.tag() != 0x31) {
            return found;
        }
        for (Tlv info : root.children()) {
            if (info.tag() != 0x30) {
                continue;
            }
            List<Tlv> parts = info.children();
            if (parts.size() < 3 || parts.get(0).tag() != 0x06 || parts.get(1).tag() != 0x02
                    || parts.get(2).tag() != 0x02) {
                continue;
            }
            String oid;
            try {
                oid = ASN1ObjectIdentifier.getInstance(parts.get(0).encode()).getId();
            } catch (IllegalArgumentException e) {
                continue;
            }
            byte[] version = parts.get(1).value();
            byte[] parameterId = parts.get(2).value();
            if (version.length != 1 || version[0] != 2 || parameterId.length != 1) {
                continue;
            }
            try {
                found.add(PaceCrypto.Parameters.of(oid, parameterId[0]));
            } catch (IllegalArgumentException unsupported) {
                // another mapping, DH, or a proprietary curve: not for this reader
            }
        }
        return found;
    }
}
