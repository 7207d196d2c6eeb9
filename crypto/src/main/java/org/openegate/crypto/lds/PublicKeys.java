package org.openegate.crypto.lds;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

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
            algorithm = SubjectPublicKeyInfo.getInstance(subjectPublicKeyInfo).getAlgorithm().getAlgorithm();
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
}
