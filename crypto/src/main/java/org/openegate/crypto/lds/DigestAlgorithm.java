package org.openegate.crypto.lds;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** The hash functions 9303-12 §7.1 allows in a SOD. */
public enum DigestAlgorithm {
    SHA1("SHA-1", OIWObjectIdentifiers.idSHA1),
    SHA224("SHA-224", NISTObjectIdentifiers.id_sha224),
    SHA256("SHA-256", NISTObjectIdentifiers.id_sha256),
    SHA384("SHA-384", NISTObjectIdentifiers.id_sha384),
    SHA512("SHA-512", NISTObjectIdentifiers.id_sha512);

    private final String jcaName;
    private final ASN1ObjectIdentifier oid;

    DigestAlgorithm(String jcaName, ASN1ObjectIdentifier oid) {
        this.jcaName = jcaName;
        this.oid = oid;
    }

    /** The standard name, "SHA-256". */
    public String jcaName() {
        return jcaName;
    }

    public ASN1ObjectIdentifier oid() {
        return oid;
    }

    public static Optional<DigestAlgorithm> fromOid(ASN1ObjectIdentifier oid) {
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.oid.equals(oid)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    public byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance(jcaName).digest(data);
        } catch (NoSuchAlgorithmException e) {
            // every Java 17 runtime has the SHA-1 and SHA-2 family (Java SE MessageDigest requirements)
            throw new IllegalStateException(jcaName + " missing from the Java runtime", e);
        }
    }
}
