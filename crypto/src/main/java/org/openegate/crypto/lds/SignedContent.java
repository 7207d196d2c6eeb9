package org.openegate.crypto.lds;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.io.IOException;
import java.math.BigInteger;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A decoded CMS SignedData (RFC 5652 §5) with one signer and encapsulated content, as used by the SOD
 * (9303-10 §4.6.2) and CSCA master lists (9303-12 §8). Decoding only; verification is done by callers with
 * {@link Signatures}.
 *
 * <p>BouncyCastle's ASN.1 layer reads the CMS because real SODs use BER (indefinite lengths, as in a New Zealand
 * SOD), which the LDS TLV codec deliberately refuses. The signer is not matched to a certificate here: real SODs
 * carry a SignerInfo issuer whose RDN order differs from the certificate's (a Malaysian SOD), so matching is the
 * verifier's job.
 */
public final class SignedContent {

    private static final Provider BC = new BouncyCastleProvider();

    private ASN1ObjectIdentifier contentType;
    private byte[] content;
    private final List<X509Certificate> certificates = new ArrayList<>();
    private X500Name signerIssuer;
    private BigInteger signerSerial;
    private byte[] signerKeyId;
    private AlgorithmIdentifier signerDigestAlgorithm;
    private byte[] signedAttributes;
    private byte[] signedAttributesDer;
    private ASN1ObjectIdentifier contentTypeAttribute;
    private byte[] messageDigest;
    private Instant signingTime;
    private AlgorithmIdentifier signatureAlgorithm;
    private byte[] signature;

    private SignedContent() {
    }

