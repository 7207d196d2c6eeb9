package org.openegate.crypto.chip.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.CBCModeCipher;
import org.bouncycastle.crypto.params.DHParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.openegate.crypto.lds.CardAccess;
import org.openegate.crypto.lds.SecurityInfo;
import org.openegate.crypto.lds.SecurityInfos;
import org.openegate.crypto.tlv.Tlv;

/**
 * The cryptography of PACE v2 (9303-11 §4.4), shared by the reader and the emulated chip: Generic Mapping over ECDH
 * and DH, Integrated Mapping over ECDH and DH (pseudo-random function R_p and the point encoding of Appendix B),
 * Chip Authentication Mapping over ECDH (§4.4.3.5), each with 3DES or AES-128/192/256 (Tables 2 and 3). Domain
 * parameters are the standardized ones of §9.5.1 Table 6: 0 to 2 are the RFC 5114 MODP groups, 8 to 18 the curves.
 *
 * <p>Group arithmetic is hidden behind {@link Element}, so every protocol step is written once for both DH (where
 * "times" is exponentiation and "plus" multiplication mod p) and ECDH. Worked examples: Appendices G, H and I.
 */
public final class PaceCrypto {

    /** id-PACE = bsi-de protocols smartcard 4 (9303-11 §9.2.3). */
    public static final String ID_PACE = "0.4.0.127.0.7.2.2.4";
    public static final String OID_DH_GM_3DES = ID_PACE + ".1.1";
    public static final String OID_DH_GM_AES_128 = ID_PACE + ".1.2";
    public static final String OID_DH_GM_AES_192 = ID_PACE + ".1.3";
    public static final String OID_DH_GM_AES_256 = ID_PACE + ".1.4";
    public static final String OID_ECDH_GM_3DES = ID_PACE + ".2.1";
    public static final String OID_ECDH_GM_AES_128 = ID_PACE + ".2.2";
    public static final String OID_ECDH_GM_AES_192 = ID_PACE + ".2.3";
    public static final String OID_ECDH_GM_AES_256 = ID_PACE + ".2.4";
    public static final String OID_DH_IM_3DES = ID_PACE + ".3.1";
    public static final String OID_DH_IM_AES_128 = ID_PACE + ".3.2";
    public static final String OID_DH_IM_AES_192 = ID_PACE + ".3.3";
    public static final String OID_DH_IM_AES_256 = ID_PACE + ".3.4";
    public static final String OID_ECDH_IM_3DES = ID_PACE + ".4.1";
    public static final String OID_ECDH_IM_AES_128 = ID_PACE + ".4.2";
    public static final String OID_ECDH_IM_AES_192 = ID_PACE + ".4.3";
    public static final String OID_ECDH_IM_AES_256 = ID_PACE + ".4.4";
    public static final String OID_ECDH_CAM_AES_128 = ID_PACE + ".6.2";
    public static final String OID_ECDH_CAM_AES_192 = ID_PACE + ".6.3";
    public static final String OID_ECDH_CAM_AES_256 = ID_PACE + ".6.4";

    /** KDF counter for the password key K_pi (9303-11 §9.7.3). */
    public static final int KDF_PI = 3;

    /** 9303-11 §4.4.3.3.2, R_p constants for l = 128 (3DES, AES-128) and l = 256 (AES-192, AES-256). */
    private static final byte[] C0_128 = hex("a668892a7c41e3ca739f40b057d85904");
    private static final byte[] C1_128 = hex("a4e136ac725f738b01c1f60217c188ad");
    private static final byte[] C0_256 = hex("d463d65234124ef7897054986dca0a174e28df758cbaa03f240616414d5a1676");
    private static final byte[] C1_256 = hex("54bd7255f0aaf831bec3423fcf39d69b6cbf066677d0faae5aadd99df8e53517");

    /** How the nonce becomes the ephemeral generator (9303-11 §4.4.3.3). */
    public enum Mapping {
        /** Generic Mapping: G~ = s*G + H with H from an anonymous key agreement (§4.4.3.3.1). */
        GM,
        /** Integrated Mapping: G~ = f_G(R_p(s, t)) with a terminal nonce t sent in clear (§4.4.3.3.2). */
        IM,
        /** Chip Authentication Mapping: GM, plus the chip's encrypted CA data after the tokens (§4.4.3.5). */
        CAM
    }

