package org.openegate.crypto.lds;

import org.openegate.crypto.tlv.Tlv;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * EF.DG1 (9303-10 §4.7.1): the MRZ as printed, tag 5F1F inside tag 61. This class does not interpret the MRZ;
 * {@code org.openegate.crypto.mrz} does. {@link #toString()} never shows it.
 *
 * @param mrz the MRZ characters without line breaks (90 for TD1, 72 for TD2, 88 for TD3)
 */
public record Dg1(String mrz) {

    static final int TAG_MRZ = 0x5F1F;

    public Dg1 {
        if (mrz == null || mrz.isEmpty() || mrz.length() > 90) {
            throw new LdsException(LdsException.Reason.BAD_VALUE,
                    "DG1 MRZ length " + (mrz == null ? "null" : mrz.length()) + " is not 1 to 90 characters");
        }
        for (int i = 0; i < mrz.length(); i++) {
            char c = mrz.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '<')) {
                throw new LdsException(LdsException.Reason.BAD_VALUE,
                        "DG1 MRZ character at index " + i + " is not A-Z, 0-9 or '<' (code " + (int) c + ")");
            }
        }
    }

    /** A DG1 from MRZ lines as printed (line breaks are not stored, 9303-10 §4.7.1). */
    public static Dg1 ofLines(List<String> lines) {
        return new Dg1(String.join("", lines));
    }

    /** Decodes EF.DG1; throws {@link LdsException} naming what is wrong (never the MRZ itself). */
    public static Dg1 parse(byte[] content) {
        Tlv file = LdsTlv.readFile(content, LdsFile.DG1);
        Tlv mrz = LdsTlv.require(LdsTlv.children(file, "DG1"), TAG_MRZ, "DG1");
        return new Dg1(new String(mrz.value(), StandardCharsets.US_ASCII));
    }

    /** The MRZ cut into its lines by document format: 3x30 (TD1), 2x36 (TD2), 2x44 (TD3); else one line. */
    public List<String> lines() {
        int width = switch (mrz.length()) {
            case 90 -> 30;
            case 72 -> 36;
            case 88 -> 44;
            default -> mrz.length();
        };
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < mrz.length(); i += width) {
            lines.add(mrz.substring(i, i + width));
        }
        return lines;
    }

    /** The issuing state or organisation, MRZ positions 3 to 5 in every format (9303-4/5/6), with fillers. */
    public String issuingState() {
        return mrz.length() >= 5 ? mrz.substring(2, 5) : "";
    }

    public byte[] encode() {
        return Tlv.constructed(LdsFile.DG1.tag(), Tlv.of(TAG_MRZ, mrz.getBytes(StandardCharsets.US_ASCII)))
                .encode();
    }

    /** The MRZ is personal data: only its length is shown. */
    @Override
    public String toString() {
        return "Dg1[mrz=<" + mrz.length() + " characters redacted>]";
    }
}
