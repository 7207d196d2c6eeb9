package org.openegate.crypto.chip.internal;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;

/**
 * Active Authentication signatures (9303-11 §6.1): RSA with ISO/IEC 9796-2 digital signature scheme 1 (partial
 * message recovery), and ECDSA in plain r || s format (TR-03111 §5.2.1). The reader verifies, the emulator signs.
 *
 * <p>9796-2 scheme 1 as used by AA: the chip picks a nonce M1 filling the representative, signs
 * F = 6A || M1 || H(M1 || M2) || trailer with M2 = the terminal's challenge; the trailer is BC for SHA-1 (implicit)
 * or hashId || CC for other hashes (ISO/IEC 10118-3 ids: 33 SHA-1, 34 SHA-256, 35 SHA-512, 36 SHA-384, 38
 * SHA-224). Only F is recovered here; the recovered M1 is not needed by a gate.
 */
public final class ActiveAuthCrypto {

    /** 9303-11 §6.1: the challenge (RND.IFD) is 8 bytes. */
    public static final int CHALLENGE_LENGTH = 8;
    /** Largest RSA modulus accepted (bits): bounds the modPow on hostile keys. */
    static final int MAX_RSA_BITS = 8192;

    /** The hashes AA uses, with their ISO/IEC 10118-3 identifier (the 9796-2 trailer) and OIDs. */
    public enum Digest {
        SHA1("SHA-1", 0x33, "1.2.840.10045.4.1", "0.4.0.127.0.7.1.1.4.1.1"),
        SHA224("SHA-224", 0x38, "1.2.840.10045.4.3.1", "0.4.0.127.0.7.1.1.4.1.2"),
        SHA256("SHA-256", 0x34, "1.2.840.10045.4.3.2", "0.4.0.127.0.7.1.1.4.1.3"),
        SHA384("SHA-384", 0x36, "1.2.840.10045.4.3.3", "0.4.0.127.0.7.1.1.4.1.4"),
        SHA512("SHA-512", 0x35, "1.2.840.10045.4.3.4", "0.4.0.127.0.7.1.1.4.1.5");

        private final String jca;
        private final int hashId;
        private final String ecdsaOid;
        private final String plainEcdsaOid;

        Digest(String jca, int hashId, String ecdsaOid, String plainEcdsaOid) {
            this.jca = jca;
            this.hashId = hashId;
            this.ecdsaOid = ecdsaOid;
            this.plainEcdsaOid = plainEcdsaOid;
        }

        /** The hash of an ActiveAuthenticationInfo signatureAlgorithm (X9.62 ecdsa-with-* or BSI ecdsa-plain-*). */
        public static Optional<Digest> ofEcdsaOid(String oid) {
            return Arrays.stream(values()).filter(d -> d.ecdsaOid.equals(oid) || d.plainEcdsaOid.equals(oid))
                    .findFirst();
        }

        static Optional<Digest> ofHashId(int id) {
            return Arrays.stream(values()).filter(d -> d.hashId == id).findFirst();
        }

        /** The ISO/IEC 10118-3 hash identifier in a two-byte 9796-2 trailer (hashId || CC). */
        int hashId() {
            return hashId;
        }

        public String ecdsaOid() {
            return ecdsaOid;
        }

        public int length() {
            return newDigest().getDigestLength();
        }

        public byte[] hash(byte[]... parts) {
            MessageDigest md = newDigest();
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        }

        private MessageDigest newDigest() {
            try {
                return MessageDigest.getInstance(jca);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(jca + " is required of every Java platform", e);
            }
        }
    }

    private ActiveAuthCrypto() {
    }

