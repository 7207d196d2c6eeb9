package org.openegate.crypto.chip.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The cryptography of Basic Access Control (9303-11 §4.3, worked example in Appendix D), shared by the reader and
 * the emulated chip: key seed, the 40-byte authentication cryptograms, and the session that follows.
 */
public final class BacCrypto {

    /** Length of RND.IC and RND.IFD. */
    public static final int NONCE_LENGTH = 8;
    /** Length of K.IFD and K.IC. */
    public static final int KEY_MATERIAL_LENGTH = 16;
    /** E (32 bytes) || M (8 bytes). */
    public static final int CRYPTOGRAM_LENGTH = 40;

    private BacCrypto() {
    }

    /**
     * K_seed = first 16 bytes of SHA-1(MRZ_information) (9303-11 §4.3.2, Appendix D.2), where MRZ_information is
     * document number + check digit + date of birth + check digit + date of expiry + check digit.
     */
    public static byte[] keySeed(String mrzInformation) {
        return Arrays.copyOf(sha1(mrzInformation.getBytes(StandardCharsets.US_ASCII)), 16);
    }

    /** E = 3DES-CBC(K_enc, S) and M = MAC(K_mac, E), concatenated (9303-11 §4.3.3.1 and §4.3.3.2). */
    public static byte[] cryptogram(byte[] kEnc, byte[] kMac, byte[] s) {
        byte[] e = SmAlgorithm.DES3.encrypt(kEnc, new byte[8], s);
        return SecureMessaging.concat(e, SmAlgorithm.DES3.mac(kMac, e));
    }

    /** Checks M over E and decrypts E; returns S, or throws MAC_INVALID. */
    public static byte[] openCryptogram(byte[] kEnc, byte[] kMac, byte[] cryptogram) {
        if (cryptogram.length != CRYPTOGRAM_LENGTH) {
            throw new SecureMessagingException(SecureMessagingException.Reason.MALFORMED,
                    "BAC cryptogram of " + cryptogram.length + " bytes, expected " + CRYPTOGRAM_LENGTH);
        }
        byte[] e = Arrays.copyOf(cryptogram, 32);
        byte[] m = Arrays.copyOfRange(cryptogram, 32, 40);
        if (!MessageDigest.isEqual(SmAlgorithm.DES3.mac(kMac, e), m)) {
            throw new SecureMessagingException(SecureMessagingException.Reason.MAC_INVALID,
                    "MAC of the BAC cryptogram does not match");
        }
        return SmAlgorithm.DES3.decrypt(kEnc, new byte[8], e);
    }

    /**
     * The session after BAC (9303-11 §9.7.1 and §9.8.2): KS_seed = K.IFD xor K.IC, 3DES session keys derived from it,
     * and SSC = the last 4 bytes of RND.IC || the last 4 bytes of RND.IFD.
     */
    public static SecureMessaging session(byte[] kIfd, byte[] kIc, byte[] rndIc, byte[] rndIfd) {
        byte[] seed = new byte[KEY_MATERIAL_LENGTH];
        for (int i = 0; i < seed.length; i++) {
            seed[i] = (byte) (kIfd[i] ^ kIc[i]);
        }
        byte[] ssc = new byte[8];
        System.arraycopy(rndIc, 4, ssc, 0, 4);
        System.arraycopy(rndIfd, 4, ssc, 4, 4);
        return new SecureMessaging(SmAlgorithm.DES3, SmAlgorithm.DES3.deriveKey(seed, SmAlgorithm.KDF_ENC),
                SmAlgorithm.DES3.deriveKey(seed, SmAlgorithm.KDF_MAC), ssc);
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }
}
