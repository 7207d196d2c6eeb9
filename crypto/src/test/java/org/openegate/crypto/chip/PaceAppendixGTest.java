package org.openegate.crypto.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.openegate.crypto.apdu.ApduChannel;
import org.openegate.crypto.apdu.ResponseApdu;
import org.openegate.crypto.chip.internal.PaceCrypto;
import org.openegate.crypto.emulator.EmrtdEmulator;
import org.openegate.crypto.emulator.EmulatorChannel;
import org.openegate.crypto.lds.LdsFile;
import org.openegate.crypto.tlv.Tlv;

/**
 * Known-answer tests for PACE-GM over ECDH on brainpoolP256r1 with AES-128: every value is from ICAO Doc 9303-11
 * (8th ed., 2021), Appendix G.1.
 */
class PaceAppendixGTest {

    static final BacKey MRZ = BacKey.of("T22000129", "640812", "101031");
    static final PaceCrypto.Parameters P = PaceCrypto.Parameters.of(PaceCrypto.OID_ECDH_GM_AES_128, 13);
    static final String K_PI = "89DED1B26624EC1E634C1989302849DD";
    static final String Z = "95A3A016522EE98D01E76CB6B98B42C3";
    static final String S = "3F00C4D39D153F2B2A214A078D899B22";
    static final String SK_PCD_MAP = "7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99";
    static final String PK_PCD_MAP = "047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E"
            + "544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D";
    static final String SK_ICC_MAP = "498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560";
    static final String PK_ICC_MAP = "04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F57"
            + "30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54";
    static final String MAPPED_G = "048CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2"
            + "8C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522";
    static final String SK_PCD = "A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595";
    static final String PK_PCD = "042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C"
            + "3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462";
    static final String SK_ICC = "107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A";
    static final String PK_ICC = "049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB"
            + "7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094";
    static final String K = "28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925";
    static final String KS_ENC = "F5F0E35C0D7161EE6724EE513A0D9A7F";
    static final String KS_MAC = "FE251C7858B356B24514B3BD5F4297D1";
    static final String T_PCD = "C2B0BD78D94BA866";
    static final String T_ICC = "3ABB9674BCE93C08";

    @Test
    void passwordKeyAndNonce_matchAppendixG1() {
        byte[] kPi = PaceCrypto.deriveKey(P, PaceKey.fromMrz(MRZ).password(), PaceCrypto.KDF_PI);
        assertThat(hex(kPi)).isEqualTo(K_PI);
        assertThat(hex(PaceCrypto.decryptNonce(P, kPi, Hex.decode(Z)))).isEqualTo(S);
        assertThat(hex(PaceCrypto.encryptNonce(P, kPi, Hex.decode(S)))).isEqualTo(Z);
    }

    @Test
    void mappingAndKeyAgreement_matchAppendixG1() {
        PaceCrypto.Group g = P.group();
        BigInteger skPcdMap = new BigInteger(SK_PCD_MAP, 16);
        assertThat(hex(g.generator().times(skPcdMap).encoded())).isEqualTo(PK_PCD_MAP);
        PaceCrypto.Element mapped = PaceCrypto.genericMap(P, Hex.decode(S), skPcdMap, g.decode(Hex.decode(PK_ICC_MAP)));
        assertThat(hex(mapped.encoded())).isEqualTo(MAPPED_G);
        PaceCrypto.Element chipSide = PaceCrypto.genericMap(P, Hex.decode(S), new BigInteger(SK_ICC_MAP, 16),
                g.decode(Hex.decode(PK_PCD_MAP)));
        assertThat(chipSide).isEqualTo(mapped);

        assertThat(hex(mapped.times(new BigInteger(SK_PCD, 16)).encoded())).isEqualTo(PK_PCD);
        assertThat(hex(mapped.times(new BigInteger(SK_ICC, 16)).encoded())).isEqualTo(PK_ICC);
        byte[] k = g.decode(Hex.decode(PK_ICC)).times(new BigInteger(SK_PCD, 16)).secret();
        assertThat(hex(k)).isEqualTo(K);
        assertThat(hex(PaceCrypto.deriveKey(P, k, 1))).isEqualTo(KS_ENC);
        assertThat(hex(PaceCrypto.deriveKey(P, k, 2))).isEqualTo(KS_MAC);
        byte[] kMac = Hex.decode(KS_MAC);
        assertThat(hex(PaceCrypto.authenticationToken(P, kMac, g.decode(Hex.decode(PK_ICC))))).isEqualTo(T_PCD);
        assertThat(hex(PaceCrypto.authenticationToken(P, kMac, g.decode(Hex.decode(PK_PCD))))).isEqualTo(T_ICC);
    }

