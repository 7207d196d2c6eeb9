package org.openegate.crypto.pa;

import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.lds.DigestAlgorithm;
import org.openegate.crypto.lds.DistinguishedNames;
import org.openegate.crypto.lds.Dg1;
import org.openegate.crypto.lds.LdsException;
import org.openegate.crypto.lds.SignedContent;
import org.openegate.crypto.lds.Signatures;
import org.openegate.crypto.lds.Sod;
import org.openegate.crypto.trust.Certificates;
import org.openegate.crypto.trust.TrustStore;

import java.security.MessageDigest;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Passive Authentication (9303-11 §5.1; order and results as in BSI TR-03135): (a) the SOD's CMS signature with
 * the Document Signer key and the messageDigest over the LDSSecurityObject, (b) the Document Signer certificate
 * from the SOD or supplied, (c) its chain to a trusted CSCA, possibly through link certificates, valid at the
 * validation date, (d) revocation against the CSCA's CRLs, (e) every present data group's hash against the SOD,
 * (f) the DG1 issuing state against the Document Signer's country (a warning only).
 *
 * <p>Design: each part yields its own {@link PaCheck}; no part stops the others, so a gate and an officer see every
 * problem at once. Certificates are handled through BouncyCastle so that keys with explicit EC parameters (DE, AT,
 * FI, GB, RU CSCAs) verify, and names are compared as normalised RDN sets because issuers encode them
 * inconsistently (a Malaysian SOD's SignerInfo orders its issuer's RDNs differently from the certificate).
 */
public final class PassiveAuthenticator {

    /** Link certificates allow a few hops; no real PKI needs more. */
    static final int MAX_CHAIN_LENGTH = 5;

    private final TrustStore trustStore;

    public PassiveAuthenticator(TrustStore trustStore) {
        this.trustStore = trustStore;
    }

    /** Verifies with the trust store's CRLs only and no extra certificates. */
    public PassiveAuthResult verify(byte[] sod, Map<Integer, byte[]> dataGroups, Instant validationTime) {
        return verify(sod, dataGroups, List.of(), List.of(), validationTime);
    }