    /** The symmetric suite of a PACE OID: nonce encryption, KDF, token MAC and secure messaging. */
    public enum Cipher {
        DES3(16, SmAlgorithm.DES3), AES_128(16, SmAlgorithm.AES), AES_192(24, SmAlgorithm.AES),
        AES_256(32, SmAlgorithm.AES);

        private final int keyLength;
        private final SmAlgorithm sm;

        Cipher(int keyLength, SmAlgorithm sm) {
            this.keyLength = keyLength;
            this.sm = sm;
        }

        /** Key bytes: 16 for 3DES (two keys) and AES-128, 24, 32. */
        public int keyLength() {
            return keyLength;
        }

        public SmAlgorithm sm() {
            return sm;
        }

        /**
         * Bytes of the nonce s: the smallest multiple of the block size not shorter than the key (9303-11
         * §4.4.3.3), so 16 for 3DES and AES-128, 32 for AES-192 and AES-256.
         */
        public int nonceLength() {
            int block = sm.blockSize();
            return (keyLength + block - 1) / block * block;
        }

        /**
         * KDF of 9303-11 §9.7.1: 3DES and AES-128 take SHA-1 (3DES with DES parity), AES-192 and -256 SHA-256,
         * first keyLength bytes of H(secret || counter).
         */
        public byte[] kdf(byte[] secret, int counter) {
            return sm.deriveKey(secret, counter, keyLength);
        }

        /** E(K, data): CBC with a zero IV over whole blocks, as nonce encryption and R_p use it. */
        byte[] encrypt(byte[] key, byte[] data) {
            return sm.encryptWithIv(key, new byte[sm.blockSize()], data);
        }

        byte[] decrypt(byte[] key, byte[] data) {
            return sm.decryptWithIv(key, new byte[sm.blockSize()], data);
        }

        /**
         * The authentication token MAC (9303-11 §4.4.3.4): 3DES retail MAC (ISO/IEC 9797-1 algorithm 3, padding
         * method 2), or AES-CMAC; 8 bytes. The MAC pads itself: no application padding.
         */
        byte[] mac(byte[] kMac, byte[] data) {
            if (this == DES3) {
                return SmAlgorithm.DES3.mac(kMac, data);
            }
            CMac mac = new CMac(new AESEngine());
            mac.init(new KeyParameter(kMac));
            mac.update(data, 0, data.length);
            byte[] out = new byte[mac.getMacSize()];
            mac.doFinal(out, 0);
            return Arrays.copyOf(out, 8);
        }

        BlockCipher engine() {
            return this == DES3 ? new DESedeEngine() : new AESEngine();
        }
    }

    /**
     * One PACE configuration: the protocol OID, the standardized domain parameters, and what the OID implies.
     *
     * @param oid the PACEInfo protocol OID
     * @param parameterId the standardized domain parameter id (9303-11 Table 6)
     * @param mapping generic, integrated or chip authentication mapping
     * @param cipher the symmetric suite
     * @param group the DH group or elliptic curve
     */
    public record Parameters(String oid, int parameterId, Mapping mapping, Cipher cipher, Group group) {

        /** The parameters named by a PACEInfo, or IllegalArgumentException naming what is unsupported. */
        public static Parameters of(String oid, int parameterId) {
            if (!oid.startsWith(ID_PACE + ".") || oid.length() != ID_PACE.length() + 4) {
                throw new IllegalArgumentException("PACE protocol " + oid + " is not an id-PACE OID");
            }
            int family = oid.charAt(ID_PACE.length() + 1) - '0';
            int suite = oid.charAt(ID_PACE.length() + 3) - '0';
            boolean dh = family == 1 || family == 3;
            Mapping mapping = switch (family) {
                case 1, 2 -> Mapping.GM;
                case 3, 4 -> Mapping.IM;
                case 6 -> Mapping.CAM;
                default -> throw new IllegalArgumentException("PACE protocol " + oid + " is not supported");
            };
            Cipher cipher = switch (suite) {
                case 1 -> Cipher.DES3;
                case 2 -> Cipher.AES_128;
                case 3 -> Cipher.AES_192;
                case 4 -> Cipher.AES_256;
                default -> throw new IllegalArgumentException("PACE protocol " + oid + " is not supported");
            };
            if (mapping == Mapping.CAM && cipher == Cipher.DES3) {
                throw new IllegalArgumentException("PACE protocol " + oid + " is not defined (CAM has no 3DES)");
            }
            Group group = dh ? DhGroup.standard(parameterId) : EcGroup.standard(parameterId);
            if (mapping == Mapping.IM && group instanceof EcGroup ec && !ec.pointEncodingApplies()) {
                // 9303-11 Appendix B: the point encoding needs p = 3 mod 4 (secp224r1 has p = 1 mod 4)
                throw new IllegalArgumentException("integrated mapping is not defined on curve " + parameterId
                        + " (p is not 3 mod 4)");
            }
            return new Parameters(oid, parameterId, mapping, cipher, group);
        }