    /**
     * Decodes a ContentInfo holding SignedData. At most {@code maxCertificates} certificates are accepted, to bound
     * the work on hostile input; a master list needs hundreds, a SOD one.
     */
    public static SignedContent parse(byte[] contentInfo, int maxCertificates) {
        SignedContent parsed = new SignedContent();
        try {
            parsed.decode(contentInfo, maxCertificates);
        } catch (LdsException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // BouncyCastle signals malformed ASN.1 with IOException, IllegalArgumentException,
            // IllegalStateException or ClassCastException; all mean the same to a caller.
            throw new LdsException(LdsException.Reason.MALFORMED_CMS,
                    "CMS SignedData: " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
        return parsed;
    }

    private void decode(byte[] der, int maxCertificates) throws IOException {
        ContentInfo contentInfo = ContentInfo.getInstance(readSingle(der, "ContentInfo"));
        if (!CMSObjectIdentifiers.signedData.equals(contentInfo.getContentType())) {
            throw new LdsException(LdsException.Reason.WRONG_CONTENT_TYPE,
                    "ContentInfo type is " + contentInfo.getContentType() + ", not signedData");
        }
        SignedData signedData = SignedData.getInstance(contentInfo.getContent());
        ContentInfo encap = signedData.getEncapContentInfo();
        contentType = encap.getContentType();
        if (encap.getContent() == null) {
            throw new LdsException(LdsException.Reason.MISSING_ELEMENT, "SignedData has no eContent (detached)");
        }
        content = ASN1OctetString.getInstance(encap.getContent()).getOctets();
        if (signedData.getCertificates() != null) {
            ASN1Set certs = signedData.getCertificates();
            if (certs.size() > maxCertificates) {
                throw new LdsException(LdsException.Reason.TOO_MANY_ELEMENTS,
                        "SignedData holds " + certs.size() + " certificates, at most " + maxCertificates + " allowed");
            }
            for (ASN1Encodable cert : certs) {
                if (cert.toASN1Primitive() instanceof ASN1Sequence seq) {
                    certificates.add(certificate(seq));
                }
            }
        }
        ASN1Set signerInfos = signedData.getSignerInfos();
        if (signerInfos.size() != 1) {
            // 9303-10 §4.6.2.2 and 9303-12 §8.2: exactly one SignerInfo
            throw new LdsException(LdsException.Reason.BAD_VALUE,
                    "SignedData has " + signerInfos.size() + " SignerInfos, expected 1");
        }
        SignerInfo signerInfo = SignerInfo.getInstance(signerInfos.getObjectAt(0));
        SignerIdentifier sid = signerInfo.getSID();
        if (sid.isTagged()) {
            // SignerIdentifier.getId() already unwraps [0] subjectKeyIdentifier to the OCTET STRING
            signerKeyId = ASN1OctetString.getInstance(sid.getId()).getOctets();
        } else {
            IssuerAndSerialNumber iasn = IssuerAndSerialNumber.getInstance(sid.getId());
            signerIssuer = iasn.getName();
            signerSerial = iasn.getSerialNumber().getValue();
            // X500Name decodes its RDNs lazily; decode now so a malformed name is refused here, not while matching
            DistinguishedNames.normalise(signerIssuer);
        }
        signerDigestAlgorithm = signerInfo.getDigestAlgorithm();
        signatureAlgorithm = signerInfo.getDigestEncryptionAlgorithm();
        signature = signerInfo.getEncryptedDigest().getOctets();
        ASN1Set attrs = signerInfo.getAuthenticatedAttributes();
        if (attrs == null) {
            throw new LdsException(LdsException.Reason.MISSING_ELEMENT,
                    "SignerInfo has no signed attributes (9303-10 §4.6.2.2 requires them)");
        }
        // RFC 5652 §5.4: the signature covers the DER SET OF. Keep the order as encoded (what the signer signed)
        // and the sorted DER form, for signers that sorted only when signing.
        signedAttributes = attrs.getEncoded(ASN1Encoding.DL);
        signedAttributesDer = attrs.getEncoded(ASN1Encoding.DER);
        for (ASN1Encodable element : attrs) {
            Attribute attribute = Attribute.getInstance(element);
            ASN1Set values = attribute.getAttrValues();
            if (values.size() != 1) {
                continue;
            }
            ASN1Encodable value = values.getObjectAt(0);
            if (CMSAttributes.contentType.equals(attribute.getAttrType())) {
                contentTypeAttribute = ASN1ObjectIdentifier.getInstance(value);
            } else if (CMSAttributes.messageDigest.equals(attribute.getAttrType())) {
                messageDigest = ASN1OctetString.getInstance(value).getOctets();
            } else if (CMSAttributes.signingTime.equals(attribute.getAttrType())) {
                signingTime = Time.getInstance(value).getDate().toInstant();
            }
        }
    }

    static ASN1Primitive readSingle(byte[] der, String what) throws IOException {
        try (ASN1InputStream in = new ASN1InputStream(der)) {
            ASN1Primitive object = in.readObject();
            if (object == null) {
                throw new LdsException(LdsException.Reason.MALFORMED_CMS, what + " is empty");
            }
            return object;
        }
    }

    private static X509Certificate certificate(ASN1Sequence seq) {
        try {
            X509CertificateHolder holder = new X509CertificateHolder(seq.getEncoded(ASN1Encoding.DER));
            X509Certificate certificate = new JcaX509CertificateConverter().setProvider(BC).getCertificate(holder);
            requireDecodable(certificate);
            return certificate;
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new LdsException(LdsException.Reason.BAD_CERTIFICATE,
                    "embedded certificate does not decode: " + e.getMessage(), e);
        }
    }

    /**
     * Touches every part of a certificate the verifier reads. Certificate objects decode names, extensions and keys
     * lazily, so a malformed one would otherwise fail later, inside a check, with an unrelated exception.
     *
     * @throws RuntimeException (IllegalArgumentException, IllegalStateException, ...) if any part does not decode
     */
    public static void requireDecodable(X509Certificate certificate) {
        DistinguishedNames.normalise(certificate.getSubjectX500Principal());
        DistinguishedNames.normalise(certificate.getIssuerX500Principal());
        certificate.getSerialNumber();
        certificate.getNotBefore();
        certificate.getNotAfter();
        certificate.getKeyUsage();
        subjectKeyIdentifier(certificate);
        authorityKeyIdentifier(certificate);
        // explicit EC parameters are checked only when the key is first asked for: a generator off the curve threw
        // IllegalArgumentException from a CardSecurity signature check (found by CardSecurityFuzzTest)
        certificate.getPublicKey();
    }

    /** The eContentType. */
    public ASN1ObjectIdentifier contentType() {
        return contentType;
    }

    /** The eContent octets, which the messageDigest attribute hashes. */
    public byte[] content() {
        return content.clone();
    }

    /** The certificates carried in the SignedData (decoded by BouncyCastle, so explicit EC parameters work). */
    public List<X509Certificate> certificates() {
        return List.copyOf(certificates);
    }

    /** The SignerInfo's issuer, when the signer is identified by issuer and serial number. */
    public Optional<X500Name> signerIssuer() {
        return Optional.ofNullable(signerIssuer);
    }

    public Optional<BigInteger> signerSerialNumber() {
        return Optional.ofNullable(signerSerial);
    }

    /** The SignerInfo's subject key identifier, when the signer is identified by it. */
    public Optional<byte[]> signerKeyIdentifier() {
        return Optional.ofNullable(signerKeyId).map(byte[]::clone);
    }

    /** The SignerInfo digestAlgorithm, which hashes eContent for the messageDigest attribute. */
    public AlgorithmIdentifier signerDigestAlgorithm() {
        return signerDigestAlgorithm;
    }

    /** The signed attributes with tag 31, in the order encoded (the bytes the signer normally signed). */
    public byte[] signedAttributes() {
        return signedAttributes.clone();
    }

    /** The signed attributes re-encoded in DER (sorted SET OF). */
    public byte[] signedAttributesDer() {
        return signedAttributesDer.clone();
    }

    public Optional<ASN1ObjectIdentifier> contentTypeAttribute() {
        return Optional.ofNullable(contentTypeAttribute);
    }

    public Optional<byte[]> messageDigest() {
        return Optional.ofNullable(messageDigest).map(byte[]::clone);
    }

    public Optional<Instant> signingTime() {
        return Optional.ofNullable(signingTime);
    }

    /** The SignerInfo signatureAlgorithm with its parameters (RSASSA-PSS parameters live here). */
    public AlgorithmIdentifier signatureAlgorithm() {
        return signatureAlgorithm;
    }

    public byte[] signature() {
        return signature.clone();
    }

    /** The result of checking the SignerInfo against a candidate signer key (RFC 5652 §5.4, §5.6). */
    public enum SignerCheck {
        VALID,
        /** No messageDigest signed attribute. */
        MESSAGE_DIGEST_MISSING,
        /** The messageDigest attribute is not the hash of eContent: the content was altered. */
        MESSAGE_DIGEST_MISMATCH,
        /** The contentType attribute differs from eContentType (RFC 5652 §11.1). */
        CONTENT_TYPE_MISMATCH,
        /** The signature over the signed attributes does not verify. */
        SIGNATURE_INVALID,
        UNSUPPORTED_ALGORITHM,
        KEY_MISMATCH
    }

    /** The SignerInfo digest algorithm, if it is one this implementation knows. */
    public Optional<DigestAlgorithm> signerDigest() {
        return DigestAlgorithm.fromOid(signerDigestAlgorithm.getAlgorithm());
    }

    /**
     * Checks the content against the messageDigest attribute and the signature over the signed attributes with
     * this key. The attributes are tried as encoded, then in sorted DER form if that differs.
     */
    public SignerCheck verifySigner(java.security.PublicKey key) {
        Optional<DigestAlgorithm> digest = signerDigest();
        if (digest.isEmpty()) {
            return SignerCheck.UNSUPPORTED_ALGORITHM;
        }
        if (messageDigest == null) {
            return SignerCheck.MESSAGE_DIGEST_MISSING;
        }
        if (!java.security.MessageDigest.isEqual(messageDigest, digest.get().digest(content))) {
            return SignerCheck.MESSAGE_DIGEST_MISMATCH;
        }
        if (contentTypeAttribute != null && !contentTypeAttribute.equals(contentType)) {
            return SignerCheck.CONTENT_TYPE_MISMATCH;
        }
        Signatures.Outcome outcome = Signatures.verify(key, signatureAlgorithm, digest.get(), signedAttributes,
                signature);
        if (outcome == Signatures.Outcome.INVALID && !java.util.Arrays.equals(signedAttributes, signedAttributesDer)) {
            outcome = Signatures.verify(key, signatureAlgorithm, digest.get(), signedAttributesDer, signature);
        }
        return switch (outcome) {
            case VALID -> SignerCheck.VALID;
            case INVALID -> SignerCheck.SIGNATURE_INVALID;
            case UNSUPPORTED_ALGORITHM -> SignerCheck.UNSUPPORTED_ALGORITHM;
            case KEY_MISMATCH -> SignerCheck.KEY_MISMATCH;
        };
    }

    /**
     * The candidates the SignerInfo identifies: by subject key identifier, or by serial number and an issuer name
     * that is {@linkplain DistinguishedNames#equivalent equivalent} (not byte-equal) to the certificate's.
     */
    public List<X509Certificate> identifiedSigners(List<X509Certificate> candidates) {
        List<X509Certificate> matches = new ArrayList<>();
        for (X509Certificate candidate : candidates) {
            if (signerKeyId != null) {
                byte[] ski = subjectKeyIdentifier(candidate);
                if (ski != null && java.util.Arrays.equals(ski, signerKeyId)) {
                    matches.add(candidate);
                }
            } else if (candidate.getSerialNumber().equals(signerSerial)
                    && DistinguishedNames.equivalent(candidate.getIssuerX500Principal(), signerIssuer)) {
                matches.add(candidate);
            }
        }
        return matches;
    }

    /** The subjectKeyIdentifier extension value of a certificate, or null. */
    public static byte[] subjectKeyIdentifier(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(org.bouncycastle.asn1.x509.Extension.subjectKeyIdentifier.getId());
        if (extension == null) {
            return null;
        }
        try {
            return org.bouncycastle.asn1.x509.SubjectKeyIdentifier.getInstance(
                    ASN1OctetString.getInstance(extension).getOctets()).getKeyIdentifier();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The keyIdentifier of the authorityKeyIdentifier extension of a certificate, or null. */
    public static byte[] authorityKeyIdentifier(java.security.cert.X509Extension certificate) {
        byte[] extension = certificate.getExtensionValue(
                org.bouncycastle.asn1.x509.Extension.authorityKeyIdentifier.getId());
        if (extension == null) {
            return null;
        }
        try {
            return org.bouncycastle.asn1.x509.AuthorityKeyIdentifier.getInstance(
                    ASN1OctetString.getInstance(extension).getOctets()).getKeyIdentifier();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