    /**
     * Verifies a SOD and the data groups read with it.
     *
     * @param sod               EF.SOD as read (tag 77)
     * @param dataGroups        data group number -> file content as read (the hash covers the whole file)
     * @param extraCertificates Document Signer or link certificates obtained elsewhere (not trusted by themselves)
     * @param crls              CRLs in addition to those of the trust store
     * @param validationTime    the date certificates and CRLs are checked at
     */
    public PassiveAuthResult verify(byte[] sod, Map<Integer, byte[]> dataGroups,
                                    List<X509Certificate> extraCertificates, List<X509CRL> crls,
                                    Instant validationTime) {
        Sod parsed;
        try {
            parsed = Sod.parse(sod);
        } catch (LdsException e) {
            return malformed(e, dataGroups);
        }
        SignedContent cms = parsed.signedContent();
        Optional<DigestAlgorithm> signerDigest = cms.signerDigest();
        String signatureName = Signatures.name(cms.signatureAlgorithm(), signerDigest.orElse(null));

        // (b) the Document Signer certificate: from the SOD first, then supplied
        List<X509Certificate> pool = new ArrayList<>(parsed.certificates());
        extraCertificates.stream().map(Certificates::viaBouncyCastle).forEach(pool::add);
        List<X509Certificate> identified = cms.identifiedSigners(pool);
        boolean identifiedByKeyOnly = false;
        if (identified.isEmpty() && !pool.isEmpty()) {
            // Some SODs carry a SignerInfo identifier that matches no certificate even after name normalisation.
            // The identifier is not signed, so trying the carried certificates' keys loses no security: only a key
            // whose signature verifies is accepted, and its certificate must still chain to a CSCA.
            identified = pool;
            identifiedByKeyOnly = true;
        }

        // (a) the signature
        X509Certificate ds = null;
        PaCheck signature;
        if (identified.isEmpty()) {
            signature = PaCheck.of(CheckStatus.UNDETERMINED, PaReason.SIGNER_CERTIFICATE_NOT_FOUND,
                    "no certificate matches the SignerInfo "
                            + cms.signerSerialNumber().map(s -> "serial " + s.toString(16)).orElse("key identifier"));
        } else {
            signature = null;
            for (X509Certificate candidate : identified) {
                PaCheck check = signatureCheck(verifySigner(cms, candidate), signatureName);
                if (identifiedByKeyOnly && check.status() != CheckStatus.PASSED) {
                    continue;
                }
                if (signature == null || check.status() == CheckStatus.PASSED) {
                    signature = check;
                    ds = candidate;
                }
                if (check.status() == CheckStatus.PASSED) {
                    break;
                }
            }
        }

        if (signature == null) {
            signature = PaCheck.of(CheckStatus.UNDETERMINED, PaReason.SIGNER_CERTIFICATE_NOT_FOUND,
                    "no certificate matches the SignerInfo and none of their keys verifies the signature");
        }

        // (c) the chain, (d) revocation
        List<X509Certificate> path = new ArrayList<>();
        PaCheck chain;
        PaCheck revocation;
        if (ds == null) {
            chain = PaCheck.of(CheckStatus.UNDETERMINED, PaReason.SIGNER_CERTIFICATE_NOT_FOUND,
                    "no Document Signer certificate");
            revocation = PaCheck.of(CheckStatus.UNDETERMINED, PaReason.CHAIN_NOT_ESTABLISHED,
                    "no Document Signer certificate");
        } else {
            chain = chain(ds, extraCertificates, validationTime, path);
            revocation = revocation(ds, path, crls, validationTime);
        }

        // (e) data group hashes
        Map<Integer, PaCheck> groups = new TreeMap<>();
        DigestAlgorithm digest = parsed.digestAlgorithm();
        for (Map.Entry<Integer, byte[]> entry : dataGroups.entrySet()) {
            int number = entry.getKey();
            Optional<byte[]> expected = parsed.dataGroupHash(number);
            if (expected.isEmpty()) {
                // 9303-11 §5.1: a data group the SOD does not protect cannot be trusted (it could be planted)
                groups.put(number, PaCheck.of(CheckStatus.FAILED, PaReason.DG_NOT_IN_SOD,
                        "DG" + number + " is present but the SOD has no hash for it"));
            } else if (MessageDigest.isEqual(expected.get(), digest.digest(entry.getValue()))) {
                groups.put(number, PaCheck.passed("DG" + number + " " + digest.jcaName() + " matches"));
            } else {
                groups.put(number, PaCheck.of(CheckStatus.FAILED, PaReason.DG_HASH_MISMATCH,
                        "DG" + number + " " + digest.jcaName() + " differs from the SOD"));
            }
        }

        // (f) issuing state
        PaCheck issuingState = issuingState(dataGroups.get(1), ds);

        Optional<PassiveAuthResult.SignerIdentity> identity = Optional.ofNullable(ds).map(c ->
                new PassiveAuthResult.SignerIdentity(c.getSubjectX500Principal().getName(),
                        c.getIssuerX500Principal().getName(), c.getSerialNumber().toString(16)));
        return overall(signature, chain, revocation, groups, issuingState, digest.jcaName(), signatureName,
                identity, path);
    }

    private static PassiveAuthResult overall(PaCheck signature, PaCheck chain, PaCheck revocation,
                                             Map<Integer, PaCheck> groups, PaCheck issuingState, String digest,
                                             String signatureName, Optional<PassiveAuthResult.SignerIdentity> ds,
                                             List<X509Certificate> path) {
        List<PaCheck> parts = new ArrayList<>();
        parts.add(signature);
        parts.addAll(groups.values());
        parts.add(chain);
        parts.add(revocation);
        CheckStatus result;
        PaReason reason;
        Optional<PaCheck> failed = parts.stream().filter(p -> p.status() == CheckStatus.FAILED).findFirst();
        boolean allGroupsPassed = groups.values().stream().allMatch(p -> p.status() == CheckStatus.PASSED);
        if (failed.isPresent()) {
            result = CheckStatus.FAILED;
            reason = failed.get().reason();
        } else if (signature.status() == CheckStatus.PASSED && chain.status() == CheckStatus.PASSED
                && allGroupsPassed) {
            result = CheckStatus.PASSED;
            reason = PaReason.OK;
        } else {
            result = CheckStatus.UNDETERMINED;
            reason = parts.stream().filter(p -> p.status() != CheckStatus.PASSED).findFirst()
                    .map(PaCheck::reason).orElse(PaReason.OK);
        }
        return new PassiveAuthResult(result, reason, signature, chain, revocation, groups, issuingState, digest,
                signatureName, ds, path);
    }

