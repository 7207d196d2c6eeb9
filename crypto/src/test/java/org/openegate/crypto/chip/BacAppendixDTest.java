package org.openegate.crypto.chip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.openegate.crypto.apdu.ApduChannel;
import org.openegate.crypto.apdu.CommandApdu;
import org.openegate.crypto.apdu.ResponseApdu;
import org.openegate.crypto.chip.internal.BacCrypto;
import org.openegate.crypto.chip.internal.SecureMessaging;
import org.openegate.crypto.chip.internal.SmAlgorithm;
import org.openegate.crypto.emulator.EmrtdEmulator;
import org.openegate.crypto.emulator.EmulatorChannel;
import org.openegate.crypto.lds.LdsFile;
import org.openegate.crypto.mrz.Mrz;

/** Known-answer tests: every value below is from ICAO Doc 9303-11 (8th ed., 2021), Appendix D. */
class BacAppendixDTest {

    // D.2
    static final BacKey KEY = BacKey.of("L898902C", "690806", "940623");
    static final String K_SEED = "239AB9CB282DAF66231DC5A4DF6BFBAE";
    static final String K_ENC = "AB94FDECF2674FDFB9B391F85D7F76F2";
    static final String K_MAC = "7962D9ECE03D1ACD4C76089DCE131543";
    // D.3
    static final String RND_IC = "4608F91988702212";
    static final String RND_IFD = "781723860C06C226";
    static final String K_IFD = "0B795240CB7049B01C19B33E32804F0B";
    static final String K_IC = "0B4F80323EB3191CB04970CB4052790B";
    static final String CMD_DATA = "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2"
            + "5F1448EEA8AD90A7";
    static final String RESP_DATA = "46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F"
            + "2F2D235D074D7449";
    static final String SSC = "887022120C06C226";
    // D.4
    static final String EF_COM = "60145F0104303130365F36063034303030305C026175";

    @Test
    void keySeed_matchesAppendixD2() {
        assertThat(Hex.toHexString(KEY.keySeed()).toUpperCase()).isEqualTo(K_SEED);
        assertThat(hex(SmAlgorithm.DES3.deriveKey(KEY.keySeed(), SmAlgorithm.KDF_ENC))).isEqualTo(K_ENC);
        assertThat(hex(SmAlgorithm.DES3.deriveKey(KEY.keySeed(), SmAlgorithm.KDF_MAC))).isEqualTo(K_MAC);
    }

    @Test
    void checkDigits_areThoseOfTheAppendixD2MrzInformation() {
        assertThat(Mrz.checkDigit("L898902C<")).isEqualTo("3");
        assertThat(Mrz.checkDigit("690806")).isEqualTo("1");
        assertThat(Mrz.checkDigit("940623")).isEqualTo("6");
        assertThat(KEY.keySeed()).isEqualTo(BacCrypto.keySeed("L898902C<369080619406236"));
    }

    @Test
    void cryptograms_matchAppendixD3() {
        byte[] kEnc = Hex.decode(K_ENC);
        byte[] kMac = Hex.decode(K_MAC);
        byte[] s = Hex.decode(RND_IFD + RND_IC + K_IFD);
        assertThat(hex(BacCrypto.cryptogram(kEnc, kMac, s))).isEqualTo(CMD_DATA);
        byte[] r = BacCrypto.openCryptogram(kEnc, kMac, Hex.decode(RESP_DATA));
        assertThat(hex(r)).isEqualTo(RND_IC + RND_IFD + K_IC);
    }

    @Test
    void sessionKeysAndCounter_matchAppendixD3() {
        SecureMessaging sm = BacCrypto.session(Hex.decode(K_IFD), Hex.decode(K_IC), Hex.decode(RND_IC),
                Hex.decode(RND_IFD));
        assertThat(hex(sm.ssc())).isEqualTo(SSC);
        // KSenc and KSmac stay inside the session; D.4 below checks them through every APDU they protect
        assertThat(hex(SmAlgorithm.DES3.deriveKey(Hex.decode("0036D272F5C350ACAC50C3F572D23600"), 1)))
                .isEqualTo("979EC13B1CBFE9DCD01AB0FED307EAE5");
        assertThat(hex(SmAlgorithm.DES3.deriveKey(Hex.decode("0036D272F5C350ACAC50C3F572D23600"), 2)))
                .isEqualTo("F1CB1F1FB5ADF208806B89DC579DC1F8");
    }

