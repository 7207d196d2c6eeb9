package org.openegate.crypto.lds;

import java.util.Optional;

/**
 * The elementary files of the LDS 1.7 application (9303-10 §4.6 / Table 35): their short file identifier, the
 * tag that opens their content, and for data groups their number. Files read from a directory or a chip are
 * recognised by their first tag, never by a file name.
 */
public enum LdsFile {
    COM(0x011E, 0x60, 0),
    DG1(0x0101, 0x61, 1),
    DG2(0x0102, 0x75, 2),
    DG3(0x0103, 0x63, 3),
    DG4(0x0104, 0x76, 4),
    DG5(0x0105, 0x65, 5),
    DG6(0x0106, 0x66, 6),
    DG7(0x0107, 0x67, 7),
    DG8(0x0108, 0x68, 8),
    DG9(0x0109, 0x69, 9),
    DG10(0x010A, 0x6A, 10),
    DG11(0x010B, 0x6B, 11),
    DG12(0x010C, 0x6C, 12),
    DG13(0x010D, 0x6D, 13),
    DG14(0x010E, 0x6E, 14),
    DG15(0x010F, 0x6F, 15),
    DG16(0x0110, 0x70, 16),
    SOD(0x011D, 0x77, 0);

    /**
     * EF.CardAccess: file 011C of the master file, outside the eMRTD application, readable without access control
     * (9303-10 §3.11.3). Not an enum constant: it is not part of the application and is not recognised
     * by a first tag (it opens with a plain SET, 31).
     */
    public static final int CARD_ACCESS_FILE_ID = 0x011C;

    /**
     * EF.CardSecurity: file 011D of the master file (9303-10 §3.11.4). The same identifier as EF.SOD, which lives in
     * the eMRTD application: which one a SELECT reaches depends on the application selected.
     */
    public static final int CARD_SECURITY_FILE_ID = 0x011D;

    /** The application identifier of the LDS1 eMRTD application (9303-10), selected by DF name. */
    private static final byte[] EMRTD_AID = {(byte) 0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01};

    private final int fileId;
    private final int tag;
    private final int dataGroupNumber;

    LdsFile(int fileId, int tag, int dataGroupNumber) {
        this.fileId = fileId;
        this.tag = tag;
        this.dataGroupNumber = dataGroupNumber;
    }

    /** The file identifier, for example {@code 0x0101} for DG1 or {@code 0x011D} for the SOD. */
    public int fileId() {
        return fileId;
    }

    /** The short EF identifier (the low five bits of the file identifier, 9303-10 Table 35). */
    public int shortFileId() {
        return fileId & 0x1F;
    }

    /** The tag that opens the file's content: {@code 0x61} for DG1, {@code 0x77} for the SOD. */
    public int tag() {
        return tag;
    }

    /** 1 to 16 for a data group, 0 for COM and the SOD. */
    public int dataGroupNumber() {
        return dataGroupNumber;
    }

    public boolean isDataGroup() {
        return dataGroupNumber != 0;
    }

    /** The file whose content starts with this tag. */
    public static Optional<LdsFile> fromTag(int tag) {
        for (LdsFile file : values()) {
            if (file.tag == tag) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /** The file whose identifier this is ({@code 0x0101} -> DG1). */
    public static Optional<LdsFile> fromFileId(int fileId) {
        for (LdsFile file : values()) {
            if (file.fileId == fileId) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /** The data group with this number, 1 to 16. */
    public static Optional<LdsFile> fromDataGroupNumber(int number) {
        for (LdsFile file : values()) {
            if (file.dataGroupNumber == number && number != 0) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /** A copy of the eMRTD application identifier A0 00 00 02 47 10 01, for SELECT by DF name. */
    public static byte[] emrtdAid() {
        return EMRTD_AID.clone();
    }

    /** Whether the bytes are the eMRTD application identifier. */
    public static boolean isEmrtdAid(byte[] aid) {
        return java.util.Arrays.equals(EMRTD_AID, aid);
    }

    /**
     * A short name for logs and JSON: COM, SOD, DG1 ... DG16 for the application's files, CardAccess for 011C, or the
     * identifier in hex. 011D is named SOD: chip reads key files by identifier, and the SOD is the one read there.
     */
    public static String nameOf(int fileId) {
        if (fileId == CARD_ACCESS_FILE_ID) {
            return "CardAccess";
        }
        return fromFileId(fileId).map(Enum::name).orElse(String.format("%04X", fileId));
    }

    /** Recognises a file by its first octet; empty for anything that is not an LDS file. */
    public static Optional<LdsFile> identify(byte[] content) {
        if (content == null || content.length == 0) {
            return Optional.empty();
        }
        return fromTag(content[0] & 0xFF);
    }
}