    private static PassiveAuthResult malformed(LdsException e, Map<Integer, byte[]> dataGroups) {
        PaCheck signature = PaCheck.of(CheckStatus.FAILED, PaReason.SOD_MALFORMED, e.getMessage());
        PaCheck notChecked = PaCheck.of(CheckStatus.UNDETERMINED, PaReason.SOD_MALFORMED, "SOD does not decode");
        Map<Integer, PaCheck> groups = new LinkedHashMap<>();
        dataGroups.keySet().forEach(n -> groups.put(n, PaCheck.of(CheckStatus.UNDETERMINED,
                PaReason.DG_NOT_CHECKED, "SOD does not decode")));
        PaCheck state = PaCheck.of(CheckStatus.UNDETERMINED, PaReason.ISSUING_STATE_UNKNOWN, "SOD does not decode");
        return new PassiveAuthResult(CheckStatus.FAILED, PaReason.SOD_MALFORMED, signature, notChecked, notChecked,
                groups, state, "", "", Optional.empty(), List.of());
    }

    private static SignedContent.SignerCheck verifySigner(SignedContent cms, X509Certificate candidate) {
        java.security.PublicKey key;
        try {
            key = candidate.getPublicKey();
        } catch (RuntimeException e) {
            // a certificate whose key does not decode cannot have made the signature
            return SignedContent.SignerCheck.KEY_MISMATCH;
        }
        return key == null ? SignedContent.SignerCheck.KEY_MISMATCH : cms.verifySigner(key);
    }

    private static PaCheck signatureCheck(SignedContent.SignerCheck check, String algorithm) {
        return switch (check) {
            case VALID -> PaCheck.passed(algorithm + " signature verifies");
            case MESSAGE_DIGEST_MISSING -> PaCheck.of(CheckStatus.FAILED, PaReason.MESSAGE_DIGEST_MISSING,
                    "no messageDigest signed attribute");
            case MESSAGE_DIGEST_MISMATCH -> PaCheck.of(CheckStatus.FAILED, PaReason.MESSAGE_DIGEST_MISMATCH,
                    "messageDigest differs from the hash of the LDSSecurityObject");
            case CONTENT_TYPE_MISMATCH -> PaCheck.of(CheckStatus.FAILED, PaReason.CONTENT_TYPE_MISMATCH,
                    "contentType attribute differs from eContentType");
            case SIGNATURE_INVALID -> PaCheck.of(CheckStatus.FAILED, PaReason.SIGNATURE_INVALID,
                    algorithm + " signature over the signed attributes does not verify");
            case UNSUPPORTED_ALGORITHM, KEY_MISMATCH -> PaCheck.of(CheckStatus.NOT_SUPPORTED,
                    PaReason.UNSUPPORTED_ALGORITHM, "cannot verify " + algorithm + " (" + check + ")");
        };
    }

