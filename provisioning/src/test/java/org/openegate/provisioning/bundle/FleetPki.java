package org.openegate.provisioning.bundle;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test fleet as {@code egate fleet init} lays it out: a fleet CA (EC P-256) and an operator signing certificate
 * it issued. Real BouncyCastle certificates, deterministic keys per seed.
 */
final class FleetPki {

    static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant NOT_AFTER = Instant.parse("2028-01-01T00:00:00Z");
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    final KeyPair caKey;
    final X509Certificate caCert;
    final KeyPair operatorKey;
    final X509Certificate operatorCert;

    private FleetPki(KeyPair caKey, X509Certificate caCert, KeyPair operatorKey, X509Certificate operatorCert) {
        this.caKey = caKey;
        this.caCert = caCert;
        this.operatorKey = operatorKey;
        this.operatorCert = operatorCert;
    }

    static FleetPki create(String name, long seed) throws Exception {
        KeyPair ca = p256(seed);
        X509Certificate caCert = certificate("CN=" + name + " Fleet CA,O=OpenEgate", "CN=" + name + " Fleet CA,O=OpenEgate",
                ca, ca, true, NOT_BEFORE, NOT_AFTER, 1);
        KeyPair op = p256(seed + 1);
        X509Certificate opCert = certificate("CN=" + name + " Fleet CA,O=OpenEgate", "CN=" + name + " Operator,O=OpenEgate",
                op, ca, false, NOT_BEFORE, NOT_AFTER, 2);
        return new FleetPki(ca, caCert, op, opCert);
    }

    /** Another operator certificate from this CA, with its own validity. */
    X509Certificate operatorValid(Instant notBefore, Instant notAfter) throws Exception {
        return certificate(caCert.getSubjectX500Principal().getName(), "CN=Short Operator,O=OpenEgate", operatorKey,
                caKey, false, notBefore, notAfter, 3);
    }

    BundleSigner signer() {
        return new BundleSigner(operatorKey.getPrivate(), operatorCert, TestClocks.SIGNING, seeded(7));
    }

    static KeyPair p256(long seed) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), seeded(seed));
        return g.generateKeyPair();
    }

    static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate certificate(String issuer, String subject, KeyPair subjectKey, KeyPair issuerKey, boolean ca,
            Instant notBefore, Instant notAfter, long serial) throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(serial),
                Date.from(notBefore), Date.from(notAfter), new X500Name(subject), subjectKey.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                : KeyUsage.digitalSignature));
        return new JcaX509CertificateConverter().setProvider(BC).getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(BC).build(issuerKey.getPrivate())));
    }
}