    @Test
    void secureMessaging_matchesAppendixD4() {
        SecureMessaging sm = BacCrypto.session(Hex.decode(K_IFD), Hex.decode(K_IC), Hex.decode(RND_IC),
                Hex.decode(RND_IFD));
        CommandApdu select = sm.protectCommand(new CommandApdu(0x00, 0xA4, 0x02, 0x0C, Hex.decode("011E")));
        assertThat(hex(select.encode())).isEqualTo("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800");
        ResponseApdu selected = sm.unprotectResponse(ResponseApdu.parse(Hex.decode("990290008E08FA855A5D4C50A8ED9000")));
        assertThat(selected.sw()).isEqualTo(0x9000);
        assertThat(selected.dataLength()).isZero();

        CommandApdu read4 = sm.protectCommand(new CommandApdu(0x00, 0xB0, 0x00, 0x00, 4));
        assertThat(hex(read4.encode())).isEqualTo("0CB000000D9701048E08ED6705417E96BA5500");
        ResponseApdu first = sm.unprotectResponse(ResponseApdu.parse(Hex.decode(
                "8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000")));
        assertThat(hex(first.data())).isEqualTo("60145F01");

        CommandApdu read18 = sm.protectCommand(new CommandApdu(0x00, 0xB0, 0x00, 0x04, 0x12));
        assertThat(hex(read18.encode())).isEqualTo("0CB000040D9701128E082EA28A70F3C7B53500");
        ResponseApdu rest = sm.unprotectResponse(ResponseApdu.parse(Hex.decode(
                "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000")));
        assertThat(hex(rest.data())).isEqualTo("04303130365F36063034303030305C026175");
        assertThat(hex(sm.ssc())).isEqualTo("887022120C06C22C");
    }

    @Test
    void readerAndEmulator_exchangeExactlyTheAppendixDApdus() {
        EmrtdEmulator card = EmrtdEmulator.builder()
                .files(Map.of(LdsFile.COM.fileId(), Hex.decode(EF_COM), LdsFile.SOD.fileId(), Hex.decode("770100"),
                        LdsFile.DG1.fileId(), Hex.decode("610100"), LdsFile.DG2.fileId(), Hex.decode("750100")))
                .bacKey(KEY).random(new FixedRandom(RND_IC, K_IC)).build();
        EmulatorChannel link = new EmulatorChannel(card);
        List<String> trace = new ArrayList<>();
        ApduChannel recording = command -> {
            ResponseApdu response = link.transmit(command);
            trace.add(hex(command.encode()) + " -> " + hex(response.encode()));
            return response;
        };
        ChipReader reader = new ChipReader(recording, Clock.systemUTC(), new FixedRandom(RND_IFD, K_IFD));

        ChipReadResult result = reader.read(KEY);

        assertThat(trace.subList(0, 7)).containsExactly(
                "00A4020C02011C -> 6A82", // the reader looks for PACE in EF.CardAccess first; this chip has none
                "00A4040C07A0000002471001 -> 9000",
                "0084000008 -> " + RND_IC + "9000",
                "008200002872C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A728 -> "
                        + RESP_DATA + "9000",
                "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800 -> 990290008E08FA855A5D4C50A8ED9000",
                "0CB000000D9701048E08ED6705417E96BA5500 -> 8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000",
                "0CB000040D9701128E082EA28A70F3C7B53500 -> "
                        + "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000");
        assertThat(hex(result.file(LdsFile.COM.fileId()))).isEqualTo(EF_COM);
        assertThat(result.dataGroupsListed()).containsExactly(1, 2);
        assertThat(result.dataGroupsRead()).containsExactly(1, 2);
        assertThat(result.stats().apdus()).isEqualTo(trace.size());
    }

    static String hex(byte[] b) {
        return Hex.toHexString(b).toUpperCase();
    }
}
