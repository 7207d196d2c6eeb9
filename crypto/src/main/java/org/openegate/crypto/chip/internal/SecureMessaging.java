package org.openegate.crypto.chip.internal;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.openegate.crypto.apdu.CommandApdu;
import org.openegate.crypto.apdu.ResponseApdu;
import org.openegate.crypto.tlv.Tlv;
import org.openegate.crypto.tlv.TlvException;
import org.openegate.crypto.tlv.TlvReader;

/**
 * One secure-messaging session (9303-11 §9.8): the session keys KSenc and KSmac, and the send sequence counter.
 * Both ends of the link use this class: the reader calls {@link #protectCommand} and {@link #unprotectResponse},
 * the card (the emulator) {@link #unprotectCommand} and {@link #protectResponse}. Every one of the four steps
 * increments the counter first, as §9.8.2 requires, so both sides stay in step as long as every command gets
 * exactly one response.
 *
 * <p>Protected command (§9.8.6.1): CLA with bits 0x0C set; data = DO'87' (even INS: 01 || encrypted padded data)
 * or DO'85' (odd INS: encrypted padded data), DO'97' (Le, when the command has one), DO'8E' (MAC over
 * SSC || padded header || the other data objects). Protected response: DO'87' (when there is data), DO'99' (the
 * status word), DO'8E' (MAC over SSC || DO'87' || DO'99').
 *
 * <p>Holds keys, so {@link #toString()} shows only the algorithm. Not thread-safe: one session, one channel.
 */
public final class SecureMessaging {

    private static final int DO_85 = 0x85;
    private static final int DO_87 = 0x87;
    private static final int DO_8E = 0x8E;
    private static final int DO_97 = 0x97;
    private static final int DO_99 = 0x99;
    private static final int SM_CLA_BITS = 0x0C;

    private final SmAlgorithm algorithm;
    private final byte[] kEnc;
    private final byte[] kMac;
    private final byte[] ssc;

    public SecureMessaging(SmAlgorithm algorithm, byte[] kEnc, byte[] kMac, byte[] ssc) {
        if (ssc.length != algorithm.blockSize()) {
            throw new IllegalArgumentException("SSC of " + ssc.length + " bytes for " + algorithm + " needs "
                    + algorithm.blockSize());
        }
        this.algorithm = algorithm;
        this.kEnc = kEnc.clone();
        this.kMac = kMac.clone();
        this.ssc = ssc.clone();
    }

    public SmAlgorithm algorithm() {
        return algorithm;
    }

    /** A copy of the current send sequence counter (for tests against the worked examples). */
    public byte[] ssc() {
        return ssc.clone();
    }

    /**
     * The largest READ BINARY Le whose protected response still fits a short response APDU (256 bytes): 0xE7 with
     * 8-byte blocks, 0xDF with 16-byte blocks. Response = 87 81 LL 01 ciphertext 99 02 SW 8E 08 MAC.
     */
    public int maxShortResponseData() {
        int n = 256;
        while (n > 0) {
            int cipher = (n / algorithm.blockSize() + 1) * algorithm.blockSize();
            int total = 3 + 1 + cipher + 4 + 10;
            if (total <= 256) {
                return n;
            }
            n--;
        }
        return 0;
    }

    /** Reader side: wraps a plain command. */
    public CommandApdu protectCommand(CommandApdu command) {
        int cla = command.cla() | SM_CLA_BITS;
        ByteArrayOutputStream dos = new ByteArrayOutputStream();
        byte[] data = command.data();
        if (data.length > 0) {
            dos.writeBytes(encryptedDataObject(command.ins(), data));
        }
        if (command.ne() > 0) {
            dos.writeBytes(Tlv.of(DO_97, encodeLe(command.ne())).encode());
        }
        increment();
        byte[] header = SmAlgorithm.padded(new byte[] {(byte) cla, (byte) command.ins(), (byte) command.p1(),
            (byte) command.p2()}, algorithm.blockSize());
        byte[] mac = mac(header, dos.toByteArray());
        dos.writeBytes(Tlv.of(DO_8E, mac).encode());
        byte[] protectedData = dos.toByteArray();
        boolean extended = command.ne() > CommandApdu.MAX_SHORT_NE || protectedData.length > CommandApdu.MAX_SHORT_NC;
        return new CommandApdu(cla, command.ins(), command.p1(), command.p2(), protectedData,
                extended ? CommandApdu.MAX_EXTENDED : CommandApdu.MAX_SHORT_NE);
    }

