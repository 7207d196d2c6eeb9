package org.openegate.mqtt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts outbox payloads at rest: crossing records carry personal data, and a gate stands in a public
 * hall where a disk can be pulled. AES-GCM (NIST SP 800-38D) with a fresh random 96-bit nonce per event
 * and the event id and stream as associated data, so a row's ciphertext cannot be moved to another row.
 * Stored form: {@code nonce(12) || ciphertext || tag(16)}. The key comes from the caller (the gate's key
 * store); this class never sees where it lives.
 */
final class PayloadSealer {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** Bytes a sealed payload has beyond the plain one: nonce and tag. */
    static final int OVERHEAD = NONCE_BYTES + TAG_BITS / 8;

    private final SecretKey key;
    private final SecureRandom random;

    private PayloadSealer(SecretKey key, SecureRandom random) {
        this.key = key;
        this.random = random;
    }

    static PayloadSealer none() {
        return new PayloadSealer(null, null);
    }

    static PayloadSealer aesGcm(SecretKey key, SecureRandom random) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(random, "random");
        if (!"AES".equalsIgnoreCase(key.getAlgorithm())) {
            throw new IllegalArgumentException("payload key must be an AES key, not " + key.getAlgorithm());
        }
        byte[] encoded = key.getEncoded();
        if (encoded != null) {
            int len = encoded.length;
            Arrays.fill(encoded, (byte) 0);
            if (len != 16 && len != 32) {
                throw new IllegalArgumentException("payload key has " + len * 8 + " bits; 128 or 256 required");
            }
        }
        return new PayloadSealer(key, random);
    }

    boolean seals() {
        return key != null;
    }

    byte[] seal(String eventId, Stream stream, byte[] plaintext) {
        if (key == null) {
            return plaintext;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad(eventId, stream));
            byte[] ct = c.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + ct.length).put(nonce).put(ct).array();
        } catch (GeneralSecurityException e) {
            throw new OutboxException(OutboxException.Reason.STORAGE,
                    "cannot encrypt event " + eventId + ": " + e.getClass().getSimpleName(), e);
        }
    }

    byte[] open(String eventId, Stream stream, byte[] stored, boolean sealed) {
        if (!sealed) {
            return stored;
        }
        if (key == null) {
            throw new OutboxException(OutboxException.Reason.UNREADABLE,
                    "event " + eventId + " is encrypted but the outbox was opened without a payload key", null);
        }
        if (stored.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new OutboxException(OutboxException.Reason.UNREADABLE,
                    "event " + eventId + " ciphertext of " + stored.length + " bytes is too short", null);
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, stored, 0, NONCE_BYTES));
            c.updateAAD(aad(eventId, stream));
            return c.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new OutboxException(OutboxException.Reason.UNREADABLE,
                    "event " + eventId + " does not decrypt (wrong payload key, or the row was altered)", e);
        }
    }

    private static byte[] aad(String eventId, Stream stream) {
        return ("egate-outbox-v1|" + eventId + "|" + stream.name()).getBytes(StandardCharsets.US_ASCII);
    }
}
