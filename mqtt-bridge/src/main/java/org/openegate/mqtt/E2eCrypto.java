package org.openegate.mqtt;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The primitives behind {@link E2eSealer} and {@link E2eOpener}: ECDH on P-256 (SEC 1 v2 §3.3.1), HKDF-SHA256
 * (RFC 5869) and AES-256-GCM (SP 800-38D). See docs/mqtt-e2e.md for the format.
 */
final class E2eCrypto {

    static final String ALG = "ECDH-ES+HKDF-SHA256+A256GCM";
    static final String LABEL = "openegate-e2e-v1";
    static final int IV_BYTES = 12;
    static final int TAG_BITS = 128;
    static final int COORD = 32;
    // SEC 2 v2 §2.4.2, secp256r1
    static final BigInteger P = new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    static final BigInteger A = P.subtract(BigInteger.valueOf(3));
    static final BigInteger B = new BigInteger("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16);

    private E2eCrypto() {
    }

    /** The 32-byte AES key for one message: HKDF-SHA256(salt = 32 zero bytes, IKM = Z, info). */
    static byte[] deriveKey(PrivateKey own, ECPublicKey peer, ECPublicKey ephemeral, ECPublicKey recipient, String kid)
            throws GeneralSecurityException {
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(own);
        ka.doPhase(peer, true);
        byte[] z = ka.generateSecret();
        try {
            // info binds the key to the protocol, the recipient key id and both public keys (as ECIES-KEM does).
            ByteArrayOutputStream info = new ByteArrayOutputStream();
            info.writeBytes(LABEL.getBytes(StandardCharsets.US_ASCII));
            info.write(0);
            info.writeBytes(kid.getBytes(StandardCharsets.UTF_8));
            info.write(0);
            info.writeBytes(uncompressed(ephemeral));
            info.writeBytes(uncompressed(recipient));
            return hkdf(new byte[32], z, info.toByteArray(), 32);
        } finally {
            Arrays.fill(z, (byte) 0);
        }
    }

    /** RFC 5869 §2.2 and §2.3 with HMAC-SHA256. */
    static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        int done = 0;
        for (int i = 1; done < length; i++) {
            mac.update(t);
            mac.update(info);
            mac.update((byte) i);
            t = mac.doFinal();
            int n = Math.min(t.length, length - done);
            System.arraycopy(t, 0, out, done, n);
            done += n;
        }
        Arrays.fill(prk, (byte) 0);
        return out;
    }

    /** Associated data: the label, the key id and the record's event id, so a ciphertext cannot be moved. */
    static byte[] aad(String kid, String context) {
        return (LABEL + "\0" + kid + "\0" + context).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] uncompressed(ECPublicKey k) {
        byte[] out = new byte[1 + 2 * COORD];
        out[0] = 0x04; // SEC 1 v2 §2.3.3
        System.arraycopy(fixed(k.getW().getAffineX()), 0, out, 1, COORD);
        System.arraycopy(fixed(k.getW().getAffineY()), 0, out, 1 + COORD, COORD);
        return out;
    }

    static byte[] fixed(BigInteger v) {
        byte[] b = v.toByteArray();
        if (b.length == COORD) {
            return b;
        }
        byte[] out = new byte[COORD];
        if (b.length > COORD) {
            System.arraycopy(b, b.length - COORD, out, 0, COORD);
        } else {
            System.arraycopy(b, 0, out, COORD - b.length, b.length);
        }
        return out;
    }

    /**
     * A public key from untrusted coordinates, checked to be a point on P-256 (not the identity, coordinates in
     * the field) before any ECDH with it: an off-curve point would leak the private key (invalid-curve attack).
     */
    static ECPublicKey publicKey(byte[] x, byte[] y, ECParameterSpec params) throws GeneralSecurityException {
        if (x.length != COORD || y.length != COORD) {
            throw new GeneralSecurityException("coordinates must be 32 bytes, were " + x.length + " and " + y.length);
        }
        BigInteger bx = new BigInteger(1, x);
        BigInteger by = new BigInteger(1, y);
        if (bx.compareTo(P) >= 0 || by.compareTo(P) >= 0) {
            throw new GeneralSecurityException("coordinate outside the field");
        }
        BigInteger lhs = by.multiply(by).mod(P);
        BigInteger rhs = bx.pow(3).add(A.multiply(bx)).add(B).mod(P);
        if (!lhs.equals(rhs)) {
            throw new GeneralSecurityException("point is not on P-256");
        }
        PublicKey k = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(bx, by), params));
        return (ECPublicKey) k;
    }
}
