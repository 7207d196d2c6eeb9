package org.openegate.crypto.trust;

import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;

/**
 * Certificate helpers that go through BouncyCastle, because CSCA keys with explicit EC parameters (Germany,
 * Austria, Finland, the United Kingdom, Russia ...) are refused by the JDK's providers and by OpenSSL 3.
 */
public final class Certificates {

    static final Provider BC = new BouncyCastleProvider();

    private Certificates() {
    }

    /** True if the certificate's signature verifies with the issuer's public key (RSA, RSASSA-PSS, ECDSA). */
    public static boolean verifiedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey(), BC);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            // an invalid signature, an unsupported algorithm or a key of the wrong type all mean "not issued by"
            return false;
        }
    }

    /** True if the CRL's signature verifies with the issuer's public key. */
    public static boolean verifiedBy(X509CRL crl, X509Certificate issuer) {
        try {
            crl.verify(issuer.getPublicKey(), BC);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** A DER certificate decoded by BouncyCastle. */
    public static X509Certificate decode(byte[] der) {
        try {
            X509Certificate certificate = new JcaX509CertificateConverter().setProvider(BC)
                    .getCertificate(new X509CertificateHolder(der));
            org.openegate.crypto.lds.SignedContent.requireDecodable(certificate);
            return certificate;
        } catch (java.io.IOException | GeneralSecurityException | RuntimeException e) {
            throw new TrustStoreException(TrustStoreException.Reason.MALFORMED,
                    "certificate does not decode: " + e.getMessage(), e);
        }
    }

    /** A DER CRL decoded by BouncyCastle. */
    public static X509CRL decodeCrl(byte[] der) {
        try {
            return new JcaX509CRLConverter().setProvider(BC).getCRL(new X509CRLHolder(der));
        } catch (java.io.IOException | GeneralSecurityException | RuntimeException e) {
            throw new TrustStoreException(TrustStoreException.Reason.MALFORMED,
                    "CRL does not decode: " + e.getMessage(), e);
        }
    }

    /** A certificate converted to BouncyCastle's implementation, so its key works with explicit EC parameters. */
    public static X509Certificate viaBouncyCastle(X509Certificate certificate) {
        if (certificate.getClass().getName().startsWith("org.bouncycastle")) {
            return certificate;
        }
        try {
            return decode(certificate.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new TrustStoreException(TrustStoreException.Reason.MALFORMED, e.getMessage(), e);
        }
    }
}
