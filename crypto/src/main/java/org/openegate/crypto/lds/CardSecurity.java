package org.openegate.crypto.lds;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * EF.CardSecurity (9303-10 §3.11.4, file {@link LdsFile#CARD_SECURITY_FILE_ID 011D} in the master file): a CMS
 * SignedData (RFC 5652) signed by a Document Signer, whose eContent of type id-SecurityObject (BSI TR-03110-3
 * §A.1.2.5, 0.4.0.127.0.7.3.2.1) is a {@code SecurityInfos} SET (9303-11 §9.2). It is required with PACE-CAM, whose
 * chip public key (a ChipAuthenticationPublicKeyInfo) must come from here, signed, rather than from the unsigned
 * EF.CardAccess (9303-11 §4.4.3.5, §9.2.6).
 *
 * <p>Unlike EF.SOD the file has no application tag: it starts with the ContentInfo SEQUENCE. The CMS layer is
 * {@link SignedContent}, shared with the SOD and master lists; the infos are decoded by {@link SecurityInfos}, shared
 * with DG14 and EF.CardAccess. This class decodes and checks the signer's signature; whether the signer certificate
 * chains to a trusted CSCA is the caller's business (the trust store), as for the SOD.
 */
public final class CardSecurity {

    /** id-SecurityObject, BSI TR-03110-3 §A.1.2.5: bsi-de 0.4.0.127.0.7 . 3 (eID) . 2 . 1. */
    public static final ASN1ObjectIdentifier ID_SECURITY_OBJECT = new ASN1ObjectIdentifier("0.4.0.127.0.7.3.2.1");

    /** A Document Signer certificate, possibly with a link or CSCA certificate; more is hostile. */
    static final int MAX_CERTIFICATES = 8;

    private final byte[] encoded;
    private final SignedContent cms;
    private final List<SecurityInfo> securityInfos;

    private CardSecurity(byte[] encoded, SignedContent cms, List<SecurityInfo> securityInfos) {
        this.encoded = encoded;
        this.cms = cms;
        this.securityInfos = List.copyOf(securityInfos);
    }

    /** Decodes EF.CardSecurity; throws {@link LdsException} naming what is wrong. */
    public static CardSecurity parse(byte[] content) {
        if (content == null || content.length == 0) {
            throw new LdsException(LdsException.Reason.MALFORMED_CMS, "EF.CardSecurity is empty");
        }
        SignedContent cms = SignedContent.parse(content, MAX_CERTIFICATES);
        if (!ID_SECURITY_OBJECT.equals(cms.contentType())) {
            throw new LdsException(LdsException.Reason.WRONG_CONTENT_TYPE, "EF.CardSecurity eContentType is "
                    + cms.contentType() + ", not id-SecurityObject " + ID_SECURITY_OBJECT);
        }
        // the whole eContent is signed: nothing may follow the SET
        List<SecurityInfo> infos = CardAccess.decodeSet(cms.content(), "EF.CardSecurity SecurityInfos", false);
        return new CardSecurity(content.clone(), cms, infos);
    }

    /** The file as given. */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** The signed SecurityInfos, in the order encoded; unknown protocols kept as {@link SecurityInfo.Unknown}. */
    public List<SecurityInfo> securityInfos() {
        return securityInfos;
    }

    /** The infos of one kind, for example {@code infos(SecurityInfo.ChipAuthenticationPublicKeyInfo.class)}. */
    public <T extends SecurityInfo> List<T> infos(Class<T> kind) {
        return securityInfos.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /**
     * The chip public key info with this key id (9303-11 §9.2.6 keyId), as PACE-CAM and Chip Authentication pick a
     * key when the file holds several (a German EF.CardSecurity has two: keyId 13 for PACE-CAM, matching its
     * PACEInfo parameterId, and 0x48 for Chip Authentication). With {@code keyId} empty: the only
     * ChipAuthenticationPublicKeyInfo, if there is exactly one.
     */
    public Optional<SecurityInfo.ChipAuthenticationPublicKeyInfo> chipPublicKey(Optional<java.math.BigInteger> keyId) {
        List<SecurityInfo.ChipAuthenticationPublicKeyInfo> keys = infos(SecurityInfo.ChipAuthenticationPublicKeyInfo.class);
        if (keyId.isEmpty()) {
            return keys.size() == 1 ? Optional.of(keys.get(0)) : Optional.empty();
        }
        return keys.stream().filter(k -> k.keyId().equals(keyId)).findFirst();
    }

    /** The CMS layer: certificates, signer identifier, signed attributes, signature. */
    public SignedContent signedContent() {
        return cms;
    }

    /** The certificates carried in the SignedData, normally the Document Signer's. */
    public List<X509Certificate> certificates() {
        return cms.certificates();
    }

    /**
     * The carried certificate(s) the SignerInfo identifies (by subject key identifier, or by issuer and serial number
     * compared as names, not bytes): the signer certificate, or empty if the file does not carry it.
     */
    public List<X509Certificate> signerCertificates() {
        return cms.identifiedSigners(cms.certificates());
    }

    /**
     * Checks the signature with a candidate signer key (for example that of {@link #signerCertificates()}, or of a
     * Document Signer certificate found elsewhere): the messageDigest attribute against the SecurityInfos, the
     * contentType attribute, and the signature over the signed attributes (RFC 5652 §5.4, §5.6).
     */
    public SignedContent.SignerCheck verifySigner(PublicKey key) {
        return cms.verifySigner(key);
    }

    @Override
    public String toString() {
        return "CardSecurity[infos=" + securityInfos.size() + ", signatureAlgorithm="
                + cms.signatureAlgorithm().getAlgorithm() + ", certificates=" + cms.certificates().size() + "]";
    }
}
