package org.openegate.crypto.chip.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openegate.crypto.lds.Dg15;

/** Active Authentication signatures (9303-11 §6.1): real recorded answers, the BSI key pair, and refusals. */
class ActiveAuthCryptoTest {

    static final Path TESTDATA = Path.of(System.getProperty("testdata.dir", "../../shared/testdata"));
    static final Path SI = TESTDATA.resolve("lds/zeropass-si");
    static final Path BSI = TESTDATA.resolve("lds/bsi-tr03105-5");
    static final byte[] CHALLENGE = Hex.decode("0102030405060708");

    /**
     * A Slovenian passport's DG15 (RSA-1024) and four recorded INTERNAL AUTHENTICATE answers (ZeroPass
     * port-py-server tests/tv/aa_sigs.json, see lds/SOURCES.md): the 32-byte challenge there is four 8-byte AA
     * challenges, one per signature, in order.
     */
    @Test
    void verify_acceptsTheRecordedSlovenianSignatures() throws IOException {
        PublicKey key = Dg15.parse(Files.readAllBytes(SI.resolve("ef.dg15_si_454CB206.bin"))).publicKey();
        String json = Files.readString(SI.resolve("aa_sigs.json"));
        byte[] challenge = Hex.decode(field(json, "challenge"));
        Matcher sigs = Pattern.compile("\"([0-9A-F]{256})\"").matcher(json);
        int n = 0;
        while (sigs.find()) {
            byte[] chunk = Arrays.copyOfRange(challenge, 8 * n, 8 * n + 8);
            byte[] signature = Hex.decode(sigs.group(1));
            assertThat(ActiveAuthCrypto.verify(key, chunk, signature, Optional.empty()))
                    .isEqualTo(ActiveAuthCrypto.Digest.SHA1);
            byte[] otherChunk = Arrays.copyOfRange(challenge, 8 * ((n + 1) % 4), 8 * ((n + 1) % 4) + 8);
            assertThatThrownBy(() -> ActiveAuthCrypto.verify(key, otherChunk, signature, Optional.empty()))
                    .isInstanceOfSatisfying(ActiveAuthException.class, e -> assertThat(e.reason())
                            .isEqualTo(ActiveAuthException.Reason.SIGNATURE_INVALID));
            n++;
        }
        assertThat(n).isEqualTo(4);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([0-9A-Fa-f]+)\"").matcher(json);
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }

    /** The BSI TR-03105-5 reference passport's AA key pair (RSA-1024): signed here, verified with DG15. */
    @ParameterizedTest
    @EnumSource(value = ActiveAuthCrypto.Digest.class, names = {"SHA1", "SHA224", "SHA256"})
    void bsiKeyPair_signsAndVerifies_withEachTrailer(ActiveAuthCrypto.Digest digest) throws Exception {
        PublicKey key = Dg15.parse(Files.readAllBytes(BSI.resolve("Datagroup15.bin"))).publicKey();
        PrivateKey sk = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                Files.readAllBytes(BSI.resolve("DG15_sk.pkcs8"))));
        byte[] signature = ActiveAuthCrypto.sign(sk, digest, CHALLENGE, new SecureRandom());

        assertThat(ActiveAuthCrypto.verify(key, CHALLENGE, signature, Optional.empty())).isEqualTo(digest);
        byte[] recovered = new BigInteger(1, signature).modPow(((RSAPublicKey) key).getPublicExponent(),
                ((RSAPublicKey) key).getModulus()).toByteArray();
        if (digest == ActiveAuthCrypto.Digest.SHA1) {
            assertThat(recovered[recovered.length - 1]).isEqualTo((byte) 0xBC);
        } else {
            assertThat(Arrays.copyOfRange(recovered, recovered.length - 2, recovered.length))
                    .isEqualTo(new byte[] {(byte) digest.hashId(), (byte) 0xCC});
        }
    }

    @Test
    void verify_refusesATamperedSignature_aWrongLength_andAValueAboveTheModulus() throws Exception {
        KeyPair rsa = rsa();
        byte[] signature = ActiveAuthCrypto.sign(rsa.getPrivate(), ActiveAuthCrypto.Digest.SHA256, CHALLENGE,
                new SecureRandom());
        byte[] flipped = signature.clone();
        flipped[40] ^= 1;
        assertReason(rsa.getPublic(), flipped, ActiveAuthException.Reason.SIGNATURE_INVALID);
        assertReason(rsa.getPublic(), Arrays.copyOf(signature, signature.length - 1),
                ActiveAuthException.Reason.MALFORMED);
        byte[] huge = new byte[signature.length];
        Arrays.fill(huge, (byte) 0xFF);
        assertReason(rsa.getPublic(), huge, ActiveAuthException.Reason.SIGNATURE_INVALID);
        assertThat(ActiveAuthCrypto.verify(rsa.getPublic(), CHALLENGE, signature, Optional.empty()))
                .isEqualTo(ActiveAuthCrypto.Digest.SHA256);
    }

    @Test
    void ecdsa_signsPlainRs_andVerifiesOnlyWithTheRightHashAndKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = g.generateKeyPair();
        KeyPair other = g.generateKeyPair();
        byte[] signature = ActiveAuthCrypto.sign(ec.getPrivate(), ActiveAuthCrypto.Digest.SHA256, CHALLENGE,
                new SecureRandom());

        assertThat(signature).hasSize(64);
        assertThat(ActiveAuthCrypto.verify(ec.getPublic(), CHALLENGE, signature,
                Optional.of(ActiveAuthCrypto.Digest.SHA256))).isEqualTo(ActiveAuthCrypto.Digest.SHA256);
        assertThatThrownBy(() -> ActiveAuthCrypto.verify(ec.getPublic(), CHALLENGE, signature,
                Optional.of(ActiveAuthCrypto.Digest.SHA384))).isInstanceOfSatisfying(ActiveAuthException.class,
                        e -> assertThat(e.reason()).isEqualTo(ActiveAuthException.Reason.SIGNATURE_INVALID));
        assertThatThrownBy(() -> ActiveAuthCrypto.verify(other.getPublic(), CHALLENGE, signature,
                Optional.of(ActiveAuthCrypto.Digest.SHA256))).isInstanceOfSatisfying(ActiveAuthException.class,
                        e -> assertThat(e.reason()).isEqualTo(ActiveAuthException.Reason.SIGNATURE_INVALID));
        assertThatThrownBy(() -> ActiveAuthCrypto.verify(ec.getPublic(), CHALLENGE, signature, Optional.empty()))
                .isInstanceOfSatisfying(ActiveAuthException.class,
                        e -> assertThat(e.reason()).isEqualTo(ActiveAuthException.Reason.HASH_UNKNOWN));
        assertThat(ActiveAuthCrypto.Digest.ofEcdsaOid("1.2.840.10045.4.3.2")).hasValue(ActiveAuthCrypto.Digest.SHA256);
        assertThat(ActiveAuthCrypto.Digest.ofEcdsaOid("0.4.0.127.0.7.1.1.4.1.3"))
                .hasValue(ActiveAuthCrypto.Digest.SHA256);
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        return g.generateKeyPair();
    }

    private static void assertReason(PublicKey key, byte[] signature, ActiveAuthException.Reason reason) {
        assertThatThrownBy(() -> ActiveAuthCrypto.verify(key, CHALLENGE, signature, Optional.empty()))
                .isInstanceOfSatisfying(ActiveAuthException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
