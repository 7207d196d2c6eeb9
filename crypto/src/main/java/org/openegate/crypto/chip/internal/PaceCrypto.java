package org.openegate.crypto.chip.internal;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.math.ec.ECPoint;
import org.openegate.crypto.lds.CardAccess;
import org.openegate.crypto.lds.SecurityInfo;
import org.openegate.crypto.lds.SecurityInfos;
import org.openegate.crypto.tlv.Tlv;

/**
 * The cryptography of PACE with Generic Mapping over elliptic curves (9303-11 §4.4, worked example Appendix G.1),
 * shared by the reader and the emulated chip. Supported: id-PACE-ECDH-GM-AES-CBC-CMAC-128/-192/-256 on the standard
 * domain parameters 8 to 18 (9303-11 §9.5.1, Table 6).
 */
public final class PaceCrypto {

    /** id-PACE-ECDH-GM-AES-CBC-CMAC-128, -192, -256 (9303-11 §9.2.4): 0.4.0.127.0.7.2.2.4.2.{2,3,4}. */
    public static final String OID_ECDH_GM_AES_128 = "0.4.0.127.0.7.2.2.4.2.2";
    public static final String OID_ECDH_GM_AES_192 = "0.4.0.127.0.7.2.2.4.2.3";
    public static final String OID_ECDH_GM_AES_256 = "0.4.0.127.0.7.2.2.4.2.4";

    /** KDF counter for the password key K_pi (9303-11 §9.7.3). */
    public static final int KDF_PI = 3;


    /**
     * One PACE configuration: the protocol OID, the domain parameters and the AES key length.
     *
     * @param oid the PACEInfo protocol OID
     * @param parameterId the standardized domain parameter id (9303-11 Table 6)
     * @param keyLength AES key length in bytes: 16, 24 or 32
     * @param curve the elliptic curve domain parameters
     */
    public record Parameters(String oid, int parameterId, int keyLength, X9ECParameters curve) {

        /** The parameters named by a PACEInfo, or IllegalArgumentException naming what is unsupported. */
        public static Parameters of(String oid, int parameterId) {
            int keyLength = switch (oid) {
                case OID_ECDH_GM_AES_128 -> 16;
                case OID_ECDH_GM_AES_192 -> 24;
                case OID_ECDH_GM_AES_256 -> 32;
                default -> throw new IllegalArgumentException("PACE protocol " + oid + " is not supported "
                        + "(only ECDH generic mapping with AES)");
            };
            String curve = SecurityInfos.standardizedCurve(parameterId).orElseThrow(() -> new IllegalArgumentException(
                    "PACE domain parameter id " + parameterId + " is not a standard elliptic curve (8..18)"));
            return new Parameters(oid, parameterId, keyLength, ECNamedCurveTable.getByName(curve));
        }

        /**
         * The parameters of a PACEInfo read from EF.CardAccess, or empty if this implementation cannot run it: another
         * mapping, DH, a proprietary curve, no parameterId, or a version other than 2 (9303-11 §9.2.1).
         */
        public static Optional<Parameters> supported(SecurityInfo.PaceInfo info) {
            if (info.version() != 2 || info.parameterId().isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(of(info.protocol().getId(), info.parameterId().get()));
            } catch (IllegalArgumentException unsupported) {
                return Optional.empty();
            }
        }

        /** Bytes of one field element (a coordinate). */
        public int fieldSize() {
            return (curve.getCurve().getFieldSize() + 7) / 8;
        }
    }

    private PaceCrypto() {
    }

    /**
     * KDF of 9303-11 §9.7.1 for AES: SHA-1 for 128-bit keys, SHA-256 for 192 and 256 bits, first keyLength bytes
     * of H(secret || counter).
     */
    public static byte[] deriveKey(Parameters p, byte[] secret, int counter) {
        String hash = p.keyLength() == 16 ? "SHA-1" : "SHA-256";
        try {
            MessageDigest md = MessageDigest.getInstance(hash);
            md.update(secret);
            md.update(new byte[] {(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8),
                (byte) counter});
            return Arrays.copyOf(md.digest(), p.keyLength());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(hash + " is required of every Java platform", e);
        }
    }

    /** E(K_pi, s) and D(K_pi, z): AES-CBC with a zero IV over the one- or multi-block nonce (9303-11 §4.4.3.3.1). */
    public static byte[] encryptNonce(byte[] kPi, byte[] s) {
        return SmAlgorithm.AES.encryptWithIv(kPi, new byte[16], s);
    }

