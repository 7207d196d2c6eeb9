package org.openegate.crypto.testpassport;

import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * A test CSCA: its certificate and private key. Made once (for example at the demo's first start), saved, and
 * loaded again so that every test passport chains to the same CSCA. For tests and demos only: a real CSCA key
 * lives in an HSM. {@link #toString()} never shows the key.
 */
public record CscaCredentials(X509Certificate certificate, PrivateKey privateKey) {

    /** File name of the certificate inside the directory given to {@link #save} and {@link #load}. */
    public static final String CERTIFICATE_FILE = "csca.pem";
    /** File name of the PKCS#8 private key (unencrypted PEM, owner-only permissions where the file system allows). */
    public static final String KEY_FILE = "csca-key.pem";

    /** Writes {@value #CERTIFICATE_FILE} and {@value #KEY_FILE} into the directory, creating it if needed. */
    public void save(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(CERTIFICATE_FILE), pem(certificate), StandardCharsets.US_ASCII);
        Path keyFile = directory.resolve(KEY_FILE);
        Files.deleteIfExists(keyFile);
        try {
            Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(keyFile);
        }
        Files.writeString(keyFile, pem(privateKey), StandardCharsets.US_ASCII);
    }

    /** Reads what {@link #save} wrote. */
    public static CscaCredentials load(Path directory) throws IOException {
        X509Certificate cert;
        PrivateKey key;
        JcaPEMKeyConverter keyConverter = new JcaPEMKeyConverter().setProvider(new BouncyCastleProvider());
        try (Reader reader = Files.newBufferedReader(directory.resolve(CERTIFICATE_FILE), StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            if (!(object instanceof X509CertificateHolder holder)) {
                throw new IOException(directory.resolve(CERTIFICATE_FILE) + " holds no certificate");
            }
            cert = new JcaX509CertificateConverter().setProvider(new BouncyCastleProvider()).getCertificate(holder);
        } catch (CertificateException e) {
            throw new IOException(directory.resolve(CERTIFICATE_FILE) + ": " + e.getMessage(), e);
        }
        try (Reader reader = Files.newBufferedReader(directory.resolve(KEY_FILE), StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            if (object instanceof PrivateKeyInfo info) {
                key = keyConverter.getPrivateKey(info);
            } else if (object instanceof PEMKeyPair pair) {
                key = keyConverter.getKeyPair(pair).getPrivate();
            } else {
                throw new IOException(directory.resolve(KEY_FILE) + " holds no private key");
            }
        }
        return new CscaCredentials(cert, key);
    }

    static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The key is never shown. */
    @Override
    public String toString() {
        return "CscaCredentials[subject=" + certificate.getSubjectX500Principal().getName() + ", privateKey=<redacted>]";
    }
}
