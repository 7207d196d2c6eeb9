package org.openegate.crypto.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openegate.crypto.apdu.CommandApdu;
import org.openegate.crypto.apdu.ResponseApdu;
import org.openegate.crypto.chip.BacKey;
import org.openegate.crypto.chip.FixedRandom;
import org.openegate.crypto.lds.LdsFile;
import org.openegate.crypto.chip.internal.BacCrypto;
import org.openegate.crypto.chip.internal.SecureMessaging;
import org.openegate.crypto.chip.internal.SmAlgorithm;

/** The card side on its own: APDU bytes in, status words out, driven the way 9303-11 Appendix D drives a chip. */
class EmrtdEmulatorTest {

    static final BacKey KEY = BacKey.of("L898902C", "690806", "940623");
    static final String RND_IC = "4608F91988702212";
    static final String K_IC = "0B4F80323EB3191CB04970CB4052790B";
    static final String RND_IFD = "781723860C06C226";
    static final String K_IFD = "0B795240CB7049B01C19B33E32804F0B";

    Map<Integer, byte[]> files;
    EmrtdEmulator card;
    SecureMessaging reader;

    @BeforeEach
    void openSession() {
        byte[] dg2 = new byte[40_000];
        for (int i = 0; i < dg2.length; i++) {
            dg2[i] = (byte) (i * 7);
        }
        files = Map.of(LdsFile.COM.fileId(), Hex.decode("60145F0104303130365F36063034303030305C026175"),
                LdsFile.DG2.fileId(), dg2, LdsFile.DG3.fileId(), new byte[10]);
        card = EmrtdEmulator.builder().files(files).bacKey(KEY).random(new FixedRandom(RND_IC, K_IC)).build();
        assertThat(send("00A4040C07A0000002471001")).isEqualTo("9000");
        assertThat(send("0084000008")).isEqualTo(RND_IC + "9000");
        byte[] seed = KEY.keySeed();
        byte[] s = Hex.decode(RND_IFD + RND_IC + K_IFD);
        byte[] cryptogram = BacCrypto.cryptogram(SmAlgorithm.DES3.deriveKey(seed, 1), SmAlgorithm.DES3.deriveKey(seed,
                2), s);
        String answer = send(Hex.toHexString(new CommandApdu(0, 0x82, 0, 0, cryptogram, 40).encode()));
        assertThat(answer).endsWith("9000").hasSize(84);
        reader = BacCrypto.session(Hex.decode(K_IFD), Hex.decode(K_IC), Hex.decode(RND_IC), Hex.decode(RND_IFD));
        assertThat(card.hasSecureMessaging()).isTrue();
    }

    String send(String hex) {
        return Hex.toHexString(card.process(Hex.decode(hex))).toUpperCase();
    }

    ResponseApdu secure(CommandApdu command) {
        byte[] out = card.process(reader.protectCommand(command).encode());
        return reader.unprotectResponse(ResponseApdu.parse(out));
    }

    @Test
    void readBinary_withShortEfId_selectsAndReads() {
        ResponseApdu r = secure(new CommandApdu(0x00, 0xB0, 0x80 | 0x1E, 0x00, 4));
        assertThat(Hex.toHexString(r.data()).toUpperCase()).isEqualTo("60145F01");
    }

    @Test
    void oddInsReadBinary_readsBeyond32767_insideDo53() {
        secure(new CommandApdu(0x00, 0xA4, 0x02, 0x0C, new byte[] {0x01, 0x02}));
        ResponseApdu r = secure(new CommandApdu(0x00, 0xB1, 0x00, 0x00, Hex.decode("54029000"), 100));
        assertThat(r.sw()).as("SW").isEqualTo(0x9000);
        byte[] data = r.data();
        assertThat(data[0]).isEqualTo((byte) 0x53);
        assertThat(Arrays.copyOfRange(data, 2, data.length)).isEqualTo(
                Arrays.copyOfRange(files.get(LdsFile.DG2.fileId()), 0x9000, 0x9000 + data.length - 2));
    }

    @Test
    void eacProtectedGroup_isRefusedEvenUnderBac() {
        secure(new CommandApdu(0x00, 0xA4, 0x02, 0x0C, new byte[] {0x01, 0x03}));
        assertThat(secure(new CommandApdu(0x00, 0xB0, 0, 0, 4)).sw()).isEqualTo(0x6982);
    }

    @Test
    void wrongMac_isAnsweredWith6988InPlain_andEndsTheSession() {
        byte[] command = reader.protectCommand(new CommandApdu(0x00, 0xB0, 0x9E, 0x00, 4)).encode();
        command[command.length - 2] ^= 1;
        assertThat(Hex.toHexString(card.process(command))).isEqualTo("6988");
        assertThat(card.hasSecureMessaging()).isFalse();
    }

    @Test
    void plainCommand_endsTheSession() {
        assertThat(send("00A4040C07A0000002471001")).isEqualTo("9000");
        assertThat(card.hasSecureMessaging()).isFalse();
        assertThat(send("00B09E0004")).isEqualTo("6982");
    }

    @Test
    void offsetPastTheEnd_is6B00_andExactlyAtTheEnd_is6282() {
        secure(new CommandApdu(0x00, 0xA4, 0x02, 0x0C, new byte[] {0x01, 0x1E}));
        assertThat(secure(new CommandApdu(0x00, 0xB0, 0x00, 0x17, 4)).sw()).isEqualTo(0x6B00);
        assertThat(secure(new CommandApdu(0x00, 0xB0, 0x00, 0x16, 4)).sw()).isEqualTo(0x6282);
    }

    @Test
    void extendedLengthSwitchedOff_refusesExtendedApdusInPlain() {
        card.setExtendedLength(false);
        byte[] command = reader.protectCommand(new CommandApdu(0x00, 0xB0, 0x9E, 0x00, 1000)).encode();
        assertThat(Hex.toHexString(card.process(command))).isEqualTo("6700");
    }

    @Test
    void mutualAuthenticateWithoutChallenge_isRefused() {
        assertThat(send("00A4040C07A0000002471001")).isEqualTo("9000");
        assertThat(send("0082000028" + "00".repeat(40) + "28")).isEqualTo("6985");
    }
}