        /**
         * The parameters of a PACEInfo read from EF.CardAccess, or empty if this implementation cannot run it: an
         * unknown protocol, a proprietary group, no parameterId, or a version other than 2 (9303-11 §9.2.1).
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

        /** Key length in bytes of the session and password keys. */
        public int keyLength() {
            return cipher.keyLength();
        }

        /** The curve, for ECDH parameters; IllegalStateException for DH. */
        public X9ECParameters curve() {
            if (group instanceof EcGroup ec) {
                return ec.curve;
            }
            throw new IllegalStateException("PACE " + oid + " is DH, not ECDH");
        }

        public boolean dh() {
            return group instanceof DhGroup;
        }

        /** OID and parameter id only. */
        @Override
        public String toString() {
            return "PaceCrypto.Parameters[" + oid + ", " + mapping + ", " + cipher + ", parameterId " + parameterId
                    + "]";
        }
    }

    /** A group element: a point (ECDH) or a residue mod p (DH). Immutable; holds no secret by itself. */
    public interface Element {
        /** ECDH: uncompressed 04 || X || Y; DH: unsigned, the byte length of p (9303-11 §9.4.5). */
        byte[] encoded();

        /** k * P (ECDH) or y^k mod p (DH). */
        Element times(BigInteger k);

        /** P + Q (ECDH) or y * z mod p (DH). */
        Element plus(Element other);

        /** The shared secret encoding (9303-11 §4.4.3.4, §9.6): x-coordinate (ECDH) or the whole value (DH). */
        byte[] secret();

        /** Tag of the element in a public key data object: 0x86 point, 0x84 DH public value (§9.4.5). */
        int publicKeyTag();
    }

    /** A PACE group: the standardized DH groups 0 to 2 or the curves 8 to 18. */
    public sealed interface Group permits DhGroup, EcGroup {
        Element generator();

        /** Order of the generator (n or q). */
        BigInteger order();

        /** The field prime p that R_p maps into. */
        BigInteger prime();

        /** Decodes the other side's public element, refusing anything outside the prime-order group. */
        Element decode(byte[] encoded);

        /** The integrated-mapping function f_G / f_g (9303-11 §4.4.3.3.2, Appendix B). */
        Element integratedMap(BigInteger x);
    }

