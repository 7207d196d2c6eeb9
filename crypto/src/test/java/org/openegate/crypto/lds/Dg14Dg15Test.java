package org.openegate.crypto.lds;

import org.bouncycastle.jce.interfaces.ECPublicKey;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DG14 and DG15 from real passports and the BSI reference set (testdata/lds). */
class Dg14Dg15Test {

    static final Path LDS = Path.of(System.getProperty("testdata.dir", "../../shared/testdata")).resolve("lds");

    static byte[] read(String path) throws Exception {
        return Files.readAllBytes(LDS.resolve(path));
    }

    @Test
    void dg14_austrian_hasPaceCaKeyAndTa() throws Exception {
        // gmrtd's expectation: 1 PACEInfo, 1 ChipAuthenticationInfo, 1 ChipAuthenticationPublicKeyInfo, 1 TA info
        Dg14 dg14 = Dg14.parse(read("gmrtd-dg/DG14_AT.bin"));
        assertThat(dg14.securityInfos()).hasSize(4);
        assertThat(dg14.infos(SecurityInfo.PaceInfo.class)).singleElement().satisfies(p -> {
            assertThat(p.version()).isEqualTo(2);
            assertThat(p.parameterId()).hasValue(13); // brainpoolP256r1
            assertThat(p.mapping()).isEqualTo("ECDH-GM");
        });
        assertThat(dg14.infos(SecurityInfo.ChipAuthenticationInfo.class)).singleElement()
                .satisfies(c -> assertThat(c.protocol().getId()).isEqualTo("0.4.0.127.0.7.2.2.3.2.2"));
        assertThat(dg14.infos(SecurityInfo.TerminalAuthenticationInfo.class)).hasSize(1);
        SecurityInfo.ChipAuthenticationPublicKeyInfo key =
                dg14.infos(SecurityInfo.ChipAuthenticationPublicKeyInfo.class).get(0);
        // explicit brainpoolP256r1 parameters, decoded through BouncyCastle
        ECPublicKey ec = (ECPublicKey) key.publicKey();
        assertThat(ec.getParameters().getN()).isEqualTo(new BigInteger(
                "A9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7", 16));
        assertThat(dg14.infos(SecurityInfo.Unknown.class)).isEmpty();
    }

    @Test
    void dg14_malaysian_hasThreeInfos() throws Exception {
        Dg14 dg14 = Dg14.parse(read("gmrtd-dg/DG14_MY.bin"));
        assertThat(dg14.securityInfos()).hasSize(3);
        assertThat(dg14.infos(SecurityInfo.ChipAuthenticationInfo.class)).hasSize(1);
        assertThat(dg14.infos(SecurityInfo.ChipAuthenticationPublicKeyInfo.class)).hasSize(1);
        assertThat(dg14.infos(SecurityInfo.TerminalAuthenticationInfo.class)).hasSize(1);
        assertThat(dg14.infos(SecurityInfo.ChipAuthenticationPublicKeyInfo.class).get(0).publicKey()).isNotNull();
    }

    @Test
    void dg14_bsi_hasBrainpoolP224ExplicitKeyMatchingTheReferenceKey() throws Exception {
        Dg14 dg14 = Dg14.parse(read("bsi-tr03105-5/Datagroup14.bin"));
        SecurityInfo.ChipAuthenticationPublicKeyInfo key =
                dg14.infos(SecurityInfo.ChipAuthenticationPublicKeyInfo.class).get(0);
        ECPublicKey ec = (ECPublicKey) key.publicKey();
        assertThat(ec.getParameters().getCurve().getField().getCharacteristic().toString(16).toUpperCase())
                .startsWith("D7C134AA").endsWith("C0FF");
        assertThat(dg14.infos(SecurityInfo.ChipAuthenticationInfo.class)).hasSize(1);
        assertThat(dg14.infos(SecurityInfo.TerminalAuthenticationInfo.class)).hasSize(1);
    }

    @Test
    void dg15_bsi_isTheRsa1024ReferenceKey() throws Exception {
        Dg15 dg15 = Dg15.parse(read("bsi-tr03105-5/Datagroup15.bin"));
        assertThat(dg15.algorithm()).isEqualTo("RSA");
        assertThat(((RSAPublicKey) dg15.publicKey()).getModulus().bitLength()).isEqualTo(1024);
        assertThat(dg15.subjectPublicKeyInfo()).isEqualTo(read("bsi-tr03105-5/DG15_pk.bin"));
        assertThat(dg15.encode()).isEqualTo(read("bsi-tr03105-5/Datagroup15.bin"));
    }

    @Test
    void dg15_realSamples() throws Exception {
        assertThat(Dg15.parse(read("gmrtd-dg/DG15_sample.bin")).algorithm()).isEqualTo("RSA");
        assertThat(Dg15.parse(read("zeropass-si/ef.dg15_si_454CB206.bin")).algorithm()).isEqualTo("RSA");
    }

    @Test
    void dg15_roundTripsAnEcKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        Dg15 dg15 = Dg15.of(generator.generateKeyPair().getPublic());
        assertThat(Dg15.parse(dg15.encode())).isEqualTo(dg15);
        assertThat(dg15.algorithm()).isEqualTo("EC");
    }

    @Test
    void dg14AndDg15_rejectGarbageWithReasons() {
        assertThatThrownBy(() -> Dg14.parse(new byte[] {0x6E, 0x02, 0x30, 0x00})).isInstanceOf(LdsException.class)
                .satisfies(e -> assertThat(((LdsException) e).reason()).isEqualTo(LdsException.Reason.MALFORMED_CMS));
        assertThatThrownBy(() -> Dg15.parse(new byte[] {0x6F, 0x02, 0x30, 0x00})).isInstanceOf(LdsException.class)
                .satisfies(e -> assertThat(((LdsException) e).reason()).isEqualTo(LdsException.Reason.BAD_CERTIFICATE));
        assertThatThrownBy(() -> Dg15.parse(new byte[] {0x6E, 0x00})).isInstanceOf(LdsException.class)
                .satisfies(e -> assertThat(((LdsException) e).reason()).isEqualTo(LdsException.Reason.WRONG_TAG));
    }

    @Test
    void dg14_reEncodesRealFilesByteForByte() throws Exception {
        for (String file : new String[] {"gmrtd-dg/DG14_AT.bin", "gmrtd-dg/DG14_MY.bin", "bsi-tr03105-5/Datagroup14.bin"}) {
            Dg14 dg14 = Dg14.parse(read(file));
            assertThat(Dg14.parse(dg14.encode())).as(file).isEqualTo(dg14);
            assertThat(dg14.encode()).as(file).isEqualTo(read(file));
        }
    }
}