    /**
     * Reader side: verifies and unwraps a protected response. A response of only a status word (the card did not
     * apply SM, usually because it refused the command or dropped the session) is returned as it is; the caller
     * decides what an unauthenticated status may mean.
     */
    public ResponseApdu unprotectResponse(ResponseApdu response) {
        increment();
        if (response.dataLength() == 0) {
            return response;
        }
        byte[] raw = response.data();
        List<Tlv> objects = parse(raw);
        Tlv last = objects.get(objects.size() - 1);
        if (last.tag() != DO_8E) {
            throw new SecureMessagingException(SecureMessagingException.Reason.DO_MISSING,
                    "response has no DO'8E' as its last object (last is " + Tlv.tagHex(last.tag()) + ")");
        }
        byte[] covered = Arrays.copyOf(raw, raw.length - last.encode().length);
        verifyMac(covered, last);
        byte[] plain = new byte[0];
        Integer sw = null;
        for (int i = 0; i < objects.size() - 1; i++) {
            Tlv object = objects.get(i);
            switch (object.tag()) {
                case DO_87, DO_85 -> {
                    if (i != 0) {
                        throw misplaced(object, i);
                    }
                    plain = decryptDataObject(object);
                }
                case DO_99 -> {
                    if (object.length() != 2 || sw != null) {
                        throw new SecureMessagingException(SecureMessagingException.Reason.MALFORMED,
                                "DO'99' of " + object.length() + " bytes at position " + i);
                    }
                    byte[] v = object.value();
                    sw = ((v[0] & 0xFF) << 8) | (v[1] & 0xFF);
                }
                default -> throw misplaced(object, i);
            }
        }
        if (sw == null) {
            // 9303-11 §9.8.6.1: DO'99' is mandatory in every protected response
            throw new SecureMessagingException(SecureMessagingException.Reason.DO_MISSING,
                    "response has no DO'99' status");
        }
        return new ResponseApdu(plain, sw);
    }

    /** Card side: verifies and unwraps a protected command. */
    public CommandApdu unprotectCommand(CommandApdu command) {
        increment();
        if ((command.cla() & SM_CLA_BITS) != SM_CLA_BITS) {
            throw new SecureMessagingException(SecureMessagingException.Reason.DO_MISSING,
                    String.format("CLA %02X does not announce secure messaging", command.cla()));
        }
        byte[] raw = command.data();
        if (raw.length == 0) {
            throw new SecureMessagingException(SecureMessagingException.Reason.DO_MISSING, "command has no DO'8E'");
        }
        List<Tlv> objects = parse(raw);
        Tlv last = objects.get(objects.size() - 1);
        if (last.tag() != DO_8E) {
            throw new SecureMessagingException(SecureMessagingException.Reason.DO_MISSING,
                    "command has no DO'8E' as its last object (last is " + Tlv.tagHex(last.tag()) + ")");
        }
        byte[] header = SmAlgorithm.padded(new byte[] {(byte) command.cla(), (byte) command.ins(),
            (byte) command.p1(), (byte) command.p2()}, algorithm.blockSize());
        byte[] covered = Arrays.copyOf(raw, raw.length - last.encode().length);
        byte[] withHeader = concat(header, covered);
        verifyMac(withHeader, last);
        byte[] data = new byte[0];
        int ne = 0;
        for (int i = 0; i < objects.size() - 1; i++) {
            Tlv object = objects.get(i);
            switch (object.tag()) {
                case DO_87, DO_85 -> {
                    if (i != 0 || (object.tag() == DO_85) != ((command.ins() & 1) == 1)) {
                        throw misplaced(object, i);
                    }
                    data = decryptDataObject(object);
                }
                case DO_97 -> ne = decodeLe(object);
                default -> throw misplaced(object, i);
            }
        }
        return new CommandApdu(command.cla() & ~SM_CLA_BITS, command.ins(), command.p1(), command.p2(), data, ne);
    }

    /** Card side: wraps a plain response. */
    public ResponseApdu protectResponse(ResponseApdu response) {
        ByteArrayOutputStream dos = new ByteArrayOutputStream();
        byte[] data = response.data();
        if (data.length > 0) {
            dos.writeBytes(encryptedDataObject(0, data)); // responses always use DO'87'
        }
        dos.writeBytes(Tlv.of(DO_99, new byte[] {(byte) response.sw1(), (byte) response.sw2()}).encode());
        increment();
        byte[] mac = mac(new byte[0], dos.toByteArray());
        dos.writeBytes(Tlv.of(DO_8E, mac).encode());
        return new ResponseApdu(dos.toByteArray(), response.sw());
    }