    /** A DH group of RFC 5114 (9303-11 Table 6, ids 0 to 2). */
    public static final class DhGroup implements Group {
        /**
         * RFC 5114 §2.1 to §2.3: p, g, q of the 1024-bit group with a 160-bit subgroup and the 2048-bit groups with
         * 224- and 256-bit subgroups (BouncyCastle dropped its copies). PaceDhGroupTest checks their structure.
         */
        private static final DhGroup[] RFC5114 = {
            group("B10B8F96A080E01DDE92DE5EAE5D54EC52C99FBCFB06A3C69A6A9DCA52D23B616073E28675A23D189838EF1E2EE652C0"
                    + "13ECB4AEA906112324975C3CD49B83BFACCBDD7D90C4BD7098488E9C219A73724EFFD6FAE5644738FAA31A4FF55BCCC0"
                    + "A151AF5F0DC8B4BD45BF37DF365C1A65E68CFDA76D4DA708DF1FB2BC2E4A4371",
                "A4D1CBD5C3FD34126765A442EFB99905F8104DD258AC507FD6406CFF14266D31266FEA1E5C41564B777E690F5504F213"
                    + "160217B4B01B886A5E91547F9E2749F4D7FBD7D3B9A92EE1909D0D2263F80A76A6A24C087A091F531DBF0A0169B6A28A"
                    + "D662A4D18E73AFA32D779D5918D08BC8858F4DCEF97C2A24855E6EEB22B3B2E5",
                "F518AA8781A8DF278ABA4E7D64B7CB9D49462353"),
            group("AD107E1E9123A9D0D660FAA79559C51FA20D64E5683B9FD1B54B1597B61D0A75E6FA141DF95A56DBAF9A3C407BA1DF15"
                    + "EB3D688A309C180E1DE6B85A1274A0A66D3F8152AD6AC2129037C9EDEFDA4DF8D91E8FEF55B7394B7AD5B7D0B6C12207"
                    + "C9F98D11ED34DBF6C6BA0B2C8BBC27BE6A00E0A0B9C49708B3BF8A317091883681286130BC8985DB1602E714415D9330"
                    + "278273C7DE31EFDC7310F7121FD5A07415987D9ADC0A486DCDF93ACC44328387315D75E198C641A480CD86A1B9E587E8"
                    + "BE60E69CC928B2B9C52172E413042E9B23F10B0E16E79763C9B53DCF4BA80A29E3FB73C16B8E75B97EF363E2FFA31F71"
                    + "CF9DE5384E71B81C0AC4DFFE0C10E64F",
                "AC4032EF4F2D9AE39DF30B5C8FFDAC506CDEBE7B89998CAF74866A08CFE4FFE3A6824A4E10B9A6F0DD921F01A70C4AFA"
                    + "AB739D7700C29F52C57DB17C620A8652BE5E9001A8D66AD7C17669101999024AF4D027275AC1348BB8A762D0521BC98A"
                    + "E247150422EA1ED409939D54DA7460CDB5F6C6B250717CBEF180EB34118E98D119529A45D6F834566E3025E316A330EF"
                    + "BB77A86F0C1AB15B051AE3D428C8F8ACB70A8137150B8EEB10E183EDD19963DDD9E263E4770589EF6AA21E7F5F2FF381"
                    + "B539CCE3409D13CD566AFBB48D6C019181E1BCFE94B30269EDFE72FE9B6AA4BD7B5A0F1C71CFFF4C19C418E1F6EC0179"
                    + "81BC087F2A7065B384B890D3191F2BFA",
                "801C0D34C58D93FE997177101F80535A4738CEBCBF389A99B36371EB"),
            group("87A8E61DB4B6663CFFBBD19C651959998CEEF608660DD0F25D2CEED4435E3B00E00DF8F1D61957D4FAF7DF4561B2AA30"
                    + "16C3D91134096FAA3BF4296D830E9A7C209E0C6497517ABD5A8A9D306BCF67ED91F9E6725B4758C022E0B1EF4275BF7B"
                    + "6C5BFC11D45F9088B941F54EB1E59BB8BC39A0BF12307F5C4FDB70C581B23F76B63ACAE1CAA6B7902D52526735488A0E"
                    + "F13C6D9A51BFA4AB3AD8347796524D8EF6A167B5A41825D967E144E5140564251CCACB83E6B486F6B3CA3F7971506026"
                    + "C0B857F689962856DED4010ABD0BE621C3A3960A54E710C375F26375D7014103A4B54330C198AF126116D2276E11715F"
                    + "693877FAD7EF09CADB094AE91E1A1597",
                "3FB32C9B73134D0B2E77506660EDBD484CA7B18F21EF205407F4793A1A0BA12510DBC15077BE463FFF4FED4AAC0BB555"
                    + "BE3A6C1B0C6B47B1BC3773BF7E8C6F62901228F8C28CBB18A55AE31341000A650196F931C77A57F2DDF463E5E9EC144B"
                    + "777DE62AAAB8A8628AC376D282D6ED3864E67982428EBC831D14348F6F2F9193B5045AF2767164E1DFC967C1FB3F2E55"
                    + "A4BD1BFFE83B9C80D052B985D182EA0ADB2A3B7313D3FE14C8484B1E052588B9B7D2BBD2DF016199ECD06E1557CD0915"
                    + "B3353BBB64E0EC377FD028370DF92B52C7891428CDC67EB6184B523D1DB246C32F63078490F00EF8D647D148D4795451"
                    + "5E2327CFEF98C582664B4C0F6CC41659",
                "8CF83642A709A097B447997640129DA299B1A47D1EB3750BA308B0FE64F5FBD3"),
        };

        private static DhGroup group(String p, String g, String q) {
            return new DhGroup(new DHParameters(new BigInteger(p, 16), new BigInteger(g, 16), new BigInteger(q, 16)));
        }

        private final DHParameters params;
        private final int length;

        DhGroup(DHParameters params) {
            this.params = params;
            this.length = (params.getP().bitLength() + 7) / 8;
        }

