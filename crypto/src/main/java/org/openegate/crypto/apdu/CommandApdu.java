package org.openegate.crypto.apdu;

import java.util.Arrays;

/**
 * A command APDU (ISO/IEC 7816-4 §5.1): header CLA INS P1 P2, optional command data (Nc bytes) and an optional
 * expected response length Ne.
 *
 * <p>The four cases follow from the fields: no data and no Ne is case 1, Ne only case 2, data only case 3, both
 * case 4. Short length fields are used when Nc &le; 255 and Ne &le; 256; otherwise the whole APDU uses extended
 * length fields (§5.1: one APDU never mixes the two). Ne = 256 encodes as Le = 00 in short form and Ne = 65536 as
 * Le = 0000 in extended form.
 *
 * <p>Command data can carry secrets (MUTUAL AUTHENTICATE cryptograms), so {@link #toString()} shows only the header
 * and the lengths.
 */
public final class CommandApdu {

    /** Largest Nc and Ne (extended length). */
    public static final int MAX_EXTENDED = 65536;
    /** Largest Ne in short form. */
    public static final int MAX_SHORT_NE = 256;
    /** Largest Nc in short form. */
    public static final int MAX_SHORT_NC = 255;

    private final int cla;
    private final int ins;
    private final int p1;
    private final int p2;
    private final byte[] data;
    /** Expected response length; 0 means "no Le field" (cases 1 and 3). */
    private final int ne;

    public CommandApdu(int cla, int ins, int p1, int p2, byte[] data, int ne) {
        checkByte("CLA", cla);
        checkByte("INS", ins);
        checkByte("P1", p1);
        checkByte("P2", p2);
        if (data.length > MAX_EXTENDED - 1) {
            throw new ApduFormatException(ApduFormatException.Reason.VALUE_OUT_OF_RANGE,
                    "Nc " + data.length + " exceeds " + (MAX_EXTENDED - 1));
        }
        if (ne < 0 || ne > MAX_EXTENDED) {
            throw new ApduFormatException(ApduFormatException.Reason.VALUE_OUT_OF_RANGE,
                    "Ne " + ne + " outside 0.." + MAX_EXTENDED);
        }
        this.cla = cla;
        this.ins = ins;
        this.p1 = p1;
        this.p2 = p2;
        this.data = data.clone();
        this.ne = ne;
    }

    /** Case 1. */
    public CommandApdu(int cla, int ins, int p1, int p2) {
        this(cla, ins, p1, p2, new byte[0], 0);
    }

    /** Case 3 (or case 1 if data is empty). */
    public CommandApdu(int cla, int ins, int p1, int p2, byte[] data) {
        this(cla, ins, p1, p2, data, 0);
    }

    /** Case 2 (or case 1 if ne is 0). */
    public CommandApdu(int cla, int ins, int p1, int p2, int ne) {
        this(cla, ins, p1, p2, new byte[0], ne);
    }

