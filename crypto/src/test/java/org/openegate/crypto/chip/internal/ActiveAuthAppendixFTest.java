package org.openegate.crypto.chip.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openegate.crypto.chip.FixedRandom;
import org.openegate.crypto.lds.Dg15;

/**
 * ICAO 9303-11 (8th edition, 2021) Appendix F, "Worked example: Active Authentication": RSA, k = 1024 bits, SHA-1,
 * ISO/IEC 9796-2 digital signature scheme 1 with the implicit trailer BC.
 *
 * <p>What the appendix prints: the challenge M2 = RND.IFD (step 1), the capacity c = 852 bits (step 5), the chip's
 * nonce M1 of c - 4 = 848 bits (step 6), H = SHA-1(M1 || M2) (step 8), the message representative
 * F = 6A || M1 || H || BC (step 9), and the verifier's recovery of D and M1 from F (steps 13 to 18).
 *
 * <p>Where the printed example is incomplete: it gives no RSA key pair, so step 10's signature s = F^d mod n and the
 * step 12 decryption are not printed and cannot be compared byte for byte. Here the key of the BSI TR-03105-5
 * reference passport (its DG15 and DG15_sk.pkcs8, RSA-1024 like the example) stands in: our signer, fed the printed
 * M1 as its randomness, must produce exactly the printed F under that key (s^e mod n == F), s must be F^d mod n,
 * and our verifier must accept s for the printed M2 and for no other challenge. The values were cross-checked
 * against two independent transcriptions of the appendix (the same M1, H and F).
 */
class ActiveAuthAppendixFTest {

    static final Path BSI = Path.of(System.getProperty("testdata.dir", "../../shared/testdata"))
            .resolve("lds/bsi-tr03105-5");

    /** Step 1 / step 3: RND.IFD, the terminal's challenge, is M2. */
    static final String M2 = "F173589974BF40C6";
    /** Step 6: the chip's nonce M1, Lm1 = c - 4 = 848 bits = 106 bytes. */
    static final String M1 = "9D2784A67F8E7C659973EA1AEA25D95B6C8F91E5002F369F0FBDCE8A3CEC1991"
            + "B543F1696546C5524CF23A5303CD6C98599F40B79F377B5F3A1406B3B4D8F967"
            + "84D23AA88DB7E1032A405E69325FA91A6E86F5C71AEA978264C4A207446DAD4E7292E2DCDA3024B47DA8";
    /** Step 8: H = SHA-1(M1 || M2). */
    static final String H = "C063AA1E6D22FBD976AB0FE73D94D2D9C6D88127";
    /** Step 9: F = 6A || M1 || H || BC. */
    static final String F = "6A9D2784A67F8E7C659973EA1AEA25D95B6C8F91E5002F369F0FBDCE8A3CEC19"
            + "91B543F1696546C5524CF23A5303CD6C98599F40B79F377B5F3A1406B3B4D8F9"
            + "6784D23AA88DB7E1032A405E69325FA91A6E86F5C71AEA978264C4A207446DAD"
            + "4E7292E2DCDA3024B47DA8C063AA1E6D22FBD976AB0FE73D94D2D9C6D88127BC";

    static RSAPublicKey publicKey;
    static RSAPrivateKey privateKey;

    @BeforeAll
    static void loadTheStandInKey() throws Exception {
        publicKey = (RSAPublicKey) Dg15.parse(Files.readAllBytes(BSI.resolve("Datagroup15.bin"))).publicKey();
        PrivateKey sk = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                Files.readAllBytes(BSI.resolve("DG15_sk.pkcs8"))));
        privateKey = (RSAPrivateKey) sk;
        assertThat(publicKey.getModulus()).isEqualTo(privateKey.getModulus());
        assertThat(publicKey.getModulus().bitLength()).as("k of the worked example").isEqualTo(1024);
    }

    @Test
    void printedValues_areConsistent_capacityNonceHashAndRepresentative() {
        int k = 1024;
        int lh = 160;
        int t = 1; // trailer BC
        int c = k - lh - 8 * t - 4; // step 5
        assertThat(c).isEqualTo(852);
        assertThat(Hex.decode(M1)).hasSize((c - 4) / 8);
        assertThat(ActiveAuthCrypto.Digest.SHA1.hash(Hex.decode(M1), Hex.decode(M2))).isEqualTo(Hex.decode(H));
        assertThat(Hex.decode(F)).isEqualTo(concat(new byte[] {0x6A}, Hex.decode(M1), Hex.decode(H),
                new byte[] {(byte) 0xBC}));
    }

    @Test
    void sign_withThePrintedNonce_producesThePrintedRepresentative() {
        byte[] s = ActiveAuthCrypto.sign(privateKey, ActiveAuthCrypto.Digest.SHA1, Hex.decode(M2), new FixedRandom(M1));

        assertThat(s).hasSize(128);
        // step 10: s = F^d mod n
        assertThat(new BigInteger(1, s)).isEqualTo(new BigInteger(1, Hex.decode(F))
                .modPow(privateKey.getPrivateExponent(), privateKey.getModulus()));
        // step 12: F = s^e mod n, the printed representative
        byte[] recovered = unsigned(new BigInteger(1, s).modPow(publicKey.getPublicExponent(),
                publicKey.getModulus()), 128);
        assertThat(Hex.toHexString(recovered).toUpperCase()).isEqualTo(F);
        // steps 13-15: trailer, D and M1* as the appendix recovers them
        assertThat(recovered[127]).isEqualTo((byte) 0xBC);
        assertThat(Arrays.copyOfRange(recovered, 107, 127)).isEqualTo(Hex.decode(H));
        assertThat(Arrays.copyOfRange(recovered, 1, 107)).isEqualTo(Hex.decode(M1));
    }

    @Test
    void verify_acceptsTheSignatureOfThePrintedRepresentative_forThePrintedChallengeOnly() {
        byte[] s = unsigned(new BigInteger(1, Hex.decode(F)).modPow(privateKey.getPrivateExponent(),
                privateKey.getModulus()), 128);

        // steps 12-18: recover F, check header 6A and trailer BC, D == SHA-1(M1* || M2)
        assertThat(ActiveAuthCrypto.verify(publicKey, Hex.decode(M2), s, Optional.empty()))
                .isEqualTo(ActiveAuthCrypto.Digest.SHA1);

        byte[] otherChallenge = Hex.decode(M2);
        otherChallenge[7] ^= 0x01;
        assertThatThrownBy(() -> ActiveAuthCrypto.verify(publicKey, otherChallenge, s, Optional.empty()))
                .isInstanceOfSatisfying(ActiveAuthException.class, e -> assertThat(e.reason())
                        .isEqualTo(ActiveAuthException.Reason.SIGNATURE_INVALID));
        byte[] tampered = s.clone();
        tampered[64] ^= 0x01;
        assertThatThrownBy(() -> ActiveAuthCrypto.verify(publicKey, Hex.decode(M2), tampered, Optional.empty()))
                .isInstanceOfSatisfying(ActiveAuthException.class, e -> assertThat(e.reason())
                        .isEqualTo(ActiveAuthException.Reason.SIGNATURE_INVALID));
    }

    private static byte[] unsigned(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
