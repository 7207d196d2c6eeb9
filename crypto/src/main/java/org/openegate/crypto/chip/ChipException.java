package org.openegate.crypto.chip;

import org.openegate.crypto.apdu.StatusWord;

/**
 * Reading a chip failed. The reason is machine-readable; the message and accessors give the state: which file,
 * at what offset, the status word, how many APDUs had been exchanged.
 */
public final class ChipException extends RuntimeException {

    /** Why a chip read stopped. */
    public enum Reason {
        /** The eMRTD application (AID A0000002471001) is not on the chip. */
        APPLICATION_NOT_FOUND,
        /** GET CHALLENGE or MUTUAL AUTHENTICATE failed: wrong MRZ key, or a chip that does not do BAC. */
        BAC_FAILED,
        /** PACE failed: wrong MRZ or CAN, a bad chip token, or a chip that answered outside the protocol. */
        PACE_FAILED,
        /** The chip refused to give a mandatory file (69 82) even under secure messaging. */
        ACCESS_DENIED,
        /** A mandatory file (EF.COM, EF.SOD) is not on the chip. */
        FILE_NOT_FOUND,
        /** A response's DO'8E' did not verify: tampering, a relay, or a chip whose session broke. */
        SM_MAC_INVALID,
        /** A protected response has missing or malformed data objects or padding. */
        SM_MALFORMED,
        /** The chip rejected our secure messaging (69 87, 69 88) or answered a protected command in plain. */
        SM_REJECTED_BY_CHIP,
        /** Bytes were lost: a response shorter than its own structure says. */
        TRUNCATED_RESPONSE,
        /** The card left the field. */
        CARD_REMOVED,
        /** The chip did not answer in time. */
        TIMEOUT,
        /** The reader or its driver failed. */
        IO_ERROR,
        /** A file's content does not start with a valid TLV header, or ends before its header says. */
        FILE_MALFORMED,
        /** A file declares a size beyond what any eMRTD file needs. */
        FILE_TOO_LARGE,
        /** The chip broke the protocol: more bytes than asked for, an empty read mid-file, a bad challenge. */
        PROTOCOL_VIOLATION,
        /** A status word that no step expects. */
        UNEXPECTED_STATUS,
        /** The access key type is not supported by this reader yet. */
        NOT_SUPPORTED
    }

    /** No file involved. */
    public static final int NO_FILE = -1;

    private final Reason reason;
    private final int fileId;
    private final int offset;
    private final int sw;
    private final long apdus;

    ChipException(Reason reason, String detail, int fileId, int offset, int sw, long apdus, Throwable cause) {
        super(message(reason, detail, fileId, offset, sw, apdus), cause);
        this.reason = reason;
        this.fileId = fileId;
        this.offset = offset;
        this.sw = sw;
        this.apdus = apdus;
    }

    private static String message(Reason reason, String detail, int fileId, int offset, int sw, long apdus) {
        StringBuilder m = new StringBuilder(reason.name());
        if (fileId != NO_FILE) {
            m.append(String.format(" reading EF %04X", fileId));
            if (offset >= 0) {
                m.append(" at offset ").append(offset);
            }
        }
        if (sw >= 0) {
            m.append(" (SW ").append(StatusWord.hex(sw)).append(')');
        }
        m.append(" after ").append(apdus).append(" APDUs: ").append(detail);
        return m.toString();
    }

    public Reason reason() {
        return reason;
    }

    /** The file being read, or {@link #NO_FILE}. */
    public int fileId() {
        return fileId;
    }

    /** Offset in the file, or -1. */
    public int offset() {
        return offset;
    }

    /** The status word that caused this, or -1. */
    public int sw() {
        return sw;
    }

    /** APDUs exchanged with the chip before the failure. */
    public long apdus() {
        return apdus;
    }
}