    /**
     * Verifies an AA answer against the DG15 key; returns the hash that was used.
     *
     * @param ecdsaDigest the hash of DG14's ActiveAuthenticationInfo; needed for EC keys, ignored for RSA (the
     *                    9796-2 trailer names the hash)
     * @throws ActiveAuthException with the reason, for anything but a valid signature
     */
    public static Digest verify(PublicKey key, byte[] challenge, byte[] signature, Optional<Digest> ecdsaDigest) {
        if (key instanceof RSAPublicKey rsa) {
            return verifyRsa(rsa, challenge, signature);
        }
        if ("EC".equals(key.getAlgorithm()) || "ECDSA".equals(key.getAlgorithm())) {
            Digest digest = ecdsaDigest.orElseThrow(() -> new ActiveAuthException(
                    ActiveAuthException.Reason.HASH_UNKNOWN, "EC key without an ActiveAuthenticationInfo hash"));
            verifyEcdsa(key, challenge, signature, digest);
            return digest;
        }
        throw new ActiveAuthException(ActiveAuthException.Reason.KEY_NOT_SUPPORTED,
                "DG15 key algorithm " + key.getAlgorithm());
    }

    /** 9303-11 §6.1.2, ISO/IEC 9796-2 scheme 1: recovers F = s^e mod n and checks header, trailer and hash. */
    static Digest verifyRsa(RSAPublicKey key, byte[] challenge, byte[] signature) {
        BigInteger n = key.getModulus();
        if (n.bitLength() > MAX_RSA_BITS || n.bitLength() < 512) {
            throw new ActiveAuthException(ActiveAuthException.Reason.KEY_NOT_SUPPORTED,
                    "RSA modulus of " + n.bitLength() + " bits outside 512.." + MAX_RSA_BITS);
        }
        int k = (n.bitLength() + 7) / 8;
        if (signature.length != k) {
            throw new ActiveAuthException(ActiveAuthException.Reason.MALFORMED,
                    "signature of " + signature.length + " bytes, modulus of " + k);
        }
        BigInteger s = new BigInteger(1, signature);
        if (s.signum() == 0 || s.compareTo(n) >= 0) {
            // A chip signing with another key of the same size (a clone) answers a number below its own modulus,
            // which is above ours about half the time: that is an invalid signature, not a malformed answer.
            throw new ActiveAuthException(ActiveAuthException.Reason.SIGNATURE_INVALID, "signature is not in 1..n-1");
        }
        byte[] f = fixed(s.modPow(key.getPublicExponent(), n), k);
        if (f[0] != 0x6A) {
            // 01 (header) 1 (partial recovery) 0 (no padding) 1010: anything else is not a 9796-2 scheme 1
            // partial-recovery representative, so the key does not match or the answer is garbage
            throw new ActiveAuthException(ActiveAuthException.Reason.SIGNATURE_INVALID,
                    String.format("recovered header %02X, expected 6A", f[0] & 0xFF));
        }
        int last = f[k - 1] & 0xFF;
        Digest digest;
        int trailer;
        if (last == 0xBC) {
            digest = Digest.SHA1;
            trailer = 1;
        } else if (last == 0xCC) {
            int id = f[k - 2] & 0xFF;
            digest = Digest.ofHashId(id).orElseThrow(() -> new ActiveAuthException(
                    ActiveAuthException.Reason.HASH_UNKNOWN, String.format("9796-2 trailer %02XCC", id)));
            trailer = 2;
        } else {
            throw new ActiveAuthException(ActiveAuthException.Reason.SIGNATURE_INVALID,
                    String.format("recovered trailer byte %02X, expected BC or CC", last));
        }
        int hashLength = digest.length();
        int m1Length = k - 1 - hashLength - trailer;
        if (m1Length < 0) {
            throw new ActiveAuthException(ActiveAuthException.Reason.MALFORMED, "modulus of " + k
                    + " bytes cannot hold a " + digest + " hash");
        }
        byte[] m1 = Arrays.copyOfRange(f, 1, 1 + m1Length);
        byte[] h = Arrays.copyOfRange(f, 1 + m1Length, 1 + m1Length + hashLength);
        if (!MessageDigest.isEqual(h, digest.hash(m1, challenge))) {
            throw new ActiveAuthException(ActiveAuthException.Reason.SIGNATURE_INVALID,
                    "recovered " + digest + " hash does not match H(M1 || challenge)");
        }
        return digest;
    }