        static DhGroup standard(int parameterId) {
            if (parameterId < 0 || parameterId >= RFC5114.length) {
                throw new IllegalArgumentException("PACE domain parameter id " + parameterId
                        + " is not a standard DH group (0..2)");
            }
            return RFC5114[parameterId];
        }

        public DHParameters params() {
            return params;
        }

        @Override
        public Element generator() {
            return new DhElement(params.getG());
        }

        @Override
        public BigInteger order() {
            return params.getQ();
        }

        @Override
        public BigInteger prime() {
            return params.getP();
        }

        /** RFC 2631 §2.1.5 public key validation: 1 < y < p-1 and y^q = 1 mod p (9303-11 §4.4.3.3.1 note). */
        @Override
        public Element decode(byte[] encoded) {
            if (encoded.length != length) {
                throw new IllegalArgumentException("DH public value of " + encoded.length + " bytes, expected "
                        + length);
            }
            BigInteger y = new BigInteger(1, encoded);
            BigInteger p = params.getP();
            if (y.compareTo(BigInteger.ONE) <= 0 || y.compareTo(p.subtract(BigInteger.ONE)) >= 0
                    || !y.modPow(params.getQ(), p).equals(BigInteger.ONE)) {
                throw new IllegalArgumentException("DH public value is not in the order-q subgroup");
            }
            return new DhElement(y);
        }

        /** f_g(x) = x^a mod p with the cofactor a = (p-1)/q; g~ = 1 is refused (9303-11 §4.4.3.3.2). */
        @Override
        public Element integratedMap(BigInteger x) {
            BigInteger p = params.getP();
            BigInteger a = p.subtract(BigInteger.ONE).divide(params.getQ());
            BigInteger g = x.mod(p).modPow(a, p);
            if (g.compareTo(BigInteger.ONE) <= 0) {
                throw new IllegalArgumentException("integrated mapping gave the trivial generator");
            }
            return new DhElement(g);
        }

        private final class DhElement implements Element {
            private final BigInteger y;

            DhElement(BigInteger y) {
                this.y = y;
            }

            @Override
            public byte[] encoded() {
                return fixed(y, length);
            }

            @Override
            public Element times(BigInteger k) {
                BigInteger r = y.modPow(k, params.getP());
                if (r.equals(BigInteger.ONE)) {
                    throw new IllegalArgumentException("key agreement gave the identity");
                }
                return new DhElement(r);
            }

            @Override
            public Element plus(Element other) {
                return new DhElement(y.multiply(((DhElement) other).y).mod(params.getP()));
            }

            @Override
            public byte[] secret() {
                return encoded();
            }

            @Override
            public int publicKeyTag() {
                return 0x84;
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof DhElement other && other.y.equals(y);
            }

            @Override
            public int hashCode() {
                return y.hashCode();
            }

            @Override
            public String toString() {
                return "DhElement[" + params.getP().bitLength() + " bits]";
            }
        }
    }

    /** A standardized elliptic curve (9303-11 Table 6, ids 8 to 18). */
    public static final class EcGroup implements Group {
        private final X9ECParameters curve;
        private final int fieldSize;

        EcGroup(X9ECParameters curve) {
            this.curve = curve;
            this.fieldSize = (curve.getCurve().getFieldSize() + 7) / 8;
        }

        static EcGroup standard(int parameterId) {
            String name = SecurityInfos.standardizedCurve(parameterId).orElseThrow(() -> new IllegalArgumentException(
                    "PACE domain parameter id " + parameterId + " is not a standard elliptic curve (8..18)"));
            return new EcGroup(ECNamedCurveTable.getByName(name));
        }

        public X9ECParameters curve() {
            return curve;
        }

        /** The point of this curve for a public point: the emulator's and the tests' way in. */
        public Element of(ECPoint point) {
            return new EcElement(point.normalize());
        }

        /** The point behind an element of this group. */
        public ECPoint point(Element element) {
            return ((EcElement) element).point;
        }

        boolean pointEncodingApplies() {
            return prime().testBit(0) && prime().testBit(1);
        }

        @Override
        public Element generator() {
            return new EcElement(curve.getG().normalize());
        }

        @Override
        public BigInteger order() {
            return curve.getN();
        }

        @Override
        public BigInteger prime() {
            return curve.getCurve().getField().getCharacteristic();
        }