    /**
     * Finds a path from the Document Signer to a trusted certificate. Every certificate in the trust store is an
     * anchor (master lists carry CSCAs and link certificates alike); supplied certificates may serve as
     * intermediates (link certificates not yet in a list).
     */
    private PaCheck chain(X509Certificate ds, List<X509Certificate> extra, Instant at, List<X509Certificate> path) {
        if (!validAt(ds, at)) {
            path.add(ds);
            return PaCheck.of(CheckStatus.FAILED, PaReason.DS_CERTIFICATE_NOT_VALID_AT_DATE,
                    "Document Signer valid " + ds.getNotBefore().toInstant() + " to " + ds.getNotAfter().toInstant()
                            + ", not at " + at);
        }
        boolean[] keyUsage = ds.getKeyUsage();
        if (keyUsage != null && !keyUsage[0]) {
            path.add(ds);
            return PaCheck.of(CheckStatus.FAILED, PaReason.DS_KEY_USAGE_INVALID,
                    "Document Signer key usage lacks digitalSignature");
        }
        List<X509Certificate> intermediates = extra.stream().map(Certificates::viaBouncyCastle).toList();
        List<X509Certificate> current = new ArrayList<>(List.of(ds));
        PaCheck outcome = extend(current, intermediates, at);
        path.addAll(current);
        return outcome;
    }

    private PaCheck extend(List<X509Certificate> path, List<X509Certificate> intermediates, Instant at) {
        X509Certificate tip = path.get(path.size() - 1);
        List<X509Certificate> anchors = trustStore.issuerCandidates(tip);
        PaCheck best = null;
        for (X509Certificate anchor : anchors) {
            if (!Certificates.verifiedBy(tip, anchor)) {
                if (best == null) {
                    best = PaCheck.of(CheckStatus.FAILED, PaReason.CHAIN_SIGNATURE_INVALID,
                            "signature of " + tip.getSubjectX500Principal().getName() + " does not verify with "
                                    + anchor.getSubjectX500Principal().getName());
                }
                continue;
            }
            if (!validAt(anchor, at)) {
                best = PaCheck.of(CheckStatus.FAILED, PaReason.CSCA_CERTIFICATE_NOT_VALID_AT_DATE,
                        anchor.getSubjectX500Principal().getName() + " valid to "
                                + anchor.getNotAfter().toInstant() + ", not at " + at);
                continue;
            }
            path.add(anchor);
            return PaCheck.passed("chains to " + anchor.getSubjectX500Principal().getName() + " (serial "
                    + anchor.getSerialNumber().toString(16) + ")");
        }
        if (path.size() < MAX_CHAIN_LENGTH) {
            for (X509Certificate link : intermediates) {
                if (path.contains(link)
                        || !DistinguishedNames.equivalent(tip.getIssuerX500Principal(), link.getSubjectX500Principal())
                        || !Certificates.verifiedBy(tip, link) || !validAt(link, at)) {
                    continue;
                }
                path.add(link);
                PaCheck further = extend(path, intermediates, at);
                if (further.status() == CheckStatus.PASSED) {
                    return further;
                }
                path.remove(path.size() - 1);
            }
        }
        if (best != null) {
            return best;
        }
        return PaCheck.of(CheckStatus.UNDETERMINED, PaReason.NO_TRUST_ANCHOR,
                "no trusted CSCA for issuer " + tip.getIssuerX500Principal().getName());
    }

