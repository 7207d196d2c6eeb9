package org.openegate.crypto.chip.internal;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.interfaces.DHPrivateKey;
import javax.crypto.interfaces.DHPublicKey;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Chip Authentication v1 with ECDH or DH (9303-11 §6.2; TR-03110-1 §3.4, TR-03110-3 §A.1): both sides' halves of
 * the key agreement and the session keys. Both the reader and the emulator use it.
 */
public final class ChipAuthCrypto {

    /** id-CA = bsi-de protocols smartcard 3 (9303-11 §9.2.5). */
    public static final String ID_CA = "0.4.0.127.0.7.2.2.3";
    public static final String OID_CA_DH_3DES = ID_CA + ".1.1";
    public static final String OID_CA_DH_AES_128 = ID_CA + ".1.2";
    public static final String OID_CA_DH_AES_192 = ID_CA + ".1.3";
    public static final String OID_CA_DH_AES_256 = ID_CA + ".1.4";
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

        /** The variant for a DH or ECDH CA OID, or empty for anything unknown. */
        public static Optional<Variant> of(String oid) {
            return switch (oid) {
                case OID_CA_ECDH_3DES, OID_CA_DH_3DES -> Optional.of(new Variant(oid, SmAlgorithm.DES3, 16));
                case OID_CA_ECDH_AES_128, OID_CA_DH_AES_128 -> Optional.of(new Variant(oid, SmAlgorithm.AES, 16));
                case OID_CA_ECDH_AES_192, OID_CA_DH_AES_192 -> Optional.of(new Variant(oid, SmAlgorithm.AES, 24));
                case OID_CA_ECDH_AES_256, OID_CA_DH_AES_256 -> Optional.of(new Variant(oid, SmAlgorithm.AES, 32));
                default -> Optional.empty();
            };
        }

        /** True for id-CA-DH-*, false for id-CA-ECDH-*. */
        public boolean dh() {
            return oid.startsWith(ID_CA + ".1.");
        }

        /** True for the 3DES variant, which is started with MSE:SET KAT (9303-11 §6.2.4.1). */
        public boolean keyAgreementTemplate() {
            return sm == SmAlgorithm.DES3;
        }

