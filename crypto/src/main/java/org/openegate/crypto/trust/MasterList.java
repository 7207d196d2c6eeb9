package org.openegate.crypto.trust;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.lds.DistinguishedNames;
import org.openegate.crypto.lds.LdsException;
import org.openegate.crypto.lds.SignedContent;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A CSCA master list (9303-12 §8): CMS SignedData, content type id-icao-cscaMasterList (2.23.136.1.1.2), whose
 * content is {@code CscaMasterList ::= SEQUENCE { version CscaMasterListVersion, certList SET OF Certificate }},
 * signed by a master list signer whose certificate is issued by the publishing state's CSCA.
 */
public final class MasterList {

    /** 9303-12 §8.2.1 id-icao-cscaMasterList. */
    public static final ASN1ObjectIdentifier CONTENT_TYPE = new ASN1ObjectIdentifier("2.23.136.1.1.2");
    /** Far more than the ~600 certificates of the largest published list; bounds work on hostile input. */
    static final int MAX_CERTIFICATES = 10_000;
    private static final Provider BC = new BouncyCastleProvider();

    /** Why a master list's signature check came out as it did. */
    public enum Reason {
        /** The CMS signature verifies and the signer chains to one of the given roots. */
        VERIFIED,
        /** No root was given: the CMS signature is intact but who signed it is not established. */
        NO_ROOT,
        /** No certificate in the SignedData matches the SignerInfo. */
        SIGNER_NOT_FOUND,
        /** The list content does not match the signed messageDigest. */
        MESSAGE_DIGEST_MISMATCH,
        /** The CMS signature does not verify with the signer's key. */
        SIGNATURE_INVALID,
        /** The signer certificate is not issued by any of the given roots. */
        SIGNER_NOT_TRUSTED,
        UNSUPPORTED_ALGORITHM
    }

    /** The outcome of {@link #verify}: a TR-03135 status and its reason. */
    public record Verification(CheckStatus status, Reason reason) {
    }

    private final SignedContent cms;
    private final List<X509Certificate> certificates;
    private final int undecodable;

    private MasterList(SignedContent cms, List<X509Certificate> certificates, int undecodable) {
        this.cms = cms;
        this.certificates = List.copyOf(certificates);
        this.undecodable = undecodable;
    }

    /** Decodes a master list (.ml file); throws {@link TrustStoreException} naming what is wrong. */
    public static MasterList parse(byte[] encoded) {
        SignedContent cms;
        try {
            cms = SignedContent.parse(encoded, 64);
        } catch (LdsException e) {
            throw new TrustStoreException(TrustStoreException.Reason.MALFORMED_MASTER_LIST, e.getMessage(), e);
        }
        if (!CONTENT_TYPE.equals(cms.contentType())) {
            throw new TrustStoreException(TrustStoreException.Reason.MALFORMED_MASTER_LIST,
                    "eContentType is " + cms.contentType() + ", not id-icao-cscaMasterList 2.23.136.1.1.2");
        }
        List<X509Certificate> certs = new ArrayList<>();
        int undecodable = 0;
        try (ASN1InputStream in = new ASN1InputStream(cms.content())) {
            ASN1Primitive object = in.readObject();
            ASN1Sequence list = ASN1Sequence.getInstance(object);
            if (list == null || list.size() != 2) {
                throw new TrustStoreException(TrustStoreException.Reason.MALFORMED_MASTER_LIST,
                        "CscaMasterList must be SEQUENCE { version, certList }");
            }
            ASN1Integer.getInstance(list.getObjectAt(0));
            ASN1Set certList = ASN1Set.getInstance(list.getObjectAt(1));
            if (certList.size() > MAX_CERTIFICATES) {
                throw new TrustStoreException(TrustStoreException.Reason.TOO_LARGE,
                        "master list holds " + certList.size() + " certificates");
            }
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter().setProvider(BC);
            for (ASN1Encodable element : certList) {
                try {
                    X509Certificate cert = converter.getCertificate(new X509CertificateHolder(
                            element.toASN1Primitive().getEncoded(ASN1Encoding.DER)));
                    SignedContent.requireDecodable(cert);
                    certs.add(cert);
                } catch (IOException | GeneralSecurityException | RuntimeException e) {
                    // one bad entry must not cost the whole list; counted and reported by undecodable()
                    undecodable++;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof TrustStoreException t) {
                throw t;
            }
            throw new TrustStoreException(TrustStoreException.Reason.MALFORMED_MASTER_LIST,
                    "CscaMasterList: " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
        return new MasterList(cms, certs, undecodable);
    }

    /** The CSCA and link certificates the list carries. */
    public List<X509Certificate> certificates() {
        return certificates;
    }

    /** Entries of the certList that did not decode as certificates and were left out. */
    public int undecodable() {
        return undecodable;
    }

    /** The certificates in the SignedData itself (the master list signer, often its CSCA). */
    public List<X509Certificate> signerCertificates() {
        return cms.certificates();
    }

    /** The distinct country codes (subject C) of the listed certificates. */
    public Set<String> countries() {
        Set<String> countries = new TreeSet<>();
        for (X509Certificate cert : certificates) {
            DistinguishedNames.country(cert.getSubjectX500Principal()).ifPresent(countries::add);
        }
        return countries;
    }

    /**
     * Checks the CMS signature with the signer certificate in the list, then that the signer is one of the roots or
     * is issued by one (its signature verifies with the root's key). Without roots the best result is UNDETERMINED.
     */
    public Verification verify(List<X509Certificate> roots) {
        List<X509Certificate> signers = cms.identifiedSigners(cms.certificates());
        if (signers.isEmpty()) {
            return new Verification(CheckStatus.FAILED, Reason.SIGNER_NOT_FOUND);
        }
        X509Certificate signer = signers.get(0);
        SignedContent.SignerCheck check = cms.verifySigner(signer.getPublicKey());
        switch (check) {
            case VALID -> {
            }
            case MESSAGE_DIGEST_MISMATCH, MESSAGE_DIGEST_MISSING, CONTENT_TYPE_MISMATCH -> {
                return new Verification(CheckStatus.FAILED, Reason.MESSAGE_DIGEST_MISMATCH);
            }
            case UNSUPPORTED_ALGORITHM, KEY_MISMATCH -> {
                return new Verification(CheckStatus.NOT_SUPPORTED, Reason.UNSUPPORTED_ALGORITHM);
            }
            default -> {
                return new Verification(CheckStatus.FAILED, Reason.SIGNATURE_INVALID);
            }
        }
        if (roots.isEmpty()) {
            return new Verification(CheckStatus.UNDETERMINED, Reason.NO_ROOT);
        }
        for (X509Certificate root : roots) {
            if (root.equals(signer)) {
                return new Verification(CheckStatus.PASSED, Reason.VERIFIED);
            }
            if (DistinguishedNames.equivalent(signer.getIssuerX500Principal(), root.getSubjectX500Principal())
                    && Certificates.verifiedBy(signer, root)) {
                return new Verification(CheckStatus.PASSED, Reason.VERIFIED);
            }
        }
        return new Verification(CheckStatus.FAILED, Reason.SIGNER_NOT_TRUSTED);
    }

    @Override
    public String toString() {
        return "MasterList[certificates=" + certificates.size() + ", undecodable=" + undecodable + "]";
    }
}