    /** (d) 9303-12 §9: CRLs signed by the CSCA that issued the Document Signer. */
    private PaCheck revocation(X509Certificate ds, List<X509Certificate> path, List<X509CRL> extraCrls, Instant at) {
        if (path.size() < 2) {
            return PaCheck.of(CheckStatus.UNDETERMINED, PaReason.CHAIN_NOT_ESTABLISHED,
                    "no CSCA to check CRLs against");
        }
        X509Certificate csca = path.get(1);
        List<X509CRL> candidates = new ArrayList<>(extraCrls);
        candidates.addAll(trustStore.crls());
        X509CRL newest = null;
        boolean badSignature = false;
        for (X509CRL crl : candidates) {
            // A CSCA renews its key under the same name, and its CRL covers the Document Signers of its older keys
            // too, so the CRL is accepted from the CSCA's name, signed by the issuing key or by another trusted key
            // of the same CSCA (found by the CRL's authority key identifier).
            byte[] crlKeyId = SignedContent.authorityKeyIdentifier(crl);
            byte[] cscaKeyId = SignedContent.subjectKeyIdentifier(csca);
            boolean byKey = crlKeyId != null && cscaKeyId != null && java.util.Arrays.equals(crlKeyId, cscaKeyId);
            if (!byKey && !DistinguishedNames.equivalent(crl.getIssuerX500Principal(), ds.getIssuerX500Principal())) {
                continue;
            }
            boolean signed = Certificates.verifiedBy(crl, csca) || trustStore.issuerCandidates(crl).stream()
                    .filter(k -> DistinguishedNames.equivalent(k.getSubjectX500Principal(), csca.getSubjectX500Principal()))
                    .anyMatch(k -> Certificates.verifiedBy(crl, k));
            if (!signed) {
                badSignature = true;
                continue;
            }
            X509CRLEntry entry = crl.getRevokedCertificate(ds.getSerialNumber());
            if (entry != null && (entry.getRevocationDate() == null || !entry.getRevocationDate().after(Date.from(at)))) {
                return PaCheck.of(CheckStatus.FAILED, PaReason.DS_REVOKED, "Document Signer serial "
                        + ds.getSerialNumber().toString(16) + " revoked on " + entry.getRevocationDate().toInstant());
            }
            if (newest == null || crl.getThisUpdate().after(newest.getThisUpdate())) {
                newest = crl;
            }
        }
        if (newest == null) {
            return badSignature
                    ? PaCheck.of(CheckStatus.UNDETERMINED, PaReason.CRL_SIGNATURE_INVALID,
                            "CRL for " + ds.getIssuerX500Principal().getName() + " does not verify with the CSCA")
                    : PaCheck.of(CheckStatus.UNDETERMINED, PaReason.NO_CRL,
                            "no CRL for " + ds.getIssuerX500Principal().getName());
        }
        if (newest.getNextUpdate() != null && newest.getNextUpdate().toInstant().isBefore(at)) {
            return PaCheck.of(CheckStatus.UNDETERMINED, PaReason.CRL_STALE,
                    "newest CRL's nextUpdate " + newest.getNextUpdate().toInstant() + " is before " + at);
        }
        return PaCheck.passed("not revoked (CRL of " + newest.getThisUpdate().toInstant() + ")");
    }

    /** (f) 9303-3 country codes against the Document Signer's C attribute; "D" is Germany (9303-3 §5). */
    private static PaCheck issuingState(byte[] dg1, X509Certificate ds) {
        if (dg1 == null || ds == null) {
            return PaCheck.of(CheckStatus.UNDETERMINED, PaReason.ISSUING_STATE_UNKNOWN,
                    dg1 == null ? "no DG1" : "no Document Signer certificate");
        }
        String state;
        try {
            state = Dg1.parse(dg1).issuingState().replace("<", "");
        } catch (LdsException e) {
            return PaCheck.of(CheckStatus.UNDETERMINED, PaReason.ISSUING_STATE_UNKNOWN, "DG1 does not decode");
        }
        Optional<String> dsCountry = DistinguishedNames.country(ds.getSubjectX500Principal())
                .or(() -> DistinguishedNames.country(ds.getIssuerX500Principal()));
        Optional<String> alpha2 = CountryCodes.alpha2(state);
        if (dsCountry.isEmpty() || alpha2.isEmpty()) {
            return PaCheck.of(CheckStatus.UNDETERMINED, PaReason.ISSUING_STATE_UNKNOWN,
                    "issuing state or Document Signer country not a known country code");
        }
        if (alpha2.get().equals(dsCountry.get().toUpperCase(Locale.ROOT))) {
            return PaCheck.passed("issuing state matches Document Signer country " + dsCountry.get());
        }
        return PaCheck.of(CheckStatus.FAILED, PaReason.ISSUING_STATE_MISMATCH,
                "issuing state " + state + " but Document Signer country " + dsCountry.get());
    }

    private static boolean validAt(X509Certificate certificate, Instant at) {
        return !at.isBefore(certificate.getNotBefore().toInstant()) && !at.isAfter(certificate.getNotAfter().toInstant());
    }
}
