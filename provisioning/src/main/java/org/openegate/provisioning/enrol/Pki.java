package org.openegate.provisioning.enrol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Certificate machinery of the fleet: key generation, issuing, CRLs and PEM files. Every certificate is EC P-256
 * with ECDSA/SHA-256 (RFC 5480, RFC 5758 §3.2), the one profile Mosquitto, Java and OpenSSL all accept.
 */
final class Pki {

    enum Profile {
        /** The fleet CA: RFC 5280 §4.2.1.9 basicConstraints cA with pathLen 0 — it issues end entities only. */
        CA,
        /** Signs bundles and commands; not for TLS. */
        OPERATOR,
        /** A gate, a claim or the registrar: a TLS client. */
        CLIENT,
        /** The broker: a TLS server named by its subjectAltNames (RFC 6125). */
        SERVER
    }

    private Pki() {
    }

    static KeyPair newKey(SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    /** A positive 127-bit serial: RFC 5280 §4.1.2.2 allows up to 20 octets and asks for unpredictable values. */
    static BigInteger newSerial(SecureRandom random) {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }

    static X509Certificate issue(X500Name subject, PublicKey subjectKey, X509Certificate issuerCert, PrivateKey issuerKey,
            Instant notBefore, Instant notAfter, Profile profile, List<GeneralName> altNames, SecureRandom random)
            throws GeneralSecurityException {
        X500Name issuer = issuerCert == null ? subject : X500Name.getInstance(issuerCert.getSubjectX500Principal().getEncoded());
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, newSerial(random),
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
            if (issuerCert != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(issuerCert.getPublicKey()));
            }
            switch (profile) {
                case CA -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                }
                case OPERATOR -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                }
                case CLIENT -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
                    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                }
                case SERVER -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    builder.addExtension(Extension.keyUsage, true,
                            new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
                    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                }
            }
            if (altNames != null && !altNames.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(altNames.toArray(new GeneralName[0])));
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer(issuerKey)));
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot encode the certificate for " + subject, e);
        }
    }

    /**
     * A CRL (RFC 5280 §5) of the given serials, each with its reasonCode entry extension (§5.3.1):
     * cessationOfOperation for a revoked device, superseded for a certificate a rotation replaced.
     */
    static X509CRL crl(X509Certificate ca, PrivateKey caKey, java.util.Map<BigInteger, Registry.RevocationReason> revoked,
            Instant thisUpdate, Instant nextUpdate, BigInteger number) throws GeneralSecurityException {
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(
                    X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            for (java.util.Map.Entry<BigInteger, Registry.RevocationReason> entry : revoked.entrySet()) {
                int reason = switch (entry.getValue()) {
                    case CESSATION_OF_OPERATION -> CRLReason.cessationOfOperation;
                    case SUPERSEDED -> CRLReason.superseded;
                };
                builder.addCRLEntry(entry.getKey(), Date.from(thisUpdate), reason);
            }
            builder.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.getPublicKey()));
            return new JcaX509CRLConverter().getCRL(builder.build(signer(caKey)));
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot encode the CRL", e);
        }
    }

    private static ContentSigner signer(PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaContentSignerBuilder("SHA256withECDSA").build(key);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with the issuer key", e);
        }
    }

    /** True for an EC key on P-256 (the only curve the fleet issues for). */
    static boolean isP256(PublicKey key) {
        return key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256
                && ec.getParams().getOrder().equals(new BigInteger(
                "FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16));
    }

    static X509Certificate certificate(byte[] der) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    static String pem(String type, byte[] der) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new IllegalStateException("writing PEM to memory failed", e);
        }
        return text.toString();
    }

    static void writeCertificate(Path file, X509Certificate certificate) throws IOException, GeneralSecurityException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, ".cert", ".tmp");
        Files.writeString(temporary, pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Reads every certificate of a PEM file; a file without one is refused, naming the file. */
    static List<X509Certificate> readCertificates(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<X509Certificate> out = new ArrayList<>();
        String begin = "-----BEGIN CERTIFICATE-----";
        String end = "-----END CERTIFICATE-----";
        int from = 0;
        while (true) {
            int b = text.indexOf(begin, from);
            if (b < 0) {
                break;
            }
            int e = text.indexOf(end, b);
            if (e < 0) {
                throw new GeneralSecurityException(file + ": certificate at offset " + b + " has no END line");
            }
            out.add(certificate(Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e))));
            from = e + end.length();
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException(file + " holds no PEM certificate");
        }
        return out;
    }

    static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        return readCertificates(file).get(0);
    }
}
