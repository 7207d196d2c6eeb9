package org.openegate.gate.enrol;

import java.io.ByteArrayInputStream;
import org.openegate.provisioning.enrol.EnrolmentException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.openegate.provisioning.enrol.EnrolmentException.Reason;
import org.openegate.provisioning.enrol.Credentials;

/**
 * What the factory (or the installer) puts on a gate before its first start: the claim certificate and key, the
 * fleet CA, and perhaps a one-time token; plus the passphrase the device key is encrypted under. Errors name the
 * file and what was expected, never the content.
 */
final class FactoryFiles {

    /** Registry tokens: {@code egt_<12 hex id>_<32 hex secret>} (provisioning/docs/enrolment.md). */
    private static final Pattern TOKEN = Pattern.compile("egt_[0-9a-f]{12}_[0-9a-f]{32}");
    private static final int MAX_FILE_BYTES = 64 * 1024;
    private static final int PASSPHRASE_BYTES = 32;

    private FactoryFiles() {
    }

    static X509Certificate certificate(Path file) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(bounded(file)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new EnrolmentException(Reason.BAD_CONFIGURATION, file + " does not hold an X.509 certificate: "
                    + e.getMessage(), e);
        }
    }

    /** The claim's key: an unencrypted PKCS#8 (or SEC1) PEM, as the factory installs it next to its certificate. */
    static Credentials claim(Path certificate, Path key) {
        X509Certificate cert = certificate(certificate);
        PrivateKey privateKey;
        try (PEMParser parser = new PEMParser(new StringReader(new String(bounded(key), StandardCharsets.US_ASCII)))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                privateKey = converter.getPrivateKey(info);
            } else if (object instanceof PEMKeyPair pair) {
                privateKey = converter.getKeyPair(pair).getPrivate();
            } else {
                throw new EnrolmentException(Reason.BAD_CONFIGURATION, key + " does not hold an unencrypted private key"
                        + " PEM (found " + (object == null ? "nothing" : object.getClass().getSimpleName()) + ")");
            }
        } catch (IOException e) {
            throw new EnrolmentException(Reason.BAD_CONFIGURATION, "cannot read the claim key " + key + ": "
                    + e.getClass().getSimpleName(), e);
        }
        return new Credentials(privateKey, cert);
    }

    /**
     * The one-time token, if the file is there. Its content is checked against the token format but never echoed:
     * a wrong file is named with its length only.
     */
    static Optional<String> token(Optional<Path> file) {
        if (file.isEmpty() || !Files.exists(file.get())) {
            return Optional.empty();
        }
        String token = new String(bounded(file.get()), StandardCharsets.US_ASCII).strip();
        if (!TOKEN.matcher(token).matches()) {
            throw new EnrolmentException(Reason.BAD_CONFIGURATION, "the token file " + file.get() + " does not hold a"
                    + " token egt_<12 hex>_<32 hex> (" + token.length() + " characters, content not shown)");
        }
        return Optional.of(token);
    }

    /**
     * The device key's passphrase, made once (32 random bytes, base64, 0600) if the file does not exist yet: the
     * key file alone then reveals nothing, and the secret can sit on another medium.
     */
    static char[] passphrase(Path file, SecureRandom random) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] secret = new byte[PASSPHRASE_BYTES];
                random.nextBytes(secret);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, Base64.getEncoder().encodeToString(secret), StandardCharsets.US_ASCII);
            }
            char[] passphrase = new String(bounded(file), StandardCharsets.US_ASCII).strip().toCharArray();
            if (passphrase.length < 16) {
                throw new EnrolmentException(Reason.BAD_CONFIGURATION, "the key passphrase in " + file + " has "
                        + passphrase.length + " characters; at least 16 are needed");
            }
            return passphrase;
        } catch (IOException e) {
            throw new EnrolmentException(Reason.STORAGE, "cannot make or read the key passphrase file " + file
                    + ": " + e.getMessage(), e);
        }
    }

    private static byte[] bounded(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new EnrolmentException(Reason.BAD_CONFIGURATION, file + " has " + size + " bytes; at most "
                        + MAX_FILE_BYTES + " expected");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new EnrolmentException(Reason.BAD_CONFIGURATION, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
