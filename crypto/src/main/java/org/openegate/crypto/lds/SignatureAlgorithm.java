package org.openegate.crypto.lds;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.bsi.BSIObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import java.util.Optional;

/**
 * The signature algorithms found in SODs and CSCA/DS certificates (9303-12 §7.1). Some issuers put a bare key
 * algorithm (rsaEncryption, id-ecPublicKey) in the SignerInfo; the hash then comes from the SignerInfo digest
 * algorithm, which is why {@link #digest()} may be empty.
 */
public enum SignatureAlgorithm {
    RSA_PKCS1(PKCSObjectIdentifiers.rsaEncryption, null, Family.RSA_PKCS1),
    SHA1_WITH_RSA(PKCSObjectIdentifiers.sha1WithRSAEncryption, DigestAlgorithm.SHA1, Family.RSA_PKCS1),
    SHA224_WITH_RSA(PKCSObjectIdentifiers.sha224WithRSAEncryption, DigestAlgorithm.SHA224, Family.RSA_PKCS1),
    SHA256_WITH_RSA(PKCSObjectIdentifiers.sha256WithRSAEncryption, DigestAlgorithm.SHA256, Family.RSA_PKCS1),
    SHA384_WITH_RSA(PKCSObjectIdentifiers.sha384WithRSAEncryption, DigestAlgorithm.SHA384, Family.RSA_PKCS1),
    SHA512_WITH_RSA(PKCSObjectIdentifiers.sha512WithRSAEncryption, DigestAlgorithm.SHA512, Family.RSA_PKCS1),
    /** RSASSA-PSS; hash, MGF and salt length come from the algorithm parameters (RFC 4055 §3.1). */
    RSASSA_PSS(PKCSObjectIdentifiers.id_RSASSA_PSS, null, Family.RSA_PSS),
    ECDSA(X9ObjectIdentifiers.id_ecPublicKey, null, Family.ECDSA),
    ECDSA_SHA1(X9ObjectIdentifiers.ecdsa_with_SHA1, DigestAlgorithm.SHA1, Family.ECDSA),
    ECDSA_SHA224(X9ObjectIdentifiers.ecdsa_with_SHA224, DigestAlgorithm.SHA224, Family.ECDSA),
    ECDSA_SHA256(X9ObjectIdentifiers.ecdsa_with_SHA256, DigestAlgorithm.SHA256, Family.ECDSA),
    ECDSA_SHA384(X9ObjectIdentifiers.ecdsa_with_SHA384, DigestAlgorithm.SHA384, Family.ECDSA),
    ECDSA_SHA512(X9ObjectIdentifiers.ecdsa_with_SHA512, DigestAlgorithm.SHA512, Family.ECDSA),
    /** BSI TR-03111 §5.2.1 plain (r || s) ECDSA signatures. */
    ECDSA_PLAIN_SHA1(BSIObjectIdentifiers.ecdsa_plain_SHA1, DigestAlgorithm.SHA1, Family.ECDSA_PLAIN),
    ECDSA_PLAIN_SHA224(BSIObjectIdentifiers.ecdsa_plain_SHA224, DigestAlgorithm.SHA224, Family.ECDSA_PLAIN),
    ECDSA_PLAIN_SHA256(BSIObjectIdentifiers.ecdsa_plain_SHA256, DigestAlgorithm.SHA256, Family.ECDSA_PLAIN),
    ECDSA_PLAIN_SHA384(BSIObjectIdentifiers.ecdsa_plain_SHA384, DigestAlgorithm.SHA384, Family.ECDSA_PLAIN),
    ECDSA_PLAIN_SHA512(BSIObjectIdentifiers.ecdsa_plain_SHA512, DigestAlgorithm.SHA512, Family.ECDSA_PLAIN);

    /** How the signature value is formed. */
    public enum Family { RSA_PKCS1, RSA_PSS, ECDSA, ECDSA_PLAIN }

    private final ASN1ObjectIdentifier oid;
    private final DigestAlgorithm digest;
    private final Family family;

    SignatureAlgorithm(ASN1ObjectIdentifier oid, DigestAlgorithm digest, Family family) {
        this.oid = oid;
        this.digest = digest;
        this.family = family;
    }

    public ASN1ObjectIdentifier oid() {
        return oid;
    }

    /** The hash the OID fixes; empty for bare key OIDs and for PSS (whose hash is in the parameters). */
    public Optional<DigestAlgorithm> digest() {
        return Optional.ofNullable(digest);
    }

    public Family family() {
        return family;
    }

    public static Optional<SignatureAlgorithm> fromOid(ASN1ObjectIdentifier oid) {
        for (SignatureAlgorithm algorithm : values()) {
            if (algorithm.oid.equals(oid)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}
