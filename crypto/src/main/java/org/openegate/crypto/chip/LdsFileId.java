package org.openegate.crypto.chip;

/** File identifiers of the eMRTD application (9303-10 §3.6, §4.6). */
public final class LdsFileId {

    /** AID of the LDS1 eMRTD application. */
    public static final byte[] EMRTD_AID = {(byte) 0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};

    public static final int CARD_ACCESS = 0x011C;
    public static final int COM = 0x011E;
    public static final int SOD = 0x011D;

    private LdsFileId() {
    }

    /** EF.DG1 is 0101 ... EF.DG16 is 0110. */
    public static int dataGroup(int number) {
        if (number < 1 || number > 16) {
            throw new IllegalArgumentException("data group " + number + " outside 1..16");
        }
        return 0x0100 + number;
    }

    /** The data group number of a file id, or 0 if it is not a data group. */
    public static int dataGroupNumber(int fileId) {
        int n = fileId - 0x0100;
        return n >= 1 && n <= 16 ? n : 0;
    }

    /** A short name for logs and JSON: COM, SOD, DG1 ... DG16, or the hex id. */
    public static String name(int fileId) {
        if (fileId == COM) {
            return "COM";
        }
        if (fileId == SOD) {
            return "SOD";
        }
        if (fileId == CARD_ACCESS) {
            return "CardAccess";
        }
        int dg = dataGroupNumber(fileId);
        return dg > 0 ? "DG" + dg : String.format("%04X", fileId);
    }
}