    @Test
    void readerAndEmulator_exchangeExactlyTheAppendixG1Apdus_thenReadUnderAesSm() {
        Map<Integer, byte[]> files = Map.of(
                LdsFile.COM.fileId(), Tlv.constructed(0x60, Tlv.of(0x5F01, "0107".getBytes()),
                        Tlv.of(0x5C, new byte[] {0x61})).encode(),
                LdsFile.SOD.fileId(), Tlv.of(0x77, new byte[3000]).encode(),
                LdsFile.DG1.fileId(), Tlv.of(0x61, new byte[93]).encode());
        EmrtdEmulator card = EmrtdEmulator.builder().files(files).bacKey(MRZ)
                .pace(PaceCrypto.OID_ECDH_GM_AES_128, 13).random(new FixedRandom(S, SK_ICC_MAP, SK_ICC)).build();
        EmulatorChannel link = new EmulatorChannel(card);
        List<String> trace = new ArrayList<>();
        ApduChannel recording = command -> {
            ResponseApdu response = link.transmit(command);
            trace.add(hex(command.encode()) + " -> " + hex(response.encode()));
            return response;
        };
        ChipReader reader = new ChipReader(recording, Clock.systemUTC(), new FixedRandom(SK_PCD_MAP, SK_PCD));

        ChipReadResult result = reader.read(MRZ); // an MRZ key: PACE is preferred because CardAccess offers it

        int mse = trace.indexOf(trace.stream().filter(t -> t.startsWith("0022")).findFirst().orElseThrow());
        assertThat(trace.subList(mse, mse + 5)).containsExactly(
                "0022C1A412800A04007F0007020204020283010184010D -> 9000",
                "10860000027C0000 -> 7C12801095A3A016522EE98D01E76CB6B98B42C39000",
                "10860000457C438141" + PK_PCD_MAP + "00 -> 7C438241" + PK_ICC_MAP + "9000",
                "10860000457C438341" + PK_PCD + "00 -> 7C438441" + PK_ICC + "9000",
                "008600000C7C0A8508" + T_PCD + "00 -> 7C0A8608" + T_ICC + "9000");
        assertThat(result.accessMethod()).isEqualTo(AccessMethod.PACE);
        assertThat(result.file(LdsFile.SOD.fileId())).isEqualTo(files.get(LdsFile.SOD.fileId()));
        assertThat(result.file(LdsFile.DG1.fileId())).isEqualTo(files.get(LdsFile.DG1.fileId()));
        assertThat(result.files()).containsKey(LdsFile.CARD_ACCESS_FILE_ID);
    }

    @Test
    void pace_withTheWrongMrz_failsWithPaceFailed_andTheRightOneThenWorks() {
        EmrtdEmulator card = EmrtdEmulator.builder().files(Map.of(LdsFile.COM.fileId(), Tlv.constructed(0x60,
                Tlv.of(0x5C, new byte[0])).encode(), LdsFile.SOD.fileId(), Tlv.of(0x77, new byte[10]).encode()))
                .bacKey(MRZ).pace(PaceCrypto.OID_ECDH_GM_AES_256, 12).random(new SecureRandom()).build();
        EmulatorChannel link = new EmulatorChannel(card);
        ChipReader reader = new ChipReader(link, Clock.systemUTC(), new SecureRandom());

        assertThatThrownBy(() -> reader.read(PaceKey.mrz("T22000129", "640812", "101032")))
                .isInstanceOfSatisfying(ChipException.class,
                        e -> assertThat(e.reason()).isEqualTo(ChipException.Reason.PACE_FAILED));
        assertThat(reader.read(PaceKey.fromMrz(MRZ)).accessMethod()).isEqualTo(AccessMethod.PACE);
        assertThat(new ChipReader(link, ChipReader.Options.defaults().withPace(false), Clock.systemUTC(),
                new SecureRandom()).read(MRZ).accessMethod()).isEqualTo(AccessMethod.BAC);
    }

    @Test
    void pace_withTheCan_opensTheChip_andAWrongCanFails() {
        EmrtdEmulator card = EmrtdEmulator.builder().files(Map.of(LdsFile.COM.fileId(), Tlv.constructed(0x60,
                Tlv.of(0x5C, new byte[] {0x61})).encode(), LdsFile.SOD.fileId(), Tlv.of(0x77, new byte[10]).encode(),
                LdsFile.DG1.fileId(), Tlv.of(0x61, new byte[5]).encode()))
                .bacKey(MRZ).can("482917").pace(PaceCrypto.OID_ECDH_GM_AES_128, 16).random(new SecureRandom()).build();
        ChipReader reader = new ChipReader(new EmulatorChannel(card), Clock.systemUTC(), new SecureRandom());

        assertThatThrownBy(() -> reader.read(PaceKey.can("482918"))).isInstanceOfSatisfying(ChipException.class,
                e -> assertThat(e.reason()).isEqualTo(ChipException.Reason.PACE_FAILED));
        ChipReadResult result = reader.read(PaceKey.can("482917"));
        assertThat(result.accessMethod()).isEqualTo(AccessMethod.PACE);
        assertThat(result.dataGroupsRead()).containsExactly(1);
    }

    @Test
    void paceKey_toStringIsRedacted() {
        assertThat(PaceKey.fromMrz(MRZ).toString()).isEqualTo("PaceKey[MRZ, redacted]");
        assertThat(PaceKey.can("123456").toString()).doesNotContain("123456");
    }

    static String hex(byte[] b) {
        return Hex.toHexString(b).toUpperCase();
    }
}