        /** An uncompressed point of the curve; BouncyCastle checks the curve equation, infinity is refused. */
        @Override
        public Element decode(byte[] encoded) {
            int expected = 1 + 2 * fieldSize;
            if (encoded.length != expected || encoded[0] != 0x04) {
                throw new IllegalArgumentException("public point of " + encoded.length + " bytes, expected an "
                        + "uncompressed point of " + expected);
            }
            ECPoint point;
            try {
                point = curve.getCurve().decodePoint(encoded).normalize();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("public point is not a point of the curve", e);
            }
            if (point.isInfinity() || !point.isValid()) {
                throw new IllegalArgumentException("public point is not a valid point of the curve");
            }
            return new EcElement(point);
        }

        /**
         * The point encoding f_G of 9303-11 Appendix B.2 (affine coordinates), for p = 3 mod 4: a point of the
         * prime-order subgroup for 0 < t < p.
         */
        @Override
        public Element integratedMap(BigInteger t) {
            BigInteger p = prime();
            ECCurve c = curve.getCurve();
            BigInteger a = c.getA().toBigInteger();
            BigInteger b = c.getB().toBigInteger();
            if (t.signum() <= 0 || t.compareTo(p) >= 0) {
                throw new IllegalArgumentException("point encoding input outside 0 < t < p");
            }
            BigInteger alpha = t.pow(2).negate().mod(p);                                      // 1
            BigInteger alphaSum = alpha.add(alpha.pow(2)).mod(p);
            BigInteger x2 = b.negate().multiply(a.modInverse(p))
                    .multiply(BigInteger.ONE.add(alphaSum.modInverse(p))).mod(p);                   // 2
            BigInteger x3 = alpha.multiply(x2).mod(p);                                          // 3
            BigInteger h2 = x2.pow(3).add(a.multiply(x2)).add(b).mod(p);                        // 4
            BigInteger u = t.pow(3).multiply(h2).mod(p);                                        // 6
            BigInteger exponent = p.subtract(BigInteger.ONE).subtract(p.add(BigInteger.ONE).shiftRight(2));
            BigInteger aa = h2.modPow(exponent, p);                                             // 7
            ECPoint point;
            if (aa.pow(2).multiply(h2).mod(p).equals(BigInteger.ONE)) {                         // 8
                point = c.createPoint(x2, aa.multiply(h2).mod(p));
            } else {                                                                            // 9
                point = c.createPoint(x3, aa.multiply(u).mod(p));
            }
            point = point.multiply(curve.getH()).normalize();                                  // 10
            if (point.isInfinity() || !point.isValid()) {
                throw new IllegalArgumentException("point encoding did not give a point of the curve");
            }
            return new EcElement(point);
        }

        private final class EcElement implements Element {
            private final ECPoint point;

            EcElement(ECPoint point) {
                this.point = point;
            }

            @Override
            public byte[] encoded() {
                return point.getEncoded(false);
            }

            @Override
            public Element times(BigInteger k) {
                ECPoint r = point.multiply(k).normalize();
                if (r.isInfinity()) {
                    throw new IllegalArgumentException("key agreement produced the point at infinity");
                }
                return new EcElement(r);
            }

            @Override
            public Element plus(Element other) {
                ECPoint r = point.add(((EcElement) other).point).normalize();
                if (r.isInfinity()) {
                    throw new IllegalArgumentException("mapping produced the point at infinity");
                }
                return new EcElement(r);
            }

            @Override
            public byte[] secret() {
                return fixed(point.getAffineXCoord().toBigInteger(), fieldSize);
            }

            @Override
            public int publicKeyTag() {
                return 0x86;
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof EcElement other && other.point.equals(point);
            }

            @Override
            public int hashCode() {
                return point.hashCode();
            }

            @Override
            public String toString() {
                return "EcElement[" + curve.getCurve().getFieldSize() + " bits]";
            }
        }
    }

    private PaceCrypto() {
    }

    /** KDF of 9303-11 §9.7.1 for the parameters' cipher. */
    public static byte[] deriveKey(Parameters p, byte[] secret, int counter) {
        return p.cipher().kdf(secret, counter);
    }

    /** z = E(K_pi, s): CBC with a zero IV over the nonce (9303-11 §4.4.3.3). */
    public static byte[] encryptNonce(Parameters p, byte[] kPi, byte[] s) {
        return p.cipher().encrypt(kPi, s);
    }

