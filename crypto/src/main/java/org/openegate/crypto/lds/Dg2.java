package org.openegate.crypto.lds;

import org.openegate.crypto.tlv.Tlv;

import java.util.ArrayList;
import java.util.List;

/**
 * EF.DG2 (9303-10 §4.7.2): tag 75 holding a biometric information group template (7F61) with the number of
 * instances (02) and one biometric information template (7F60) per encoded face. This class unwraps the LDS and
 * CBEFF layers down to each {@link BiometricDataBlock}; the face record inside is parsed by the biometrics module.
 * The wrapping is the same for both face standards; only the data block differs: 5F2E holds an ISO/IEC 19794-5
 * record, 7F2E (constructed) an ISO/IEC 39794-5 one (ICAO 39794-5 Application Profile v1.00 Table 2, CBEFF format
 * type 0x002A). Both are kept whole.
 *
 * @param blocks  the biometric data blocks, in file order
 * @param unknown data objects of 7F61 other than 02 and 7F60, kept so nothing is silently dropped
 */
public record Dg2(List<BiometricDataBlock> blocks, List<Tlv> unknown) {

    static final int TAG_GROUP = 0x7F61;
    static final int TAG_TEMPLATE = 0x7F60;
    static final int TAG_COUNT = 0x02;
    /** More faces than any document holds; bounds the work done on hostile input. */
    static final int MAX_BLOCKS = 64;

    public Dg2 {
        blocks = List.copyOf(blocks);
        unknown = List.copyOf(unknown);
    }

    public static Dg2 of(List<BiometricDataBlock> blocks) {
        return new Dg2(blocks, List.of());
    }

    /** Decodes EF.DG2; throws {@link LdsException} naming what is wrong. */
    public static Dg2 parse(byte[] content) {
        List<Tlv> unknown = new ArrayList<>();
        List<BiometricDataBlock> blocks = parseGroup(content, LdsFile.DG2, unknown);
        return new Dg2(blocks, unknown);
    }

    /**
     * Unwraps a biometric DG (DG2, DG3, DG4 share the structure, 9303-10 §4.7.2 to §4.7.4); objects of 7F61 other
     * than the count and the templates are added to {@code unknown}.
     */
    static List<BiometricDataBlock> parseGroup(byte[] content, LdsFile file, List<Tlv> unknown) {
        Tlv outer = LdsTlv.readFile(content, file);
        Tlv group = LdsTlv.require(LdsTlv.children(outer, file.name()), TAG_GROUP, file.name());
        List<Tlv> groupChildren = LdsTlv.children(group, file + " 7F61");
        Tlv count = LdsTlv.require(groupChildren, TAG_COUNT, file + " 7F61");
        byte[] countValue = count.value();
        if (countValue.length != 1) {
            throw new LdsException(LdsException.Reason.BAD_VALUE,
                    file + " instance count has " + countValue.length + " octets, expected 1");
        }
        int declared = countValue[0] & 0xFF;
        List<BiometricDataBlock> blocks = new ArrayList<>();
        for (Tlv child : groupChildren) {
            if (child.tag() != TAG_TEMPLATE) {
                if (child.tag() != TAG_COUNT) {
                    unknown.add(child);
                }
                continue;
            }
            if (blocks.size() == MAX_BLOCKS) {
                throw new LdsException(LdsException.Reason.TOO_MANY_ELEMENTS,
                        file + " holds more than " + MAX_BLOCKS + " biometric templates");
            }
            blocks.add(parseTemplate(child, file, blocks.size()));
        }
        if (blocks.size() != declared) {
            throw new LdsException(LdsException.Reason.BAD_VALUE,
                    file + " declares " + declared + " instances but holds " + blocks.size());
        }
        return blocks;
    }

    private static BiometricDataBlock parseTemplate(Tlv template, LdsFile file, int index) {
        String where = file + " 7F60 #" + index;
        List<Tlv> children = LdsTlv.children(template, where);
        List<Tlv> header = null;
        int headerTag = BiometricDataBlock.TAG_HEADER;
        Tlv data = null;
        List<Tlv> other = new ArrayList<>();
        for (Tlv child : children) {
            int tag = child.tag();
            if ((tag & 0xE0) == 0xA0 && tag <= 0xBE && header == null) {
                // 9303-10 §4.7.2.1: biometric header template, tag A1 (A2.. in some encoders)
                header = LdsTlv.children(child, where + " header");
                headerTag = tag;
            } else if ((tag == BiometricDataBlock.TAG_DATA || tag == BiometricDataBlock.TAG_DATA_CONSTRUCTED)
                    && data == null) {
                // 5F2E: ISO/IEC 19794; 7F2E: ISO/IEC 39794 (ICAO 39794-5 AP Table 2) or enciphered
                data = child;
            } else {
                other.add(child); // kept, not dropped: a second header or block, discretionary data, ...
            }
        }
        if (header == null) {
            throw new LdsException(LdsException.Reason.MISSING_ELEMENT, where + " has no biometric header A1");
        }
        if (data == null) {
            throw new LdsException(LdsException.Reason.MISSING_ELEMENT, where + " has no data block 5F2E/7F2E");
        }
        return new BiometricDataBlock(header, data.value(), data.tag(), headerTag, other);
    }

    /** The DER encoding of EF.DG2. */
    public byte[] encode() {
        if (blocks.isEmpty() || blocks.size() > 255) {
            throw new IllegalStateException("DG2 needs 1 to 255 blocks, has " + blocks.size());
        }
        List<Tlv> groupChildren = new ArrayList<>();
        groupChildren.add(Tlv.of(TAG_COUNT, new byte[] {(byte) blocks.size()}));
        for (BiometricDataBlock block : blocks) {
            List<Tlv> template = new ArrayList<>();
            template.add(Tlv.constructed(block.headerTag(), block.headerFields()));
            template.add(Tlv.of(block.dataTag(), block.data()));
            template.addAll(block.otherObjects());
            groupChildren.add(Tlv.constructed(TAG_TEMPLATE, template));
        }
        groupChildren.addAll(unknown);
        return Tlv.constructed(LdsFile.DG2.tag(), Tlv.constructed(TAG_GROUP, groupChildren)).encode();
    }

    @Override
    public String toString() {
        return "Dg2[blocks=" + blocks + "]";
    }
}
