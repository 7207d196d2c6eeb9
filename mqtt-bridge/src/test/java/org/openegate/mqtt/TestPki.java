package org.openegate.mqtt;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/** A throw-away PKI for TLS tests: a CA, a broker certificate for 127.0.0.1, a gate client certificate. */
public final class TestPki {

    public final Path caCert;
    public final Path serverCert;
    public final Path serverKey;
    public final Path clientCert;
    public final Path clientKey;

    private TestPki(Path dir) {
        this.caCert = dir.resolve("ca.pem");
        this.serverCert = dir.resolve("server.pem");
        this.serverKey = dir.resolve("server.key");
        this.clientCert = dir.resolve("client.pem");
        this.clientKey = dir.resolve("client.key");
    }

    public static TestPki create(Path dir, String caName) throws Exception {
        Files.createDirectories(dir);
        TestPki pki = new TestPki(dir);
        SecureRandom random = new SecureRandom();
        KeyPair ca = ecKey(random);
        X500Name caSubject = new X500Name("CN=" + caName);
        Instant now = Instant.now();
        X509CertificateHolder caHolder = sign(caSubject, caSubject, ca, ca, now, true, null, random);
        write(pki.caCert, "CERTIFICATE", caHolder.getEncoded());

        KeyPair server = ecKey(random);
        X509CertificateHolder serverHolder = sign(caSubject, new X500Name("CN=127.0.0.1"), server, ca, now, false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")), random);
        write(pki.serverCert, "CERTIFICATE", serverHolder.getEncoded());
        write(pki.serverKey, "PRIVATE KEY", server.getPrivate().getEncoded());

        KeyPair client = ecKey(random);
        X509CertificateHolder clientHolder = sign(caSubject, new X500Name("CN=gate-t1"), client, ca, now, false, null, random);
        write(pki.clientCert, "CERTIFICATE", clientHolder.getEncoded());
        write(pki.clientKey, "PRIVATE KEY", client.getPrivate().getEncoded());
        return pki;
    }

    private static KeyPair ecKey(SecureRandom random) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        return g.generateKeyPair();
    }

    private static X509CertificateHolder sign(X500Name issuer, X500Name subject, KeyPair subjectKey, KeyPair issuerKey,
            Instant now, boolean isCa, GeneralNames san, SecureRandom random) throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, random).abs().add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject,
                subjectKey.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        b.addExtension(Extension.keyUsage, true, isCa ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
        if (san != null) {
            b.addExtension(Extension.subjectAlternativeName, false, san);
        }
        return b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate()));
    }

    private static void write(Path file, String type, byte[] der) throws Exception {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(new PemObject(type, der));
        }
        Files.writeString(file, w.toString(), StandardCharsets.US_ASCII);
    }
}