    /** s = D(K_pi, z); IllegalArgumentException if z is empty or not whole blocks. */
    public static byte[] decryptNonce(Parameters p, byte[] kPi, byte[] z) {
        int block = p.cipher().sm().blockSize();
        if (z.length == 0 || z.length % block != 0 || z.length > 64) {
            throw new IllegalArgumentException("encrypted nonce of " + z.length + " bytes is not 1 to 64 bytes of "
                    + block + "-byte blocks");
        }
        return p.cipher().decrypt(kPi, z);
    }

    /** A private key in [1, order-1], drawn from whole bytes of the random source and redrawn if out of range. */
    public static BigInteger randomScalar(Parameters p, SecureRandom random) {
        BigInteger n = p.group().order();
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

    /**
     * Generic mapping (9303-11 §4.4.3.3.1): G~ = s * G + H with H = SK_map * PK_map(other side); also the mapping
     * of PACE-CAM.
     */
    public static Element genericMap(Parameters p, byte[] nonce, BigInteger ownMapKey, Element otherMapKey) {
        Element h = otherMapKey.times(ownMapKey);
        return p.group().generator().times(new BigInteger(1, nonce)).plus(h);
    }

    /**
     * R_p(s, t) of 9303-11 §4.4.3.3.2 (Figure 2), before the reduction mod p: key_1 = E(t, s), then per round
     * x_i = E(key_i, c1) and key_(i+1) = E(key_i, c0), keys truncated to the key size k; n rounds with
     * n * l >= log2 p + 64, where l is the bit length of s.
     */
    public static byte[] pseudoRandom(Parameters p, byte[] s, byte[] t) {
        Cipher cipher = p.cipher();
        if (t.length != cipher.keyLength() || s.length != cipher.nonceLength()) {
            throw new IllegalArgumentException("integrated mapping nonces of " + s.length + " and " + t.length
                    + " bytes, expected " + cipher.nonceLength() + " and " + cipher.keyLength());
        }
        boolean wide = s.length == 32;
        byte[] c0 = wide ? C0_256 : C0_128;
        byte[] c1 = wide ? C1_256 : C1_128;
        int l = s.length * 8;
        int n = (p.group().prime().bitLength() + 64 + l - 1) / l;
        byte[] out = new byte[n * s.length];
        byte[] key = cbc(cipher, t, s);
        for (int i = 0; i < n; i++) {
            byte[] k = Arrays.copyOf(key, cipher.keyLength());
            System.arraycopy(cbc(cipher, k, c1), 0, out, i * s.length, s.length);
            key = cbc(cipher, k, c0);
        }
        return out;
    }

    /** Integrated mapping (9303-11 §4.4.3.3.2): G~ = f_G(R_p(s, t)). */
    public static Element integratedMap(Parameters p, byte[] s, byte[] t) {
        BigInteger x = new BigInteger(1, pseudoRandom(p, s, t)).mod(p.group().prime());
        return p.group().integratedMap(x);
    }

    /**
     * Authentication token (9303-11 §4.4.3.4, §9.4.4): the MAC over the public key data object
     * 7F49 { 06 OID, 86 point | 84 value } of the other side's ephemeral key, 8 bytes.
     */
    public static byte[] authenticationToken(Parameters p, byte[] kMac, Element otherPublicKey) {
        byte[] pkDo = Tlv.constructed(0x7F49, Tlv.of(0x06, oidContent(p.oid())),
                Tlv.of(otherPublicKey.publicKeyTag(), otherPublicKey.encoded())).encode();
        return p.cipher().mac(kMac, pkDo);
    }

    /** The secure-messaging session after PACE: KS_enc, KS_mac from K, SSC = 0 (9303-11 §9.8.6.3, §9.8.7.3). */
    public static SecureMessaging session(Parameters p, byte[] kEnc, byte[] kMac) {
        return new SecureMessaging(p.cipher().sm(), kEnc, kMac, new byte[p.cipher().sm().blockSize()]);
    }

    /**
     * PACE-CAM, the chip's half (9303-11 §4.4.3.5.1): CA_IC = SK_IC^-1 * SK_map,IC mod n as FE2OS (the byte length
     * of n), padded (method 2), AES-CBC encrypted with KS_enc and IV = E(KS_enc, -1).
     */
    public static byte[] encryptChipAuthenticationData(Parameters p, byte[] kEnc, BigInteger staticKey,
            BigInteger mapKey) {
        BigInteger n = p.group().order();
        BigInteger ca = staticKey.modInverse(n).multiply(mapKey).mod(n);
        byte[] plain = SmAlgorithm.padded(fixed(ca, (n.bitLength() + 7) / 8), 16);
        return SmAlgorithm.AES.encrypt(kEnc, allOnes(), plain);
    }

    /**
     * PACE-CAM, the terminal's half (9303-11 §4.4.3.5.2): decrypts A_IC to CA_IC; the caller then checks
     * PK_map,IC = CA_IC * PK_IC with the chip's static key. IllegalArgumentException if A_IC is malformed.
     */
    public static BigInteger decryptChipAuthenticationData(Parameters p, byte[] kEnc, byte[] encrypted) {
        if (encrypted.length == 0 || encrypted.length % 16 != 0 || encrypted.length > 256) {
            throw new IllegalArgumentException("encrypted chip authentication data of " + encrypted.length
                    + " bytes is not 16 to 256 bytes of whole AES blocks");
        }
        byte[] plain;
        try {
            plain = SmAlgorithm.unpadded(SmAlgorithm.AES.decrypt(kEnc, allOnes(), encrypted));
        } catch (SecureMessagingException e) {
            throw new IllegalArgumentException("chip authentication data: " + e.getMessage(), e);
        }
        BigInteger ca = new BigInteger(1, plain);
        if (ca.signum() == 0 || ca.compareTo(p.group().order()) >= 0) {
            throw new IllegalArgumentException("chip authentication data outside [1, n-1]");
        }
        return ca;
    }

    /**
     * PACE-CAM check (9303-11 §4.4.3.5.2): PK_map,IC = KA(CA_IC, PK_IC) = CA_IC * PK_IC. Empty if the static key is
     * not an EC key on the PACE curve (so it cannot be the CAM key); otherwise whether the equation holds.
     */
    public static Optional<Boolean> camMatches(Parameters p, java.security.PublicKey chipStaticKey,
            Element chipMapKey, BigInteger ca) {
        if (!(p.group() instanceof EcGroup ec) || chipMapKey == null) {
            return Optional.empty();
        }
        org.bouncycastle.crypto.params.ECPublicKeyParameters key;
        try {
            key = ChipAuthCrypto.chipKey(chipStaticKey);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!key.getParameters().getCurve().equals(ec.curve.getCurve())
                || !key.getParameters().getN().equals(ec.order())) {
            return Optional.empty();
        }
        Element staticKey;
        try {
            staticKey = ec.decode(key.getQ().getEncoded(false));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(staticKey.times(ca).equals(chipMapKey));
        } catch (IllegalArgumentException e) {
            return Optional.of(false);
        }
    }

    /** The CBC IV of PACE-CAM is E(KS_enc, -1): the SM IV function applied to a counter of all ones. */
    private static byte[] allOnes() {
        byte[] ones = new byte[16];
        Arrays.fill(ones, (byte) 0xFF);
        return ones;
    }

    /** The content octets of an OID (without tag and length), as MSE:SET AT and the key data object carry it. */
    public static byte[] oidContent(String oid) {
        try {
            byte[] der = new ASN1ObjectIdentifier(oid).getEncoded(ASN1Encoding.DER);
            return Arrays.copyOfRange(der, 2, der.length); // OIDs used here are shorter than 128 bytes
        } catch (IOException e) {
            throw new IllegalStateException("OID " + oid + " cannot be encoded", e);
        }
    }

    /** An EF.CardAccess offering one PACEInfo (9303-11 §9.2.1), as the emulator presents it when none is given. */
    public static byte[] cardAccess(Parameters p) {
        return new CardAccess(List.of(paceInfo(p))).encode();
    }

    /** The PACEInfo announcing these parameters (version 2, standardized parameter id). */
    public static SecurityInfo.PaceInfo paceInfo(Parameters p) {
        return new SecurityInfo.PaceInfo(new ASN1ObjectIdentifier(p.oid()), 2, Optional.of(p.parameterId()));
    }

    private static byte[] cbc(Cipher cipher, byte[] key, byte[] data) {
        CBCModeCipher cbc = CBCBlockCipher.newInstance(cipher.engine());
        int block = cbc.getBlockSize();
        cbc.init(true, new ParametersWithIV(new KeyParameter(key), new byte[block]));
        byte[] out = new byte[data.length];
        for (int i = 0; i < data.length; i += block) {
            cbc.processBlock(data, i, out, i);
        }
        return out;
    }

    static byte[] fixed(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }

    private static byte[] hex(String s) {
        return org.bouncycastle.util.encoders.Hex.decode(s);
    }
}
