package org.openegate.provisioning.bundle;

import java.io.IOException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.openegate.crypto.lds.DigestAlgorithm;
import org.openegate.crypto.lds.DistinguishedNames;
import org.openegate.crypto.lds.LdsException;
import org.openegate.crypto.lds.SignedContent;
import org.openegate.crypto.trust.Certificates;
import org.openegate.provisioning.bundle.BundleException.Reason;

/**
 * The gate's side: checks that a bundle was signed by an operator the fleet trusts, unaltered, and (with
 * {@link #verifyFor}) meant for this gate. Version monotonicity and validation belong to {@link BundleStore}.
 *
 * <p>The order of checks is cheapest first, and nothing an attacker controls is believed before the signature
 * holds: size, CMS structure (crypto's {@link SignedContent}, the one CMS reader of the project), our content type,
 * algorithms, signature and content digest, signer trust, validity times, then what the signed attributes say.
 *
 * <p>The operator certificate must be one of the trust anchors or be issued by one (one level: the fleet CA signs
 * operator certificates directly). Operator certificate revocation is not checked here; rotating the fleet
 * anchor is the remedy for a lost operator key.
 */
public final class BundleVerifier {

    /** Largest bundle accepted; a national master list is under 1 MiB, a large watchlist a few MiB. */
    public static final int MAX_BUNDLE_BYTES = 64 * 1024 * 1024;
    /** Largest content a signer will sign: the bundle's limit less room for the signature and certificate. */
    public static final int MAX_CONTENT_BYTES = MAX_BUNDLE_BYTES - 64 * 1024;
    /** How far in the future a signing time may lie (the operator's and the gate's clocks differ). */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);
    /** The certificates a bundle may carry (the operator's, perhaps an intermediate). */
    static final int MAX_CERTIFICATES = 4;

    private static final Set<ASN1ObjectIdentifier> SIGNATURE_ALGORITHMS = Set.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256, X9ObjectIdentifiers.ecdsa_with_SHA384,
            X9ObjectIdentifiers.ecdsa_with_SHA512);
    private static final Set<DigestAlgorithm> DIGESTS = Set.of(DigestAlgorithm.SHA256, DigestAlgorithm.SHA384,
            DigestAlgorithm.SHA512);

    private final Clock clock;
    private final List<X509Certificate> anchors;

    /** Trusts bundles signed by these operator certificates or by certificates they issued; system clock. */
    public BundleVerifier(X509Certificate... operatorTrustAnchors) {
        this(Clock.systemUTC(), List.of(operatorTrustAnchors));
    }

    /**
     * @throws IllegalArgumentException if no anchor is given
     */
    public BundleVerifier(Clock clock, List<X509Certificate> operatorTrustAnchors) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (operatorTrustAnchors.isEmpty()) {
            throw new IllegalArgumentException("a bundle verifier needs at least one operator trust anchor");
        }
        this.anchors = List.copyOf(operatorTrustAnchors);
    }

    /** Checks signature, signer and times, not the target (for tools that inspect bundles). */
    public VerifiedBundle verify(byte[] bundle) throws BundleException {
        return check(bundle, true);
    }

    /**
     * Checks signature, signer and times, and that the bundle targets this gate: its device id, its site as
     * {@code site:<site>}, or {@code *}.
     */
    public VerifiedBundle verifyFor(byte[] bundle, String deviceId, String site) throws BundleException {
        VerifiedBundle verified = check(bundle, true);
        if (!targets(verified.target(), deviceId, site)) {
            throw new BundleException(Reason.WRONG_TARGET, verified.type().wireName() + " bundle v" + verified.version()
                    + " is for " + BundleFormat.quote(verified.target()) + ", this gate is "
                    + BundleFormat.quote(deviceId) + " at site " + BundleFormat.quote(site));
        }
        return verified;
    }

    /** Whether a bundle signed for {@code target} is meant for device {@code deviceId} at {@code site}. */
    public static boolean targets(String target, String deviceId, String site) {
        return target.equals("*") || target.equals(deviceId) || target.equals("site:" + site);
    }

    /**
     * Re-reads a bundle the store accepted earlier: signature and anchors again (a file altered on disk fails),
     * but not the times, since an operator certificate that expired since does not undo an installed bundle.
     */
    VerifiedBundle reverify(byte[] bundle) throws BundleException {
        return check(bundle, false);
    }

    private VerifiedBundle check(byte[] bundle, boolean checkTimes) throws BundleException {
        Objects.requireNonNull(bundle, "bundle");
        if (bundle.length > MAX_BUNDLE_BYTES) {
            throw new BundleException(Reason.TOO_LARGE, "bundle of " + bundle.length + " bytes exceeds "
                    + MAX_BUNDLE_BYTES);
        }
        SignedContent cms = parse(bundle);
        if (!BundleFormat.CONTENT_TYPE.equals(cms.contentType())) {
            throw new BundleException(Reason.MALFORMED, "eContentType is " + cms.contentType()
                    + ", not an OpenEgate bundle (" + BundleFormat.CONTENT_TYPE + ")");
        }
        ASN1ObjectIdentifier signatureAlgorithm = cms.signatureAlgorithm().getAlgorithm();
        Optional<DigestAlgorithm> digest = cms.signerDigest();
        if (!SIGNATURE_ALGORITHMS.contains(signatureAlgorithm) || digest.isEmpty() || !DIGESTS.contains(digest.get())) {
            throw new BundleException(Reason.UNSUPPORTED_ALGORITHM, "signature algorithm " + signatureAlgorithm
                    + " with digest " + cms.signerDigestAlgorithm().getAlgorithm()
                    + "; only ECDSA with SHA-256/384/512 is accepted");
        }
        List<X509Certificate> signers = cms.identifiedSigners(cms.certificates());
        if (signers.isEmpty()) {
            throw new BundleException(Reason.UNTRUSTED_SIGNER, "the bundle does not carry the certificate of its signer");
        }
        X509Certificate signer = signers.get(0);
        if (!(signer.getPublicKey() instanceof ECPublicKey)) {
            throw new BundleException(Reason.UNSUPPORTED_ALGORITHM, "signer key is " + signer.getPublicKey().getAlgorithm()
                    + ", not EC");
        }
        SignedContent.SignerCheck signature = cms.verifySigner(signer.getPublicKey());
        switch (signature) {
            case VALID -> {
            }
            case MESSAGE_DIGEST_MISSING, CONTENT_TYPE_MISMATCH -> throw new BundleException(Reason.MALFORMED,
                    "signed attributes: " + signature);
            case UNSUPPORTED_ALGORITHM, KEY_MISMATCH -> throw new BundleException(Reason.UNSUPPORTED_ALGORITHM,
                    "signature check: " + signature);
            case MESSAGE_DIGEST_MISMATCH -> throw new BundleException(Reason.BAD_SIGNATURE,
                    "the content does not match the signed messageDigest (altered after signing)");
            case SIGNATURE_INVALID -> throw new BundleException(Reason.BAD_SIGNATURE,
                    "the signature of " + signer.getSubjectX500Principal().getName() + " does not verify");
        }
        X509Certificate anchor = anchorOf(signer);
        Instant signedAt = cms.signingTime().orElseThrow(
                () -> new BundleException(Reason.MALFORMED, "the bundle has no signingTime attribute"));
        if (checkTimes) {
            Instant now = clock.instant();
            requireValid(signer, "signer", now);
            requireValid(anchor, "trust anchor", now);
            if (signedAt.isAfter(now.plus(MAX_CLOCK_SKEW))) {
                throw new BundleException(Reason.SIGNED_IN_FUTURE, "signingTime " + signedAt + " is after now " + now
                        + " plus " + MAX_CLOCK_SKEW);
            }
        }
        BundleFormat.Info info = BundleFormat.decode(bundleInfo(cms.signedAttributesDer()));
        return new VerifiedBundle(info.type(), info.version(), info.target(), signedAt,
                signer.getSubjectX500Principal().getName(), cms.content(), bundle);
    }

    private static SignedContent parse(byte[] bundle) throws BundleException {
        try {
            return SignedContent.parse(bundle, MAX_CERTIFICATES);
        } catch (LdsException e) {
            if (e.reason() == LdsException.Reason.BAD_VALUE && signerInfoCount(bundle) == 0) {
                throw new BundleException(Reason.UNSIGNED, "the CMS SignedData has no SignerInfo", e);
            }
            throw new BundleException(Reason.MALFORMED, "not a bundle: " + e.getMessage(), e);
        }
    }

    /** Only called once crypto's reader has decoded the SignedData, to tell "no signature" from "several". */
    private static int signerInfoCount(byte[] bundle) {
        try {
            ContentInfo info = ContentInfo.getInstance(ASN1Primitive.fromByteArray(bundle));
            return SignedData.getInstance(info.getContent()).getSignerInfos().size();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private X509Certificate anchorOf(X509Certificate signer) throws BundleException {
        for (X509Certificate anchor : anchors) {
            if (Arrays.equals(encoded(anchor), encoded(signer))) {
                return anchor;
            }
        }
        for (X509Certificate anchor : anchors) {
            if (anchor.getBasicConstraints() >= 0
                    && DistinguishedNames.equivalent(signer.getIssuerX500Principal(), anchor.getSubjectX500Principal())
                    && Certificates.verifiedBy(signer, anchor)) {
                boolean[] usage = signer.getKeyUsage();
                if (usage != null && !usage[0]) {
                    throw new BundleException(Reason.UNTRUSTED_SIGNER, "signer "
                            + signer.getSubjectX500Principal().getName() + " lacks the digitalSignature key usage");
                }
                return anchor;
            }
        }
        throw new BundleException(Reason.UNTRUSTED_SIGNER, "signer " + signer.getSubjectX500Principal().getName()
                + " issued by " + signer.getIssuerX500Principal().getName() + " is not a trusted operator");
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            return new byte[0];
        }
    }

    private static void requireValid(X509Certificate certificate, String role, Instant now) throws BundleException {
        try {
            certificate.checkValidity(Date.from(now));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new BundleException(Reason.SIGNER_NOT_VALID, role + " " + certificate.getSubjectX500Principal().getName()
                    + " is valid " + certificate.getNotBefore().toInstant() + ".." + certificate.getNotAfter().toInstant()
                    + ", not at " + now);
        }
    }

    /** The single BundleInfo value among the (already authenticated) signed attributes. */
    private static ASN1Encodable bundleInfo(byte[] signedAttributesDer) throws BundleException {
        ASN1Encodable found = null;
        try {
            ASN1Set attributes = ASN1Set.getInstance(ASN1Primitive.fromByteArray(signedAttributesDer));
            for (ASN1Encodable element : attributes) {
                Attribute attribute = Attribute.getInstance(element);
                if (BundleFormat.BUNDLE_INFO.equals(attribute.getAttrType())) {
                    if (found != null || attribute.getAttrValues().size() != 1) {
                        throw new BundleException(Reason.MALFORMED, "more than one BundleInfo value");
                    }
                    found = attribute.getAttrValues().getObjectAt(0);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new BundleException(Reason.MALFORMED, "signed attributes: " + e.getClass().getSimpleName(), e);
        }
        if (found == null) {
            throw new BundleException(Reason.MALFORMED, "no BundleInfo signed attribute (type, version, target)");
        }
        return found;
    }

    @Override
    public String toString() {
        return "BundleVerifier[" + anchors.size() + " operator trust anchor(s)]";
    }
}