    private byte[] encryptedDataObject(int ins, byte[] data) {
        // the IV for AES depends on the counter value this message will carry, hence ssc + 1
        byte[] cipher = algorithm.encrypt(kEnc, nextSsc(), SmAlgorithm.padded(data, algorithm.blockSize()));
        if ((ins & 1) == 1) {
            return Tlv.of(DO_85, cipher).encode();
        }
        return Tlv.of(DO_87, concat(new byte[] {0x01}, cipher)).encode();
    }

    private byte[] decryptDataObject(Tlv object) {
        byte[] value = object.value();
        byte[] cipher;
        if (object.tag() == DO_87) {
            if (value.length < 1 || value[0] != 0x01) {
                throw new SecureMessagingException(SecureMessagingException.Reason.MALFORMED,
                        "DO'87' padding-content indicator is " + (value.length == 0 ? "absent"
                                : String.format("%02X", value[0])) + ", expected 01");
            }
            cipher = Arrays.copyOfRange(value, 1, value.length);
        } else {
            cipher = value;
        }
        if (cipher.length == 0 || cipher.length % algorithm.blockSize() != 0) {
            throw new SecureMessagingException(SecureMessagingException.Reason.MALFORMED,
                    "DO'" + Tlv.tagHex(object.tag()) + "' ciphertext of " + cipher.length
                            + " bytes is not a non-empty multiple of " + algorithm.blockSize());
        }
        return SmAlgorithm.unpadded(algorithm.decrypt(kEnc, ssc, cipher));
    }

    private void verifyMac(byte[] covered, Tlv macObject) {
        byte[] expected = mac(new byte[0], covered);
        if (!MessageDigest.isEqual(expected, macObject.value())) {
            throw new SecureMessagingException(SecureMessagingException.Reason.MAC_INVALID,
                    "DO'8E' of " + macObject.length() + " bytes does not match the MAC over " + covered.length
                            + " bytes");
        }
    }

    /** MAC over SSC || prefix || data objects; the current counter must already be incremented. */
    private byte[] mac(byte[] prefix, byte[] objects) {
        return algorithm.mac(kMac, concat(concat(ssc, prefix), objects));
    }

    private static List<Tlv> parse(byte[] raw) {
        List<Tlv> objects;
        try {
            objects = TlvReader.readAll(raw);
        } catch (TlvException e) {
            boolean cut = e.reason() == TlvException.Reason.TRUNCATED
                    || e.reason() == TlvException.Reason.LENGTH_EXCEEDS_INPUT;
            throw new SecureMessagingException(cut ? SecureMessagingException.Reason.TRUNCATED
                    : SecureMessagingException.Reason.MALFORMED, "SM data objects: " + e.getMessage());
        }
        if (objects.size() > 4) {
            throw new SecureMessagingException(SecureMessagingException.Reason.MALFORMED,
                    objects.size() + " SM data objects, at most 4 expected");
        }
        return objects;
    }

    private static SecureMessagingException misplaced(Tlv object, int index) {
        return new SecureMessagingException(SecureMessagingException.Reason.MALFORMED,
                "unexpected DO'" + Tlv.tagHex(object.tag()) + "' at position " + index);
    }

    private static byte[] encodeLe(int ne) {
        if (ne <= CommandApdu.MAX_SHORT_NE) {
            return new byte[] {(byte) ne}; // 256 -> 00
        }
        return new byte[] {(byte) (ne >>> 8), (byte) ne}; // 65536 -> 00 00
    }

    private static int decodeLe(Tlv object) {
        byte[] v = object.value();
        return switch (v.length) {
            case 1 -> v[0] == 0 ? 256 : v[0] & 0xFF;
            case 2 -> {
                int n = ((v[0] & 0xFF) << 8) | (v[1] & 0xFF);
                yield n == 0 ? CommandApdu.MAX_EXTENDED : n;
            }
            default -> throw new SecureMessagingException(SecureMessagingException.Reason.MALFORMED,
                    "DO'97' of " + v.length + " bytes");
        };
    }

    private byte[] nextSsc() {
        byte[] next = ssc.clone();
        incrementInPlace(next);
        return next;
    }

    private void increment() {
        incrementInPlace(ssc);
    }

    private static void incrementInPlace(byte[] counter) {
        for (int i = counter.length - 1; i >= 0; i--) {
            counter[i]++;
            if (counter[i] != 0) {
                return;
            }
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Algorithm only: the session keys and counter are secrets. */
    @Override
    public String toString() {
        return "SecureMessaging[" + algorithm + "]";
    }
}
