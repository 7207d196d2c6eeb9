package org.openegate.crypto.emulator;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.bouncycastle.util.encoders.Hex;
import org.openegate.crypto.apdu.ApduChannel;
import org.openegate.crypto.apdu.ResponseApdu;
import org.openegate.crypto.chip.BacKey;
import org.openegate.crypto.chip.ChipException;
import org.openegate.crypto.chip.ChipReader;
import org.openegate.crypto.chip.internal.PaceCrypto;
import org.openegate.crypto.tlv.Tlv;

/**
 * Hostile PACE answers for every mapping: an honest emulator serves EF.CardAccess and MSE:SET AT, then each
 * GENERAL AUTHENTICATE is answered by the fuzzer, either as a well-formed 7C with fuzzer-chosen objects (points off
 * the curve, DH values outside the subgroup, short nonces, bad A_IC) or as raw bytes. The reader may only fail with
 * {@link ChipException}; and the emulator, given fuzzer-chosen GENERAL AUTHENTICATE data, always answers with a
 * status word.
 */
class PaceFuzzTest {

    static final BacKey KEY = ChipReaderEmulatorTest.KEY;
    static final List<String[]> VARIANTS = List.of(
            new String[] {PaceCrypto.OID_DH_GM_AES_128, "0"}, new String[] {PaceCrypto.OID_ECDH_IM_AES_128, "13"},
            new String[] {PaceCrypto.OID_ECDH_CAM_AES_128, "13"}, new String[] {PaceCrypto.OID_ECDH_GM_3DES, "12"},
            new String[] {PaceCrypto.OID_DH_IM_AES_256, "0"});

    /** PACE-CAM's static key: the CA key on the PACE curve (brainpoolP256r1). */
    static final java.security.PrivateKey CAM_KEY = camKey();

    static java.security.PrivateKey camKey() {
        try {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC",
                    new org.bouncycastle.jce.provider.BouncyCastleProvider());
            g.initialize(new java.security.spec.ECGenParameterSpec("brainpoolP256r1"), new SecureRandom());
            return g.generateKeyPair().getPrivate();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static EmrtdEmulator chip(String[] variant) {
        return EmrtdEmulator.builder().files(ChipReaderEmulatorTest.passport(50)).bacKey(KEY)
                .pace(variant[0], Integer.parseInt(variant[1]))
                .chipAuthentication(CAM_KEY, org.openegate.crypto.chip.internal.ChipAuthCrypto.OID_CA_ECDH_AES_128)
                .random(new SecureRandom()).build();
    }

    @FuzzTest(maxDuration = "30s")
    void pace_hostileGeneralAuthenticateAnswers_failOnlyWithChipException(FuzzedDataProvider fuzz) {
        String[] variant = VARIANTS.get(fuzz.consumeInt(0, VARIANTS.size() - 1));
        EmrtdEmulator honest = chip(variant);
        int[] count = {0};
        ApduChannel hostile = command -> {
            if (command.ins() != 0x86 || ++count[0] > 20) {
                return ResponseApdu.parse(honest.process(command.encode()));
            }
            if (fuzz.consumeInt(0, 4) == 0) {
                byte[] raw = fuzz.consumeBytes(fuzz.consumeInt(0, 300));
                return raw.length < 2 ? ResponseApdu.status(0x9000) : ResponseApdu.parse(raw);
            }
            int tag = 0x80 + fuzz.consumeInt(0, 10);
            byte[] value = fuzz.consumeBytes(fuzz.consumeInt(0, 270));
            Tlv answer = fuzz.consumeBoolean() ? Tlv.constructed(0x7C, Tlv.of(tag, value))
                    : Tlv.constructed(0x7C, Tlv.of(0x86, fuzz.consumeBytes(8)), Tlv.of(0x8A, value));
            return new ResponseApdu(answer.encode(), fuzz.consumeBoolean() ? 0x9000 : fuzz.consumeInt(0, 0xFFFF));
        };
        try {
            new ChipReader(hostile, Clock.systemUTC(), new SecureRandom()).read(KEY);
        } catch (ChipException expected) {
            // a reasoned refusal is the only acceptable failure
        }
    }

    @FuzzTest(maxDuration = "30s")
    void emulator_answersAnyGeneralAuthenticateWithAStatusWord(FuzzedDataProvider fuzz) {
        String[] variant = VARIANTS.get(fuzz.consumeInt(0, VARIANTS.size() - 1));
        EmrtdEmulator card = chip(variant);
        byte[] mse = Tlv.of(0x80, PaceCrypto.oidContent(variant[0])).encode();
        byte[] setAt = new byte[5 + mse.length + 3];
        System.arraycopy(Hex.decode("0022C1A4"), 0, setAt, 0, 4);
        setAt[4] = (byte) (mse.length + 3);
        System.arraycopy(mse, 0, setAt, 5, mse.length);
        System.arraycopy(new byte[] {(byte) 0x83, 0x01, 0x01}, 0, setAt, 5 + mse.length, 3);
        card.process(setAt);
        for (int step = 0; step < 4 && fuzz.remainingBytes() > 0; step++) {
            byte[] data = fuzz.consumeBytes(fuzz.consumeInt(0, 260));
            byte[] command = new byte[5 + Math.min(data.length, 255)];
            command[0] = (byte) (step < 3 ? 0x10 : 0x00);
            command[1] = (byte) 0x86;
            command[4] = (byte) Math.min(data.length, 255);
            System.arraycopy(data, 0, command, 5, command.length - 5);
            byte[] out = card.process(command.length == 5 ? Hex.decode(step < 3 ? "10860000027C00" : "00860000027C00")
                    : command);
            if (out.length < 2) {
                throw new AssertionError("emulator answered with " + out.length + " bytes");
            }
        }
    }
}
