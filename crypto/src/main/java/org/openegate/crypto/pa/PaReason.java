package org.openegate.crypto.pa;

/** Why a part of Passive Authentication (9303-11 §5.1, TR-03135) came out as it did. */
public enum PaReason {
    /** Everything checked held. */
    OK,

    // the SOD itself
    /** The SOD does not decode (the detail names the reason and offset). */
    SOD_MALFORMED,

    // (a) the CMS signature
    /** No certificate in the SOD or supplied matches the SignerInfo, so the signature cannot be checked. */
    SIGNER_CERTIFICATE_NOT_FOUND,
    /** The messageDigest signed attribute is not the hash of the LDSSecurityObject: the SOD content was altered. */
    MESSAGE_DIGEST_MISMATCH,
    /** The SignerInfo has no messageDigest attribute. */
    MESSAGE_DIGEST_MISSING,
    /** The contentType signed attribute differs from the eContentType. */
    CONTENT_TYPE_MISMATCH,
    /** The signature over the signed attributes does not verify with the Document Signer's key. */
    SIGNATURE_INVALID,
    /** A signature or hash algorithm this implementation does not support. */
    UNSUPPORTED_ALGORITHM,

    // (b), (c) the certificate chain
    /** No trusted CSCA (or link certificate) matches the Document Signer's issuer. */
    NO_TRUST_ANCHOR,
    /** A CSCA matches the issuer by name or key identifier but the certificate's signature does not verify. */
    CHAIN_SIGNATURE_INVALID,
    /** The Document Signer certificate is not valid at the validation date. */
    DS_CERTIFICATE_NOT_VALID_AT_DATE,
    /** The CSCA (or link) certificate is not valid at the validation date. */
    CSCA_CERTIFICATE_NOT_VALID_AT_DATE,
    /** The Document Signer certificate's key usage lacks digitalSignature (9303-12 §7.1.1.3). */
    DS_KEY_USAGE_INVALID,

    // (d) revocation
    /** No CRL from the Document Signer's CSCA was available. */
    NO_CRL,
    /** The newest usable CRL's nextUpdate is before the validation date. */
    CRL_STALE,
    /** A CRL for the issuer was found but its signature does not verify with the CSCA key. */
    CRL_SIGNATURE_INVALID,
    /** The Document Signer certificate is listed as revoked. */
    DS_REVOKED,
    /** Revocation could not be checked because the chain did not reach a CSCA. */
    CHAIN_NOT_ESTABLISHED,

    // (e) data group hashes
    /** The data group's hash differs from the one in the SOD. */
    DG_HASH_MISMATCH,
    /** The data group is present but the SOD lists no hash for it. */
    DG_NOT_IN_SOD,
    /** The data groups cannot be checked because the SOD does not decode. */
    DG_NOT_CHECKED,

    // (f) issuing state
    /** The issuing state in DG1 does not match the Document Signer's country (a warning, not a failure). */
    ISSUING_STATE_MISMATCH,
    /** DG1 or the Document Signer's country is unavailable, or the state code is not a country. */
    ISSUING_STATE_UNKNOWN
}