    /** Decodes command bytes, as a card receives them, into one of the seven encodings of §5.1. */
    public static CommandApdu parse(byte[] apdu) {
        int n = apdu.length;
        if (n < 4) {
            throw new ApduFormatException(ApduFormatException.Reason.TOO_SHORT,
                    "command of " + n + " bytes has no complete header");
        }
        int cla = apdu[0] & 0xFF;
        int ins = apdu[1] & 0xFF;
        int p1 = apdu[2] & 0xFF;
        int p2 = apdu[3] & 0xFF;
        if (n == 4) {
            return new CommandApdu(cla, ins, p1, p2);
        }
        int b4 = apdu[4] & 0xFF;
        if (n == 5) {
            return new CommandApdu(cla, ins, p1, p2, StatusWord.shortLength(b4)); // case 2S
        }
        if (b4 != 0) { // short Lc
            if (n == 5 + b4) {
                return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 5, n)); // case 3S
            }
            if (n == 6 + b4) {
                return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 5, 5 + b4),
                        StatusWord.shortLength(apdu[n - 1] & 0xFF)); // case 4S
            }
            throw new ApduFormatException(ApduFormatException.Reason.LENGTH_MISMATCH,
                    "short Lc " + b4 + " does not match a command of " + n + " bytes");
        }
        if (n == 7) { // case 2E: 00 Le1 Le2
            return new CommandApdu(cla, ins, p1, p2, extendedLength(apdu[5], apdu[6]));
        }
        if (n < 7) {
            throw new ApduFormatException(ApduFormatException.Reason.LENGTH_MISMATCH,
                    "extended length field cut off in a command of " + n + " bytes");
        }
        int lc = ((apdu[5] & 0xFF) << 8) | (apdu[6] & 0xFF);
        if (lc == 0) {
            throw new ApduFormatException(ApduFormatException.Reason.LENGTH_MISMATCH,
                    "extended Lc of 0 in a command of " + n + " bytes");
        }
        if (n == 7 + lc) {
            return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 7, n)); // case 3E
        }
        if (n == 9 + lc) {
            return new CommandApdu(cla, ins, p1, p2, Arrays.copyOfRange(apdu, 7, 7 + lc),
                    extendedLength(apdu[n - 2], apdu[n - 1])); // case 4E
        }
        throw new ApduFormatException(ApduFormatException.Reason.LENGTH_MISMATCH,
                "extended Lc " + lc + " does not match a command of " + n + " bytes");
    }

    private static int extendedLength(byte hi, byte lo) {
        int value = ((hi & 0xFF) << 8) | (lo & 0xFF);
        return value == 0 ? MAX_EXTENDED : value;
    }

    public int cla() {
        return cla;
    }

    public int ins() {
        return ins;
    }

    public int p1() {
        return p1;
    }

    public int p2() {
        return p2;
    }

    /** A copy of the command data. */
    public byte[] data() {
        return data.clone();
    }

    public int nc() {
        return data.length;
    }

    /** Expected response length; 0 when the command has no Le field. */
    public int ne() {
        return ne;
    }

    /** ISO/IEC 7816-4 case 1 to 4. */
    public int apduCase() {
        return data.length == 0 ? (ne == 0 ? 1 : 2) : (ne == 0 ? 3 : 4);
    }

    /** True when this command needs extended length fields. */
    public boolean isExtended() {
        return data.length > MAX_SHORT_NC || ne > MAX_SHORT_NE;
    }

    /** The same command with another class byte (secure messaging and chaining set bits in CLA). */
    public CommandApdu withCla(int newCla) {
        return new CommandApdu(newCla, ins, p1, p2, data, ne);
    }

    /** The same command with another Ne (for a 6Cxx retry). */
    public CommandApdu withNe(int newNe) {
        return new CommandApdu(cla, ins, p1, p2, data, newNe);
    }

    /** The bytes sent to the card. */
    public byte[] encode() {
        boolean extended = isExtended();
        int size = 4 + (data.length == 0 ? 0 : (extended ? 3 : 1) + data.length)
                + (ne == 0 ? 0 : (extended ? (data.length == 0 ? 3 : 2) : 1));
        byte[] out = new byte[size];
        out[0] = (byte) cla;
        out[1] = (byte) ins;
        out[2] = (byte) p1;
        out[3] = (byte) p2;
        int pos = 4;
        if (data.length > 0) {
            if (extended) {
                out[pos++] = 0;
                out[pos++] = (byte) (data.length >>> 8);
            }
            out[pos++] = (byte) data.length;
            System.arraycopy(data, 0, out, pos, data.length);
            pos += data.length;
        }
        if (ne > 0) {
            if (extended) {
                if (data.length == 0) {
                    out[pos++] = 0;
                }
                out[pos++] = (byte) (ne >>> 8); // 65536 encodes as 00 00
                out[pos++] = (byte) ne;
            } else {
                out[pos++] = (byte) ne; // 256 encodes as 00
            }
        }
        return out;
    }

    private static void checkByte(String name, int value) {
        if (value < 0 || value > 0xFF) {
            throw new ApduFormatException(ApduFormatException.Reason.VALUE_OUT_OF_RANGE,
                    name + " " + value + " is not a byte");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandApdu other && other.cla == cla && other.ins == ins && other.p1 == p1
                && other.p2 == p2 && other.ne == ne && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return ((((cla * 31 + ins) * 31 + p1) * 31 + p2) * 31 + ne) * 31 + Arrays.hashCode(data);
    }

    /** Header and lengths only: command data may be secret. */
    @Override
    public String toString() {
        return String.format("CommandApdu[%02X %02X %02X %02X, Nc=%d, Ne=%d]", cla, ins, p1, p2, data.length, ne);
    }
}
