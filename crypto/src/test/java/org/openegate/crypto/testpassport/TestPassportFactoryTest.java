package org.openegate.crypto.testpassport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.crypto.lds.BiometricDataBlock;
import org.openegate.crypto.lds.Com;
import org.openegate.crypto.lds.Dg1;
import org.openegate.crypto.lds.Dg2;
import org.openegate.crypto.lds.DigestAlgorithm;
import org.openegate.crypto.lds.LdsFile;
import org.openegate.crypto.lds.Sod;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TestPassportFactoryTest {

    static final List<String> MRZ = List.of(
            "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<",
            "C11T002JM4D<<9608122F2310314<<<<<<<<<<<<<<<4");
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    static TestPassportFactory factory() {
        return new TestPassportFactory(new SecureRandom(new byte[] {1, 2, 3}), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void issue_producesFilesOurParsersRead() {
        TestPassportFactory factory = factory();
        CscaCredentials csca = factory.createCsca("DE", KeyAlgorithm.EC_P256);
        byte[] jpeg = TestImages.jpeg(64, 80);
        TestPassport passport = factory.issue(csca, MRZ, jpeg);

        assertThat(passport.files().keySet()).containsExactly(0x0101, 0x0102, 0x011D, 0x011E);
        Com com = Com.parse(passport.file(LdsFile.COM));
        assertThat(com.dataGroups()).containsExactly(LdsFile.DG1, LdsFile.DG2);
        assertThat(com.ldsVersionDotted()).isEqualTo("1.7");
        assertThat(Dg1.parse(passport.file(LdsFile.DG1)).lines()).isEqualTo(MRZ);

        Dg2 dg2 = Dg2.parse(passport.file(LdsFile.DG2));
        assertThat(dg2.blocks()).hasSize(1);
        BiometricDataBlock block = dg2.blocks().get(0);
        assertThat(block.formatOwner()).isEqualTo(0x0101);
        assertThat(block.formatType()).isEqualTo(0x0008);
        byte[] record = block.data();
        // ISO/IEC 19794-5:2005 §5.4: 'FAC\0', '010\0', record length, one face; §5.7 image information
        assertThat(Arrays.copyOfRange(record, 0, 8)).isEqualTo(new byte[] {'F', 'A', 'C', 0, '0', '1', '0', 0});
        ByteBuffer buffer = ByteBuffer.wrap(record);
        assertThat(buffer.getInt(8)).isEqualTo(record.length);
        assertThat(buffer.getShort(12)).isEqualTo((short) 1);
        assertThat(buffer.getInt(14)).isEqualTo(record.length - 14);
        assertThat(record[34]).isEqualTo((byte) 1);  // full frontal
        assertThat(record[35]).isEqualTo((byte) 0);  // JPEG
        assertThat(buffer.getShort(36)).isEqualTo((short) 64);
        assertThat(buffer.getShort(38)).isEqualTo((short) 80);
        assertThat(Arrays.copyOfRange(record, 46, record.length)).isEqualTo(jpeg);

        Sod sod = Sod.parse(passport.sod());
        assertThat(sod.digestAlgorithm()).isEqualTo(DigestAlgorithm.SHA256);
        assertThat(sod.ldsSecurityObjectVersion()).isZero();
        assertThat(sod.dataGroupHashes().keySet()).containsExactly(1, 2);
        assertThat(sod.dataGroupHash(1)).hasValue(DigestAlgorithm.SHA256.digest(passport.file(LdsFile.DG1)));
        assertThat(sod.certificates()).containsExactly(passport.documentSigner());
        assertThat(sod.contentType().getId()).isEqualTo("2.23.136.1.1.1");
        assertThat(sod.signedContent().contentTypeAttribute()).hasValueSatisfying(
                oid -> assertThat(oid.getId()).isEqualTo("2.23.136.1.1.1"));
        assertThat(sod.signedContent().signingTime()).hasValue(NOW);
    }

    @Test
    void documentSigner_followsTheIcaoProfile() throws Exception {
        TestPassportFactory factory = factory();
        CscaCredentials csca = factory.createCsca("NL", KeyAlgorithm.RSA_2048);
        DocumentSigner ds = factory.createDocumentSigner(csca, KeyAlgorithm.EC_P256);
        X509Certificate cert = ds.certificate();
        assertThat(cert.getKeyUsage()).containsExactly(true, false, false, false, false, false, false, false, false);
        assertThat(cert.getCriticalExtensionOIDs()).contains("2.5.29.15");
        assertThat(cert.getExtensionValue("2.5.29.35")).isNotNull(); // authority key identifier
        assertThat(cert.getExtensionValue("2.5.29.16")).isNotNull(); // private key usage period
        assertThat(cert.getExtensionValue("2.23.136.1.1.6.2")).isNotNull(); // document type list
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getIssuerX500Principal()).isEqualTo(csca.certificate().getSubjectX500Principal());
        cert.verify(csca.certificate().getPublicKey());
        assertThat(csca.certificate().getBasicConstraints()).isZero();
        assertThat(csca.certificate().getKeyUsage()[5]).isTrue(); // keyCertSign
        assertThat(cert.getSubjectX500Principal().getName()).contains("C=NL");
    }

    @Test
    void csca_survivesSaveAndLoad(@TempDir Path dir) throws Exception {
        TestPassportFactory factory = factory();
        CscaCredentials csca = factory.createCsca("DE", KeyAlgorithm.EC_P256);
        csca.save(dir);
        CscaCredentials loaded = CscaCredentials.load(dir);
        assertThat(loaded.certificate()).isEqualTo(csca.certificate());
        assertThat(loaded.privateKey().getEncoded()).isEqualTo(csca.privateKey().getEncoded());
        // a passport signed with the loaded key chains to the saved certificate
        TestPassport passport = factory.issue(loaded, MRZ, TestImages.jpeg(16, 16));
        passport.documentSigner().verify(csca.certificate().getPublicKey());
    }

    @Test
    void writeTo_laysOutFilesAsPassportMakeDoes(@TempDir Path dir) throws Exception {
        TestPassportFactory factory = factory();
        TestPassport passport = factory.issue(factory.createCsca("DE", KeyAlgorithm.EC_P256), MRZ,
                TestImages.jpeg(16, 16));
        passport.writeTo(dir);
        assertThat(dir.resolve("EF_SOD.bin")).exists();
        assertThat(dir.resolve("EF_COM.bin")).exists();
        assertThat(Files.readAllBytes(dir.resolve("DG1.bin"))).isEqualTo(passport.file(LdsFile.DG1));
        assertThat(Files.readAllLines(dir.resolve("mrz.txt"))).isEqualTo(MRZ);
        assertThat(Files.readString(dir.resolve("pki/csca.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void toString_redactsMrzAndKeys() {
        TestPassportFactory factory = factory();
        CscaCredentials csca = factory.createCsca("DE", KeyAlgorithm.EC_P256);
        TestPassport passport = factory.issue(csca, MRZ, TestImages.jpeg(16, 16));
        assertThat(passport.toString()).doesNotContain("MUSTERMANN").doesNotContain("C11T002JM").contains("DG1=");
        assertThat(csca.toString()).contains("redacted").doesNotContain(csca.privateKey().toString());
        assertThat(Dg1.parse(passport.file(LdsFile.DG1)).toString()).doesNotContain("MUSTERMANN");
    }

    @Test
    void faceRecord_rejectsNonJpeg() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestPassportFactory.faceRecord(new byte[] {1, 2, 3, 4}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JPEG");
    }

    @Test
    void chipKeys_publishedInDg14AndDg15AndCoveredByTheSod() {
        TestPassportFactory factory = factory();
        CscaCredentials csca = factory.createCsca("DE", KeyAlgorithm.EC_P256);
        ChipKeys keys = factory.createChipKeys(new ChipFeatures(true, true, java.util.Optional.of(KeyAlgorithm.EC_P256)));
        TestPassport passport = factory.issue(csca, factory.createDocumentSigner(csca, KeyAlgorithm.EC_P256), MRZ,
                TestImages.jpeg(16, 16), keys.dataGroups());
        org.openegate.crypto.lds.Dg14 dg14 = org.openegate.crypto.lds.Dg14.parse(passport.file(LdsFile.DG14));
        assertThat(dg14.infos(org.openegate.crypto.lds.SecurityInfo.PaceInfo.class)).singleElement()
                .satisfies(p -> assertThat(p.parameterId()).hasValue(12));
        assertThat(dg14.infos(org.openegate.crypto.lds.SecurityInfo.ChipAuthenticationPublicKeyInfo.class).get(0)
                .publicKey()).isEqualTo(keys.chipAuthentication().orElseThrow().getPublic());
        assertThat(dg14.infos(org.openegate.crypto.lds.SecurityInfo.ActiveAuthenticationInfo.class)).hasSize(1);
        assertThat(dg14.encode()).isEqualTo(passport.file(LdsFile.DG14));
        assertThat(org.openegate.crypto.lds.Dg15.parse(passport.file(LdsFile.DG15)).publicKey())
                .isEqualTo(keys.activeAuthentication().orElseThrow().getPublic());
        assertThat(Com.parse(passport.file(LdsFile.COM)).dataGroups())
                .containsExactly(LdsFile.DG1, LdsFile.DG2, LdsFile.DG14, LdsFile.DG15);
        assertThat(Sod.parse(passport.sod()).dataGroupHashes().keySet()).containsExactly(1, 2, 14, 15);
        assertThat(keys.toString()).contains("redacted").doesNotContain("Private");
    }

    @Test
    void chipKeys_rsaActiveAuthenticationNeedsNoDg14() {
        ChipKeys keys = factory().createChipKeys(new ChipFeatures(false, false, java.util.Optional.of(KeyAlgorithm.RSA_2048)));
        assertThat(keys.dataGroups()).containsOnlyKeys(15);
        assertThat(keys.chipAuthentication()).isEmpty();
    }
}
