package org.openegate.crypto.lds;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;

/**
 * Decodes SubjectPublicKeyInfo through a BouncyCastle KeyFactory, which accepts explicit EC domain parameters
 * (the JDK's does not). A provider instance is used explicitly: BouncyCastleProvider's static getPublicKey only
 * knows the key types once some instance has been constructed, which made EC keys decode or not depending on what
 * ran before.
 */
final class PublicKeys {

    private static final Provider BC = new BouncyCastleProvider();

    private PublicKeys() {
    }

    static PublicKey decode(byte[] subjectPublicKeyInfo, String where) {
        ASN1ObjectIdentifier algorithm;
        try {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(subjectPublicKeyInfo);
            algorithm = spki.getAlgorithm().getAlgorithm();
            if (algorithm.getId().equals(SecurityInfos.STANDARDIZED_DOMAIN_PARAMETERS)) {
                subjectPublicKeyInfo = namedCurve(spki, where);
                algorithm = X9ObjectIdentifiers.id_ecPublicKey;
            }
        } catch (LdsException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new LdsException(LdsException.Reason.BAD_CERTIFICATE,
                    where + " SubjectPublicKeyInfo does not decode: " + e.getMessage(), e);
        }
        String keyType;
        if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            keyType = "RSA";
        } else if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            keyType = "EC";
        } else if (X9ObjectIdentifiers.dhpublicnumber.equals(algorithm)
                || PKCSObjectIdentifiers.dhKeyAgreement.equals(algorithm)) {
            keyType = "DH";
        } else {
            throw new LdsException(LdsException.Reason.UNSUPPORTED_ALGORITHM,
                    where + " public key algorithm " + algorithm + " is not supported");
        }
        try {
            return KeyFactory.getInstance(keyType, BC).generatePublic(new X509EncodedKeySpec(subjectPublicKeyInfo));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new LdsException(LdsException.Reason.BAD_CERTIFICATE,
                    where + " " + keyType + " public key does not decode: " + e.getMessage(), e);
        }
    }

    /**
     * A chip key given with standardizedDomainParameters and a Table 6 id (TR-03110-3 §A.2.1.1, as in a German
     * EF.CardSecurity) rewritten as an ordinary id-ecPublicKey on the named curve, the point unchanged.
     */
    private static byte[] namedCurve(SubjectPublicKeyInfo spki, String where) {
        ASN1Encodable parameters = spki.getAlgorithm().getParameters();
        if (!(parameters instanceof ASN1Integer id) || id.getValue().bitLength() > 8) {
            throw new LdsException(LdsException.Reason.BAD_VALUE,
                    where + " standardizedDomainParameters without a domain parameter id");
        }
        int parameterId = id.getValue().intValue();
        String curve = SecurityInfos.standardizedCurve(parameterId).orElseThrow(() -> new LdsException(
                LdsException.Reason.UNSUPPORTED_ALGORITHM,
                where + " standardized domain parameter id " + parameterId + " is not an elliptic curve"));
        try {
            return new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                    ECNamedCurveTable.getOID(curve)), spki.getPublicKeyData()).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new LdsException(LdsException.Reason.BAD_CERTIFICATE, where + " key does not re-encode", e);
        }
    }
}