    /** ECDSA with a plain r || s signature (TR-03111 §5.2.1), each half the byte length of the group order. */
    static void verifyEcdsa(PublicKey key, byte[] challenge, byte[] signature, Digest digest) {
        ECPublicKeyParameters ec;
        try {
            if (!(ECUtil.generatePublicKeyParameter(key) instanceof ECPublicKeyParameters p)) {
                throw new ActiveAuthException(ActiveAuthException.Reason.KEY_NOT_SUPPORTED, "DG15 key is not EC");
            }
            ec = p;
        } catch (InvalidKeyException e) {
            throw new ActiveAuthException(ActiveAuthException.Reason.KEY_NOT_SUPPORTED,
                    "DG15 EC key: " + e.getMessage());
        }
        BigInteger order = ec.getParameters().getN();
        int half = (order.bitLength() + 7) / 8;
        if (signature.length != 2 * half) {
            throw new ActiveAuthException(ActiveAuthException.Reason.MALFORMED,
                    "ECDSA signature of " + signature.length + " bytes, expected " + 2 * half + " (plain r || s)");
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, half));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, half, 2 * half));
        if (r.signum() == 0 || s.signum() == 0 || r.compareTo(order) >= 0 || s.compareTo(order) >= 0) {
            throw new ActiveAuthException(ActiveAuthException.Reason.MALFORMED, "ECDSA r or s not in 1..n-1");
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, ec);
        if (!verifier.verifySignature(digest.hash(challenge), r, s)) {
            throw new ActiveAuthException(ActiveAuthException.Reason.SIGNATURE_INVALID,
                    "ECDSA signature does not verify with the DG15 key (" + digest + ")");
        }
    }

    /**
     * Chip side: signs the challenge. RSA: 9796-2 scheme 1 with a random M1 (SHA-1 uses the one-byte trailer BC,
     * other hashes hashId || CC); EC: ECDSA, plain r || s.
     */
    public static byte[] sign(PrivateKey key, Digest digest, byte[] challenge, SecureRandom random) {
        if (key instanceof RSAPrivateKey rsa) {
            BigInteger n = rsa.getModulus();
            int k = (n.bitLength() + 7) / 8;
            if (n.bitLength() % 8 != 0) {
                throw new IllegalArgumentException("RSA modulus of " + n.bitLength() + " bits: whole bytes only");
            }
            int trailer = digest == Digest.SHA1 ? 1 : 2;
            byte[] m1 = new byte[k - 1 - digest.length() - trailer];
            random.nextBytes(m1);
            byte[] f = new byte[k];
            f[0] = 0x6A;
            System.arraycopy(m1, 0, f, 1, m1.length);
            System.arraycopy(digest.hash(m1, challenge), 0, f, 1 + m1.length, digest.length());
            if (trailer == 1) {
                f[k - 1] = (byte) 0xBC;
            } else {
                f[k - 2] = (byte) digest.hashId;
                f[k - 1] = (byte) 0xCC;
            }
            return fixed(new BigInteger(1, f).modPow(rsa.getPrivateExponent(), n), k);
        }
        ECPrivateKeyParameters ec;
        try {
            if (!(ECUtil.generatePrivateKeyParameter(key) instanceof ECPrivateKeyParameters p)) {
                throw new IllegalArgumentException("AA key is " + key.getAlgorithm() + ", neither RSA nor EC");
            }
            ec = p;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("AA key is " + key.getAlgorithm() + ": " + e.getMessage(), e);
        }
        ECDSASigner signer = new ECDSASigner();
        signer.init(true, new ParametersWithRandom(ec, random));
        BigInteger[] rs = signer.generateSignature(digest.hash(challenge));
        int half = (ec.getParameters().getN().bitLength() + 7) / 8;
        byte[] out = new byte[2 * half];
        System.arraycopy(fixed(rs[0], half), 0, out, 0, half);
        System.arraycopy(fixed(rs[1], half), 0, out, half, half);
        return out;
    }

    private static byte[] fixed(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }
}