    public static byte[] decryptNonce(byte[] kPi, byte[] z) {
        return SmAlgorithm.AES.decryptWithIv(kPi, new byte[16], z);
    }

    /** A private key in [1, n-1], drawn from whole bytes of the random source and redrawn if out of range. */
    public static BigInteger randomScalar(Parameters p, SecureRandom random) {
        BigInteger n = p.curve().getN();
        byte[] bytes = new byte[(n.bitLength() + 7) / 8];
        for (int attempt = 0; attempt < 1000; attempt++) {
            random.nextBytes(bytes);
            BigInteger k = new BigInteger(1, bytes);
            if (k.signum() > 0 && k.compareTo(n) < 0) {
                return k;
            }
        }
        throw new IllegalStateException("random source gave 1000 scalars outside [1, n-1]");
    }

    /** Generic mapping (9303-11 §4.4.3.3.2): G~ = s * G + H, with H = SK_map * PK_map(other side). */
    public static ECPoint mappedGenerator(Parameters p, byte[] nonce, BigInteger ownMapKey, ECPoint otherMapPoint) {
        ECPoint h = otherMapPoint.multiply(ownMapKey).normalize();
        if (h.isInfinity()) {
            throw new IllegalArgumentException("mapping produced the point at infinity");
        }
        return p.curve().getG().multiply(new BigInteger(1, nonce)).add(h).normalize();
    }

    /** The shared secret K: the x-coordinate of SK * PK(other side), as fieldSize bytes (9303-11 §4.4.3.4). */
    public static byte[] sharedSecret(Parameters p, BigInteger ownKey, ECPoint otherPoint) {
        ECPoint k = otherPoint.multiply(ownKey).normalize();
        if (k.isInfinity()) {
            throw new IllegalArgumentException("key agreement produced the point at infinity");
        }
        return fixed(k.getAffineXCoord().toBigInteger(), p.fieldSize());
    }

    /** Uncompressed point encoding 04 || X || Y. */
    public static byte[] encode(ECPoint point) {
        return point.getEncoded(false);
    }

    /** Decodes an uncompressed point from the other side, refusing anything not on the curve (or infinity). */
    public static ECPoint decode(Parameters p, byte[] encoded) {
        int expected = 1 + 2 * p.fieldSize();
        if (encoded.length != expected || encoded[0] != 0x04) {
            throw new IllegalArgumentException("public point of " + encoded.length + " bytes, expected an "
                    + "uncompressed point of " + expected);
        }
        ECPoint point = p.curve().getCurve().decodePoint(encoded).normalize(); // BC checks the curve equation
        if (point.isInfinity() || !point.isValid()) {
            throw new IllegalArgumentException("public point is not a valid point of the curve");
        }
        return point;
    }

    /**
     * Authentication token (9303-11 §4.4.3.5, §9.4.4): AES-CMAC over the public key data object
     * 7F49 { 06 OID, 86 point } of the other side's ephemeral key, first 8 bytes.
     */
    public static byte[] authenticationToken(Parameters p, byte[] kMac, ECPoint otherPublicKey) {
        byte[] oid = oidContent(p.oid());
        byte[] pkDo = Tlv.constructed(0x7F49, Tlv.of(0x06, oid), Tlv.of(0x86, encode(otherPublicKey))).encode();
        CMac mac = new CMac(new AESEngine());
        mac.init(new KeyParameter(kMac));
        mac.update(pkDo, 0, pkDo.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return Arrays.copyOf(out, 8);
    }

    /** The content octets of an OID (without tag and length), as MSE:SET AT and the key data object carry it. */
    public static byte[] oidContent(String oid) {
        try {
            byte[] der = new ASN1ObjectIdentifier(oid).getEncoded(org.bouncycastle.asn1.ASN1Encoding.DER);
            return Arrays.copyOfRange(der, 2, der.length); // OIDs used here are shorter than 128 bytes
        } catch (java.io.IOException e) {
            throw new IllegalStateException("OID " + oid + " cannot be encoded", e);
        }
    }

    /** An EF.CardAccess offering one PACEInfo (9303-11 §9.2.1), as the emulator presents it when none is given. */
    public static byte[] cardAccess(Parameters p) {
        return new CardAccess(List.of(new SecurityInfo.PaceInfo(new ASN1ObjectIdentifier(p.oid()), 2,
                Optional.of(p.parameterId())))).encode();
    }

    private static byte[] fixed(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        if (raw.length == length) {
            return raw;
        }
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }
}
