package org.openegate.crypto.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.chip.BacKey;
import org.openegate.crypto.chip.ChipAuthMethod;
import org.openegate.crypto.chip.ChipAuthReason;
import org.openegate.crypto.chip.ChipAuthenticity;
import org.openegate.crypto.chip.ChipReadResult;
import org.openegate.crypto.chip.ChipReader;
import org.openegate.crypto.chip.internal.ChipAuthCrypto;
import org.openegate.crypto.pa.PassiveAuthResult;
import org.openegate.crypto.pa.PassiveAuthenticator;
import org.openegate.crypto.trust.TrustStore;

/**
 * The BSI TR-03105-5 reference passport on the emulator with its own Chip Authentication key (DG14_sk.pkcs8):
 * id-CA-ECDH-3DES-CBC-CBC on brainpoolP224r1 written out as explicit parameters in DG14, as a real German chip has.
 */
class BsiChipAuthenticationTest {

    static final Path BSI = Path.of(System.getProperty("testdata.dir", "../../shared/testdata"))
            .resolve("lds/bsi-tr03105-5");
    static final BacKey KEY = BacKey.of("C11T002JM", "960812", "231031");

    @Test
    void referencePassport_passesChipAuthenticationWith3des_butStaysUndeterminedWithoutItsCsca() throws Exception {
        Map<Integer, byte[]> files = new HashMap<>();
        files.put(0x011E, read("EF_COM.bin"));
        files.put(0x011D, read("EF_SOD.bin"));
        Map<Integer, byte[]> groups = new HashMap<>();
        for (int dg : new int[] {1, 2, 3, 4, 14}) {
            groups.put(dg, read("Datagroup" + dg + ".bin"));
            files.put(0x0100 + dg, groups.get(dg));
        }
        PrivateKey caKey = KeyFactory.getInstance("EC", new BouncyCastleProvider())
                .generatePrivate(new PKCS8EncodedKeySpec(read("DG14_sk.pkcs8")));
        EmrtdEmulator card = EmrtdEmulator.builder().files(files).bacKey(KEY).random(new SecureRandom())
                .chipAuthentication(caKey, ChipAuthCrypto.OID_CA_ECDH_3DES).build();

        ChipReadResult result = new ChipReader(new EmulatorChannel(card), Clock.systemUTC(), new SecureRandom())
                .read(KEY);

        assertThat(result.chipAuthentication().method()).isEqualTo(ChipAuthMethod.CA);
        assertThat(result.chipAuthentication().status()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.chipAuthentication().detail()).contains(ChipAuthCrypto.OID_CA_ECDH_3DES, "DES3");
        assertThat(result.file(0x0102)).isEqualTo(groups.get(2));
        assertThat(result.dataGroupsDenied()).isEmpty(); // DG3/DG4 are not asked for without EAC

        // no CSCA for "HJP PB CS" is available: DG14's hash passes, the chain cannot, so the key is not trusted
        PassiveAuthResult pa = new PassiveAuthenticator(TrustStore.empty(Clock.systemUTC()))
                .verify(files.get(0x011D), Map.of(14, groups.get(14)), Instant.parse("2014-06-01T00:00:00Z"));
        assertThat(pa.dataGroup(14)).hasValue(CheckStatus.PASSED);
        ChipAuthenticity verdict = ChipAuthenticity.assess(result, pa);
        assertThat(verdict.status()).isEqualTo(CheckStatus.UNDETERMINED);
        assertThat(verdict.reason()).isEqualTo(ChipAuthReason.KEY_NOT_VERIFIED);
    }

    /**
     * Active Authentication with the reference passport's own RSA-1024 key (DG15_sk.pkcs8). Its EF.COM does not list
     * DG15 and its SOD does not cover it, so AA only runs on a chip whose EF.COM (not signed) lists DG15 and which
     * has no DG14 to do CA with. The chip proves it holds the DG15 key (the protocol PASSES), but the verdict is
     * FAILED: Passive Authentication finds DG15 outside the SOD (DG_NOT_IN_SOD), so the key is one the issuer never
     * signed, which is exactly what a clone would bring. On the real reference chip CA carries chip authenticity.
     */
    @Test
    void referencePassport_activeAuthenticationWithItsOwnKey_passesTheProtocol_butDg15IsNotInTheSod()
            throws Exception {
        Map<Integer, byte[]> files = new HashMap<>();
        // EF.COM with the tag list 61 75 6F (DG1, DG2, DG15); EF.COM is not covered by the SOD
        files.put(0x011E, org.bouncycastle.util.encoders.Hex.decode("60155F0104303130375F36063034303030305C03"
                + "61756F"));
        files.put(0x011D, read("EF_SOD.bin"));
        Map<Integer, byte[]> groups = new HashMap<>();
        for (int dg : new int[] {1, 2, 15}) {
            groups.put(dg, read("Datagroup" + dg + ".bin"));
            files.put(0x0100 + dg, groups.get(dg));
        }
        PrivateKey aaKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                read("DG15_sk.pkcs8")));
        EmrtdEmulator card = EmrtdEmulator.builder().files(files).bacKey(KEY).random(new SecureRandom())
                .activeAuthentication(aaKey, org.openegate.crypto.chip.internal.ActiveAuthCrypto.Digest.SHA1)
                .build();

        ChipReadResult result = new ChipReader(new EmulatorChannel(card), Clock.systemUTC(), new SecureRandom())
                .read(KEY);

        assertThat(result.chipAuthentication().method()).isEqualTo(ChipAuthMethod.AA);
        assertThat(result.chipAuthentication().status()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.file(0x010F)).isEqualTo(groups.get(15));
        PassiveAuthResult pa = new PassiveAuthenticator(TrustStore.empty(Clock.systemUTC()))
                .verify(files.get(0x011D), groups, Instant.parse("2014-06-01T00:00:00Z"));
        assertThat(pa.dataGroup(1)).hasValue(CheckStatus.PASSED);
        assertThat(pa.dataGroup(2)).hasValue(CheckStatus.PASSED);
        assertThat(pa.dataGroup(15)).hasValue(CheckStatus.FAILED);
        ChipAuthenticity verdict = ChipAuthenticity.assess(result, pa);
        assertThat(verdict.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(verdict.reason()).isEqualTo(ChipAuthReason.KEY_HASH_MISMATCH);
    }

    static byte[] read(String name) throws IOException {
        return Files.readAllBytes(BSI.resolve(name));
    }
}
