package org.openegate.provisioning.enrol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import org.openegate.provisioning.DeviceIdentity;

/**
 * Where the device key lives. Today an encrypted PKCS#8 file ({@link #encryptedFile}); a PKCS#11 token or a TPM
 * implements the same three methods later (its {@code store} generates inside the token, {@code files} is empty
 * and the wipe destroys the token object instead).
 */
public interface KeyStorage {

    /** The stored key, or empty if none was stored yet. */
    Optional<DeviceIdentity> load() throws IOException, GeneralSecurityException;

    /** Stores (replaces) the key. */
    void store(DeviceIdentity identity) throws IOException;

    /** The files that hold key material, for {@link DeviceWipe}. */
    List<Path> files();

    /** An encrypted PKCS#8 file, 0600 ({@link DeviceIdentity#store}). */
    static KeyStorage encryptedFile(Path file, char[] passphrase, SecureRandom random) {
        char[] secret = passphrase.clone();
        return new KeyStorage() {
            @Override
            public Optional<DeviceIdentity> load() throws IOException, GeneralSecurityException {
                return Files.exists(file) ? Optional.of(DeviceIdentity.load(file, secret)) : Optional.empty();
            }

            @Override
            public void store(DeviceIdentity identity) throws IOException {
                identity.store(file, secret, random);
            }

            @Override
            public List<Path> files() {
                return List.of(file);
            }

            @Override
            public String toString() {
                return "KeyStorage[encrypted " + file + "]";
            }
        };
    }
}
