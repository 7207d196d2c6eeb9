package org.openegate.crypto.chip.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.Mac;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.macs.ISO9797Alg3Mac;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.CBCModeCipher;
import org.bouncycastle.crypto.paddings.ISO7816d4Padding;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The two secure-messaging cipher suites of 9303-11 §9.8: 3DES (BAC, PACE with 3DES) and AES (PACE, CA with AES).
 * Each fixes the block size (which is also the send-sequence-counter length), the encryption, the MAC and the key
 * derivation. Adding AES-SM needed no change to {@link SecureMessaging}: that is the point of this enum.
 */
public enum SmAlgorithm {
    /** 2-key 3DES in CBC mode with a zero IV; ISO/IEC 9797-1 MAC algorithm 3 with DES, padding method 2. */
    DES3(8) {
        @Override
        byte[] iv(byte[] kEnc, byte[] ssc) {
            return new byte[8]; // 9303-11 §9.8.6.1: IV = 0 for 3DES
        }

        @Override
        BlockCipher engine() {
            return new DESedeEngine();
        }

        @Override
        public byte[] mac(byte[] kMac, byte[] data) {
            Mac mac = new ISO9797Alg3Mac(new DESEngine(), new ISO7816d4Padding());
            return run(mac, kMac, data);
        }

        @Override
        public byte[] deriveKey(byte[] seed, int counter) {
            // 9303-11 §9.7.1: first 16 bytes of SHA-1(seed || c), then DES parity on each byte
            byte[] key = Arrays.copyOf(sha1(seed, counter), 16);
            for (int i = 0; i < key.length; i++) {
                int b = key[i] & 0xFE;
                key[i] = (byte) (b | ((Integer.bitCount(b) & 1) == 0 ? 1 : 0));
            }
            return key;
        }
    },
    /** AES in CBC mode, IV = E(KSenc, SSC); AES-CMAC truncated to 8 bytes (9303-11 §9.8.6.2). */
    AES(16) {
        @Override
        byte[] iv(byte[] kEnc, byte[] ssc) {
            AESEngine engine = new AESEngine();
            engine.init(true, new KeyParameter(kEnc));
            byte[] iv = new byte[16];
            engine.processBlock(ssc, 0, iv, 0);
            return iv;
        }

        @Override
        BlockCipher engine() {
            return new AESEngine();
        }

        @Override
        public byte[] mac(byte[] kMac, byte[] data) {
            byte[] full = run(new CMac(new AESEngine()), kMac, padded(data, 16));
            return Arrays.copyOf(full, 8);
        }

        @Override
        public byte[] deriveKey(byte[] seed, int counter) {
            return deriveKey(seed, counter, 16);
        }

        @Override
        public byte[] deriveKey(byte[] seed, int counter, int keyLength) {
            // 9303-11 §9.7.1: AES-128 takes the first 16 bytes of SHA-1(seed || c), AES-192 and AES-256 the first
            // 24 or 32 bytes of SHA-256(seed || c).
            return switch (keyLength) {
                case 16 -> Arrays.copyOf(digest("SHA-1", seed, counter), 16);
                case 24, 32 -> Arrays.copyOf(digest("SHA-256", seed, counter), keyLength);
                default -> throw new IllegalArgumentException("AES keys are 16, 24 or 32 bytes, not " + keyLength);
            };
        }
    };

    /** KDF counter for the encryption key (9303-11 §9.7.1). */
    public static final int KDF_ENC = 1;
    /** KDF counter for the MAC key. */
    public static final int KDF_MAC = 2;

    private final int blockSize;

    SmAlgorithm(int blockSize) {
        this.blockSize = blockSize;
    }

    /** Cipher block size in bytes; also the length of the send sequence counter. */
    public int blockSize() {
        return blockSize;
    }

    abstract byte[] iv(byte[] kEnc, byte[] ssc);

    abstract BlockCipher engine();

    /** The 8-byte MAC over data; the MAC applies padding method 2 itself. */
    public abstract byte[] mac(byte[] kMac, byte[] data);

    /** KDF(seed, counter) of 9303-11 §9.7.1 for this cipher. */
    public abstract byte[] deriveKey(byte[] seed, int counter);

    /** CBC with an explicit IV (PACE nonce encryption uses IV = 0 even with AES). */
    public byte[] encryptWithIv(byte[] key, byte[] iv, byte[] data) {
        return cbc(true, key, iv, data);
    }

    public byte[] decryptWithIv(byte[] key, byte[] iv, byte[] data) {
        return cbc(false, key, iv, data);
    }

    /** CBC-encrypts data whose length is already a block multiple. */
    public byte[] encrypt(byte[] kEnc, byte[] ssc, byte[] data) {
        return cbc(true, kEnc, iv(kEnc, ssc), data);
    }

    /** CBC-decrypts data; the caller has checked it is a block multiple. */
    public byte[] decrypt(byte[] kEnc, byte[] ssc, byte[] data) {
        return cbc(false, kEnc, iv(kEnc, ssc), data);
    }

    private byte[] cbc(boolean encrypt, byte[] key, byte[] iv, byte[] data) {
        if (data.length % blockSize != 0) {
            throw new SecureMessagingException(SecureMessagingException.Reason.MALFORMED,
                    "ciphertext of " + data.length + " bytes is not a multiple of " + blockSize);
        }
        CBCModeCipher cipher = CBCBlockCipher.newInstance(engine());
        cipher.init(encrypt, new ParametersWithIV(new KeyParameter(key), iv));
        byte[] out = new byte[data.length];
        for (int i = 0; i < data.length; i += blockSize) {
            cipher.processBlock(data, i, out, i);
        }
        return out;
    }

    /** ISO/IEC 9797-1 padding method 2: 0x80 then zeros up to a block multiple (always adds at least one byte). */
    public static byte[] padded(byte[] data, int blockSize) {
        byte[] out = Arrays.copyOf(data, (data.length / blockSize + 1) * blockSize);
        out[data.length] = (byte) 0x80;
        return out;
    }

    /** Removes padding method 2, refusing anything else. */
    public static byte[] unpadded(byte[] data) {
        int i = data.length - 1;
        while (i >= 0 && data[i] == 0) {
            i--;
        }
        if (i < 0 || (data[i] & 0xFF) != 0x80) {
            throw new SecureMessagingException(SecureMessagingException.Reason.PADDING_INVALID,
                    "decrypted data of " + data.length + " bytes does not end in 80 00..00");
        }
        return Arrays.copyOf(data, i);
    }

    private static byte[] run(Mac mac, byte[] key, byte[] data) {
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }

    /**
     * The key of {@code keyLength} bytes this suite derives (9303-11 §9.7.1); 3DES keys are always 16 bytes.
     *
     * @throws IllegalArgumentException for a length the suite does not have
     */
    public byte[] deriveKey(byte[] seed, int counter, int keyLength) {
        if (keyLength != 16) {
            throw new IllegalArgumentException(this + " keys are 16 bytes, not " + keyLength);
        }
        return deriveKey(seed, counter);
    }

    static byte[] sha1(byte[] seed, int counter) {
        return digest("SHA-1", seed, counter);
    }

    /** H(seed || c), c a 32-bit big-endian counter (9303-11 §9.7.1). */
    private static byte[] digest(String hash, byte[] seed, int counter) {
        try {
            MessageDigest md = MessageDigest.getInstance(hash);
            md.update(seed);
            md.update(new byte[] {(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8),
                (byte) counter});
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(hash + " is required of every Java platform", e);
        }
    }
}
