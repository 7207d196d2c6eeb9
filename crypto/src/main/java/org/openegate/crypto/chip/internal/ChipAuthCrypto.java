package org.openegate.crypto.chip.internal;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Chip Authentication v1 with ECDH (9303-11 §6.2; TR-03110-1 §3.4, TR-03110-3 §A.1): both sides' halves of the key
 * agreement and the session keys. Both the reader and the emulator use it.
 */
public final class ChipAuthCrypto {

    /** id-CA = bsi-de protocols smartcard 3 (9303-11 §9.2.5). */
    public static final String ID_CA = "0.4.0.127.0.7.2.2.3";
    public static final String OID_CA_ECDH_3DES = ID_CA + ".2.1";
    public static final String OID_CA_ECDH_AES_128 = ID_CA + ".2.2";
    public static final String OID_CA_ECDH_AES_192 = ID_CA + ".2.3";
    public static final String OID_CA_ECDH_AES_256 = ID_CA + ".2.4";

    /**
     * One CA variant named by its OID: the secure-messaging cipher after CA and its key length.
     *
     * @param oid       the ChipAuthenticationInfo protocol
     * @param sm        3DES (MSE:SET KAT) or AES (MSE:SET AT + GENERAL AUTHENTICATE)
     * @param keyLength session key bytes: 16 for 3DES and AES-128, 24, 32
     */
    public record Variant(String oid, SmAlgorithm sm, int keyLength) {

        /** The ECDH variant for the OID, or empty (DH variants and anything unknown). */
        public static Optional<Variant> of(String oid) {
            return switch (oid) {
                case OID_CA_ECDH_3DES -> Optional.of(new Variant(oid, SmAlgorithm.DES3, 16));
                case OID_CA_ECDH_AES_128 -> Optional.of(new Variant(oid, SmAlgorithm.AES, 16));
                case OID_CA_ECDH_AES_192 -> Optional.of(new Variant(oid, SmAlgorithm.AES, 24));
                case OID_CA_ECDH_AES_256 -> Optional.of(new Variant(oid, SmAlgorithm.AES, 32));
                default -> Optional.empty();
            };
        }

        /** True for the 3DES variant, which is started with MSE:SET KAT (9303-11 §6.2.4.1). */
        public boolean keyAgreementTemplate() {
            return sm == SmAlgorithm.DES3;
        }

        /** KDF of 9303-11 §9.7.1 with this variant's cipher and key length. */
        public byte[] sessionKey(byte[] secret, int counter) {
            if (sm == SmAlgorithm.DES3) {
                return SmAlgorithm.DES3.deriveKey(secret, counter);
            }
            String hash = keyLength == 16 ? "SHA-1" : "SHA-256";
            try {
                MessageDigest md = MessageDigest.getInstance(hash);
                md.update(secret);
                md.update(new byte[] {(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8),
                    (byte) counter});
                return Arrays.copyOf(md.digest(), keyLength);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(hash + " is required of every Java platform", e);
            }
        }

        /** The secure-messaging session after CA: new keys, SSC = 0 (9303-11 §6.2.3). */
        public SecureMessaging session(byte[] secret) {
            byte[] kEnc = sessionKey(secret, SmAlgorithm.KDF_ENC);
            byte[] kMac = sessionKey(secret, SmAlgorithm.KDF_MAC);
            SecureMessaging sm = new SecureMessaging(this.sm, kEnc, kMac, new byte[this.sm.blockSize()]);
            Arrays.fill(kEnc, (byte) 0);
            Arrays.fill(kMac, (byte) 0);
            return sm;
        }
    }

    /** The terminal's ephemeral key pair on the chip key's domain parameters. */
    public record Ephemeral(BigInteger privateKey, ECPoint publicKey, ECDomainParameters domain) {

        /** Uncompressed 04 || X || Y, as DO'91' (MSE:SET KAT) and DO'80' (GENERAL AUTHENTICATE) carry it. */
        public byte[] encodedPublicKey() {
            return publicKey.getEncoded(false);
        }

        @Override
        public String toString() {
            return "Ephemeral[<redacted>]";
        }
    }

    private ChipAuthCrypto() {
    }

    /** The chip's static ECDH key from DG14, with its domain parameters; IllegalArgumentException if not EC. */
    public static ECPublicKeyParameters chipKey(PublicKey key) {
        try {
            if (!(ECUtil.generatePublicKeyParameter(key) instanceof ECPublicKeyParameters ec)) {
                throw new IllegalArgumentException("CA key is " + key.getAlgorithm() + ", not EC");
            }
            return ec;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("CA key is " + key.getAlgorithm() + ", not EC: " + e.getMessage(), e);
        }
    }

    public static Ephemeral ephemeral(ECDomainParameters domain, SecureRandom random) {
        BigInteger n = domain.getN();
        byte[] bytes = new byte[(n.bitLength() + 7) / 8];
        for (int attempt = 0; attempt < 1000; attempt++) {
            random.nextBytes(bytes);
            BigInteger k = new BigInteger(1, bytes);
            if (k.signum() > 0 && k.compareTo(n) < 0) {
                return new Ephemeral(k, domain.getG().multiply(k).normalize(), domain);
            }
        }
        throw new IllegalStateException("random source gave 1000 scalars outside [1, n-1]");
    }

    /** Terminal side: K = x(SK_eph * PK_chip) as field-size bytes (TR-03110-3 §A.3.1). */
    public static byte[] terminalSecret(Ephemeral own, ECPublicKeyParameters chip) {
        return secret(chip.getQ(), own.privateKey(), own.domain());
    }

    /** Chip side: K = x(SK_chip * PK_eph); the terminal's point is checked to be on the curve first. */
    public static byte[] chipSecret(PrivateKey chipKey, byte[] terminalPoint) {
        ECPrivateKeyParameters sk;
        try {
            if (!(ECUtil.generatePrivateKeyParameter(chipKey) instanceof ECPrivateKeyParameters ec)) {
                throw new IllegalArgumentException("CA private key is not EC");
            }
            sk = ec;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("CA private key is not EC: " + e.getMessage(), e);
        }
        ECDomainParameters domain = sk.getParameters();
        int field = (domain.getCurve().getFieldSize() + 7) / 8;
        if (terminalPoint.length != 1 + 2 * field || terminalPoint[0] != 0x04) {
            throw new IllegalArgumentException("terminal key of " + terminalPoint.length
                    + " bytes, expected an uncompressed point of " + (1 + 2 * field));
        }
        ECPoint point = domain.getCurve().decodePoint(terminalPoint).normalize();
        if (point.isInfinity() || !point.isValid()) {
            throw new IllegalArgumentException("terminal key is not a valid point of the curve");
        }
        return secret(point, sk.getD(), domain);
    }

    private static byte[] secret(ECPoint other, BigInteger own, ECDomainParameters domain) {
        ECPoint k = other.multiply(own).normalize();
        if (k.isInfinity()) {
            throw new IllegalArgumentException("key agreement produced the point at infinity");
        }
        int field = (domain.getCurve().getFieldSize() + 7) / 8;
        byte[] raw = k.getAffineXCoord().toBigInteger().toByteArray();
        byte[] out = new byte[field];
        int copy = Math.min(raw.length, field);
        System.arraycopy(raw, raw.length - copy, out, field - copy, copy);
        return out;
    }
}