        /** KDF of 9303-11 §9.7.1 with this variant's cipher and key length. */
        public byte[] sessionKey(byte[] secret, int counter) {
            return sm.deriveKey(secret, counter, keyLength);
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

    /**
     * The terminal's half of one key agreement with the chip's static key: its ephemeral public key, as DO'91'
     * (MSE:SET KAT) and DO'80' (GENERAL AUTHENTICATE) carry it, and the shared secret K. Holds a private key, so
     * {@link #toString()} shows nothing of it.
     */
    public interface Terminal {
        /** ECDH: uncompressed 04 || X || Y; DH: g^x mod p, unsigned, the byte length of p. */
        byte[] encodedPublicKey();

        /** K (TR-03110-3 §A.3.1): ECDH the x-coordinate, DH the whole value, each the byte length of the field. */
        byte[] secret();
    }

    private ChipAuthCrypto() {
    }

    /**
     * A terminal key agreement against the chip's DG14 key: ECDH on the key's curve, or DH in the key's group.
     *
     * @throws IllegalArgumentException for any other key type or a DH key outside 1 < y < p-1
     */
    public static Terminal terminal(PublicKey chipKey, SecureRandom random) {
        if (chipKey instanceof DHPublicKey dh) {
            BigInteger p = dh.getParams().getP();
            BigInteger y = dh.getY();
            if (p.bitLength() < 1024 || p.bitLength() > 8192 || y.compareTo(BigInteger.ONE) <= 0
                    || y.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
                throw new IllegalArgumentException("DH CA key outside 1 < y < p-1, or a group of " + p.bitLength()
                        + " bits outside 1024..8192");
            }
            BigInteger x = scalar(p.subtract(BigInteger.TWO), random);
            BigInteger own = dh.getParams().getG().modPow(x, p);
            int length = (p.bitLength() + 7) / 8;
            return new Terminal() {
                @Override
                public byte[] encodedPublicKey() {
                    return fixed(own, length);
                }

                @Override
                public byte[] secret() {
                    return fixed(y.modPow(x, p), length);
                }

                @Override
                public String toString() {
                    return "ChipAuthCrypto.Terminal[DH, <redacted>]";
                }
            };
        }
        ECPublicKeyParameters ec = chipKey(chipKey);
        ECDomainParameters domain = ec.getParameters();
        if (domain.getN().bitLength() < 160 || domain.getN().bitLength() > 1024) {
            // explicit parameters in DG14 are the chip's word: refuse a toy or absurd group before using it
            throw new IllegalArgumentException("EC CA key with a group order of " + domain.getN().bitLength()
                    + " bits outside 160..1024");
        }
        BigInteger k = scalar(domain.getN(), random);
        ECPoint own = domain.getG().multiply(k).normalize();
        return new Terminal() {
            @Override
            public byte[] encodedPublicKey() {
                return own.getEncoded(false);
            }

            @Override
            public byte[] secret() {
                return ecdhSecret(ec.getQ(), k, domain);
            }

            @Override
            public String toString() {
                return "ChipAuthCrypto.Terminal[ECDH, <redacted>]";
            }
        };
    }

    /** The chip's static ECDH key from DG14, with its domain parameters; IllegalArgumentException if not EC. */
    static ECPublicKeyParameters chipKey(PublicKey key) {
        try {
            if (!(ECUtil.generatePublicKeyParameter(key) instanceof ECPublicKeyParameters ec)) {
                throw new IllegalArgumentException("CA key is " + key.getAlgorithm() + ", neither DH nor EC");
            }
            return ec;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("CA key is " + key.getAlgorithm() + ", neither DH nor EC", e);
        }
    }

    /** Uniform in [1, bound-1], drawn from whole bytes and redrawn when out of range. */
    private static BigInteger scalar(BigInteger bound, SecureRandom random) {
        byte[] bytes = new byte[(bound.bitLength() + 7) / 8];
        for (int attempt = 0; attempt < 1000; attempt++) {
            random.nextBytes(bytes);
            if (bound.bitLength() % 8 != 0) {
                bytes[0] &= (byte) ((1 << (bound.bitLength() % 8)) - 1);
            }
            BigInteger k = new BigInteger(1, bytes);
            if (k.signum() > 0 && k.compareTo(bound) < 0) {
                return k;
            }
        }
        throw new IllegalStateException("random source gave 1000 scalars outside [1, " + bound.bitLength() + " bits]");
    }

    /** Chip side: K = x(SK_chip * PK_eph); the terminal's point is checked to be on the curve first. */
    public static byte[] chipSecret(PrivateKey chipKey, byte[] terminalPoint) {
        if (chipKey instanceof DHPrivateKey dh) {
            BigInteger p = dh.getParams().getP();
            BigInteger y = new BigInteger(1, terminalPoint);
            int length = (p.bitLength() + 7) / 8;
            if (terminalPoint.length != length || y.compareTo(BigInteger.ONE) <= 0
                    || y.compareTo(p.subtract(BigInteger.ONE)) >= 0) {
                throw new IllegalArgumentException("terminal DH key of " + terminalPoint.length
                        + " bytes is not in 1 < y < p-1 with the length of p (" + length + ")");
            }
            return fixed(y.modPow(dh.getX(), p), length);
        }
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
        return ecdhSecret(point, sk.getD(), domain);
    }

    private static byte[] ecdhSecret(ECPoint other, BigInteger own, ECDomainParameters domain) {
        ECPoint k = other.multiply(own).normalize();
        if (k.isInfinity()) {
            throw new IllegalArgumentException("key agreement produced the point at infinity");
        }
        return fixed(k.getAffineXCoord().toBigInteger(), (domain.getCurve().getFieldSize() + 7) / 8);
    }

    private static byte[] fixed(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }
}
