package org.openegate.provisioning;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Private keys at rest: encrypted PKCS#8 PEM (PBES2, AES-256-CBC) written atomically with owner-only (0600)
 * permissions, and any other file that must stay private (a broker's key) written the same way. One place, so the
 * device key, the fleet CA key and the operator key are all stored alike.
 */
public final class KeyFiles {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private KeyFiles() {
    }

    /** Writes {@code key} encrypted under {@code passphrase}, atomically, 0600. */
    public static void writeEncrypted(Path file, PrivateKey key, char[] passphrase, SecureRandom random)
            throws IOException {
        try {
            PKCS8Generator generator = new PKCS8Generator(PrivateKeyInfo.getInstance(key.getEncoded()),
                    new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(BC)
                            .setRandom(random).setPassword(passphrase).build());
            StringWriter text = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
                writer.writeObject(generator.generate());
            }
            writePrivate(file, text.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (OperatorCreationException e) {
            throw new IOException("cannot set up PKCS#8 encryption", e);
        }
    }

    /** Reads a key written by {@link #writeEncrypted}; a wrong passphrase or an altered file fails, naming the file. */
    public static PrivateKey readEncrypted(Path file, char[] passphrase) throws IOException, GeneralSecurityException {
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
            Object object = parser.readObject();
            if (!(object instanceof PKCS8EncryptedPrivateKeyInfo encrypted)) {
                throw new GeneralSecurityException(file + " does not hold an encrypted PKCS#8 key");
            }
            PrivateKeyInfo info = encrypted.decryptPrivateKeyInfo(
                    new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(passphrase));
            PrivateKey key = new JcaPEMKeyConverter().setProvider(BC).getPrivateKey(info);
            // Hand out the JDK's own key class: SunEC's Signature and JSSE refuse BouncyCastle's "ECDSA" keys.
            String algorithm = "ECDSA".equals(key.getAlgorithm()) ? "EC" : key.getAlgorithm();
            return java.security.KeyFactory.getInstance(algorithm)
                    .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (OperatorCreationException | PKCSException e) {
            throw new GeneralSecurityException("cannot decrypt the key in " + file
                    + " (wrong passphrase or altered file)", e);
        }
    }

    /**
     * Writes bytes only the owner may read, atomically (temporary file in the same folder, then rename): a crash
     * never leaves a half-written or world-readable secret.
     */
    public static void writePrivate(Path file, byte[] content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, ".key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(temporary, content);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
