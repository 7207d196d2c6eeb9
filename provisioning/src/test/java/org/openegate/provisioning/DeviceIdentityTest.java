package org.openegate.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceIdentityTest {

    @TempDir
    Path dir;

    @Test
    void store_writesEncryptedOwnerOnlyKeyThatLoadsBack() throws Exception {
        DeviceIdentity identity = DeviceIdentity.generate(new SecureRandom());
        Path file = dir.resolve("device.key");
        identity.store(file, "correct horse".toCharArray(), new SecureRandom());

        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(file)).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        DeviceIdentity loaded = DeviceIdentity.load(file, "correct horse".toCharArray());
        assertThat(loaded.publicKey()).isEqualTo(identity.publicKey());
    }

    @Test
    void load_refusesWrongPassphrase() throws Exception {
        Path file = dir.resolve("device.key");
        DeviceIdentity.generate(new SecureRandom()).store(file, "right".toCharArray(), new SecureRandom());
        assertThatThrownBy(() -> DeviceIdentity.load(file, "wrong".toCharArray()))
                .isInstanceOf(GeneralSecurityException.class).hasMessageContaining("wrong passphrase");
    }

    @Test
    void certificationRequest_isSignedByTheDeviceKeyAndNamesTheGate() throws Exception {
        DeviceIdentity identity = DeviceIdentity.generate(new SecureRandom());
        PKCS10CertificationRequest csr = identity.certificationRequest("gate-7", "LHR-T5");
        assertThat(csr.getSubject().toString()).isEqualTo("O=OpenEgate,OU=LHR-T5,CN=gate-7");
        assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).build(csr.getSubjectPublicKeyInfo())))
                .isTrue();
    }

    @Test
    void toString_showsNoKeyMaterial() throws Exception {
        DeviceIdentity identity = DeviceIdentity.generate(new SecureRandom());
        String encoded = Base64.getEncoder().encodeToString(identity.publicKey().getEncoded());
        assertThat(identity.toString()).doesNotContain(encoded.substring(30, 50)).contains("redacted");
    }

    @Test
    void loadOrCreate_makesTheKeyOnceAndKeepsItsId() throws Exception {
        Path file = dir.resolve("device/device.key");
        DeviceIdentity first = DeviceIdentity.loadOrCreate(file, "p".toCharArray(), new SecureRandom());
        DeviceIdentity again = DeviceIdentity.loadOrCreate(file, "p".toCharArray(), new SecureRandom());
        assertThat(again.keyId()).isEqualTo(first.keyId()).matches("[0-9a-f]{16}");
        assertThat(DeviceIdentity.generate(new SecureRandom()).keyId()).isNotEqualTo(first.keyId());
    }

    /** Regression: a key read back from its file was a BouncyCastle "ECDSA" key, which SunEC refused to sign with. */
    @Test
    void load_givesAKeyTheJdkSignsWith_andItsPublicKeyMatches() throws Exception {
        DeviceIdentity identity = DeviceIdentity.generate(new SecureRandom());
        Path file = dir.resolve("device.key");
        identity.store(file, "p".toCharArray(), new SecureRandom());
        DeviceIdentity loaded = DeviceIdentity.load(file, "p".toCharArray());
        byte[] signature = loaded.sign("data".getBytes());
        java.security.Signature verify = java.security.Signature.getInstance("SHA256withECDSA");
        verify.initVerify(identity.publicKey());
        verify.update("data".getBytes());
        assertThat(verify.verify(signature)).isTrue();
        assertThat(loaded.publicKey().getEncoded()).isEqualTo(identity.publicKey().getEncoded());
        assertThat(loaded.privateKey().getAlgorithm()).isEqualTo("EC");
    }
}
