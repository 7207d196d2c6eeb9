package org.openegate.gate.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The device data key that encrypts personal fields at rest (AES-256-GCM, 96-bit random nonce, 128-bit tag).
 *
 * <p>The key lives in a file readable by its owner only (0600). The associated data binds each ciphertext to its
 * record, so a ciphertext copied into another row does not decrypt. A hardware-backed store (TPM, PKCS#11) can
 * replace the file later without changing callers.
 */
public final class DataKey {

    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random;

    private DataKey(byte[] key, SecureRandom random) {
        this.key = new SecretKeySpec(key, "AES");
        this.random = random;
    }

    /** Loads the key from the file, or creates it there with owner-only permissions. */
    public static DataKey loadOrCreate(Path file, SecureRandom random) throws IOException {
        if (Files.exists(file)) {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length != KEY_BYTES) {
                throw new IOException("data key " + file + " has " + bytes.length + " bytes, expected " + KEY_BYTES);
            }
            return new DataKey(bytes, random);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] bytes = new byte[KEY_BYTES];
        random.nextBytes(bytes);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
        return new DataKey(bytes, random);
    }

    /** nonce || ciphertext || tag. */
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** Decrypts what {@link #encrypt} produced; a wrong key, record or altered byte fails the tag check. */
    public byte[] decrypt(byte[] sealed, byte[] associatedData) throws GeneralSecurityException {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new GeneralSecurityException("ciphertext of " + sealed.length + " bytes is too short");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
        cipher.updateAAD(associatedData);
        return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    }

    @Override
    public String toString() {
        return "DataKey[AES-256, redacted]";
    }
}
