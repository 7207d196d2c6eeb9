package org.openegate.crypto.pa;

import org.openegate.crypto.CheckStatus;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.Collections;

/**
 * The outcome of Passive Authentication (9303-11 §5.1) in the shape of CLI.md's {@code doc verify}.
 *
 * @param result             FAILED if any part failed; PASSED if signature and chain passed and every present data
 *                           group matched; UNDETERMINED otherwise (no CSCA, unsupported algorithm, ...)
 * @param reason             the reason of the part that decided {@code result}
 * @param signature          (a) the CMS signature and messageDigest
 * @param chain              (b, c) Document Signer -> CSCA
 * @param revocation         (d) the Document Signer against the CSCA's CRLs; does not stop PASSED when UNDETERMINED
 * @param dataGroups         (e) data group number -> hash check, for every data group supplied
 * @param issuingState       (f) DG1 issuing state against the Document Signer's country; a warning only, never
 *                           part of {@code result}
 * @param digestAlgorithm    the SOD hash algorithm, "SHA-256"; empty if the SOD did not decode
 * @param signatureAlgorithm the SignerInfo signature algorithm, "SHA256withECDSA"; empty if unknown
 * @param documentSigner     subject, issuer and serial of the Document Signer certificate, if found
 * @param chainCertificates  the path found, Document Signer first, trust anchor last; empty if none
 */
public record PassiveAuthResult(CheckStatus result, PaReason reason, PaCheck signature, PaCheck chain,
                                PaCheck revocation, Map<Integer, PaCheck> dataGroups, PaCheck issuingState,
                                String digestAlgorithm, String signatureAlgorithm,
                                Optional<SignerIdentity> documentSigner, List<X509Certificate> chainCertificates) {

    /** The identity of a Document Signer certificate, as printed in results (RFC 4514 names, serial in hex). */
    public record SignerIdentity(String subject, String issuer, String serialHex) {
    }

    public PassiveAuthResult {
        SortedMap<Integer, PaCheck> sorted = new TreeMap<>(dataGroups);
        dataGroups = Collections.unmodifiableSortedMap(sorted);
        chainCertificates = List.copyOf(chainCertificates);
    }

    /** The status of one data group, or empty if it was not supplied. */
    public Optional<CheckStatus> dataGroup(int number) {
        return Optional.ofNullable(dataGroups.get(number)).map(PaCheck::status);
    }
}
