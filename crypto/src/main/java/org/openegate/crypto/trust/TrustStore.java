package org.openegate.crypto.trust;

import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.util.encoders.Hex;
import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.lds.DistinguishedNames;
import org.openegate.crypto.lds.SignedContent;
import org.tinylog.Logger;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The CSCA certificates (and link certificates) and CRLs a gate trusts (9303-12 §5, §8). Built once from files,
 * directories and master lists, then immutable: a gate swaps in a new store when an operator pushes new trust
 * lists. Every certificate in the store is a trust anchor; certificates are indexed by subject key identifier and
 * by normalised subject name, duplicates (same encoding) are dropped.
 */
public final class TrustStore {

    /** Bounds a hostile directory or list. */
    static final int MAX_ENTRIES = 100_000;
    /** Larger than any certificate, CRL or master list published; refused before reading. */
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    private final List<X509Certificate> certificates;
    private final List<X509CRL> crls;
    private final Map<String, List<X509Certificate>> bySubjectKeyId;
    private final Map<Set<String>, List<X509Certificate>> bySubject;
    private final Instant loadedAt;

    private TrustStore(List<X509Certificate> certificates, List<X509CRL> crls, Instant loadedAt) {
        this.certificates = List.copyOf(certificates);
        this.crls = List.copyOf(crls);
        this.loadedAt = loadedAt;
        Map<String, List<X509Certificate>> ski = new LinkedHashMap<>();
        Map<Set<String>, List<X509Certificate>> subject = new LinkedHashMap<>();
        for (X509Certificate cert : this.certificates) {
            byte[] id = SignedContent.subjectKeyIdentifier(cert);
            if (id != null) {
                ski.computeIfAbsent(Hex.toHexString(id), k -> new ArrayList<>()).add(cert);
            }
            subject.computeIfAbsent(DistinguishedNames.normalise(cert.getSubjectX500Principal()),
                    k -> new ArrayList<>()).add(cert);
        }
        this.bySubjectKeyId = ski;
        this.bySubject = subject;
    }

    public static Builder builder(Clock clock) {
        return new Builder(clock);
    }

    /** An empty store (every chain check comes out UNDETERMINED). */
    public static TrustStore empty(Clock clock) {
        return builder(clock).build();
    }

    public List<X509Certificate> certificates() {
        return certificates;
    }

    public List<X509CRL> crls() {
        return crls;
    }

    public int size() {
        return certificates.size();
    }

    /**
     * The trusted certificates that may have issued this certificate or CRL issuer: those whose subject key
     * identifier equals its authority key identifier, then those whose subject name is equivalent to its issuer
     * name. The caller still verifies the signature.
     */
    public List<X509Certificate> issuerCandidates(X509Certificate certificate) {
        return candidates(SignedContent.authorityKeyIdentifier(certificate),
                DistinguishedNames.normalise(certificate.getIssuerX500Principal()));
    }

    /** As {@link #issuerCandidates(X509Certificate)}, for a CRL. */
    public List<X509Certificate> issuerCandidates(X509CRL crl) {
        return candidates(SignedContent.authorityKeyIdentifier(crl),
                DistinguishedNames.normalise(crl.getIssuerX500Principal()));
    }

    private List<X509Certificate> candidates(byte[] authorityKeyId, Set<String> issuer) {
        List<X509Certificate> found = new ArrayList<>();
        if (authorityKeyId != null) {
            found.addAll(bySubjectKeyId.getOrDefault(Hex.toHexString(authorityKeyId), List.of()));
        }
        for (X509Certificate cert : bySubject.getOrDefault(issuer, List.of())) {
            if (!found.contains(cert)) {
                found.add(cert);
            }
        }
        return found;
    }

    /** The distinct subject countries (C) of the certificates. */
    public Set<String> countries() {
        Set<String> countries = new TreeSet<>();
        certificates.forEach(c -> DistinguishedNames.country(c.getSubjectX500Principal()).ifPresent(countries::add));
        return countries;
    }

    /** When the store was built (the newest load). */
    public Instant loadedAt() {
        return loadedAt;
    }

    /** Time since the newest load. */
    public Duration age(Clock clock) {
        return Duration.between(loadedAt, clock.instant());
    }

    /** True if the store is older than the given maximum age, so a gate should ask for fresh trust lists. */
    public boolean isStale(Clock clock, Duration maxAge) {
        return age(clock).compareTo(maxAge) > 0;
    }

    @Override
    public String toString() {
        return "TrustStore[certificates=" + certificates.size() + ", crls=" + crls.size() + ", loadedAt=" + loadedAt
                + "]";
    }

    /** Collects trust material; rejects a bad file whole with a {@link TrustStoreException}. */
    public static final class Builder {

        private final Clock clock;
        private final Map<String, X509Certificate> certificates = new LinkedHashMap<>();
        private final Map<String, X509CRL> crls = new LinkedHashMap<>();
        private final List<X509Certificate> masterListRoots = new ArrayList<>();

        private Builder(Clock clock) {
            this.clock = clock;
        }

        /** Roots that master lists loaded afterwards must be signed under (9303-12 §8: the issuing state's CSCA). */
        public Builder masterListRoots(List<X509Certificate> roots) {
            roots.forEach(r -> masterListRoots.add(Certificates.viaBouncyCastle(r)));
            return this;
        }

        public Builder addCertificate(X509Certificate certificate) {
            if (certificates.size() >= MAX_ENTRIES) {
                throw new TrustStoreException(TrustStoreException.Reason.TOO_LARGE, "more than " + MAX_ENTRIES
                        + " certificates");
            }
            X509Certificate bc = Certificates.viaBouncyCastle(certificate);
            try {
                certificates.putIfAbsent(fingerprint(bc.getEncoded()), bc);
            } catch (CertificateEncodingException e) {
                throw new TrustStoreException(TrustStoreException.Reason.MALFORMED, e.getMessage(), e);
            }
            return this;
        }

        public Builder addCrl(X509CRL crl) {
            try {
                crls.putIfAbsent(fingerprint(crl.getEncoded()), crl);
            } catch (CRLException e) {
                throw new TrustStoreException(TrustStoreException.Reason.MALFORMED, e.getMessage(), e);
            }
            return this;
        }

        /**
         * Adds the certificates of a master list after checking its signature. With roots configured, the signer
         * must chain to one of them; without, the CMS signature must still be intact (the operator who configured
         * the file vouches for it) and a warning is logged.
         */
        public MasterList addMasterList(byte[] encoded) {
            MasterList list = MasterList.parse(encoded);
            MasterList.Verification verification = list.verify(masterListRoots);
            if (verification.status() == CheckStatus.UNDETERMINED) {
                Logger.warn("master list with {} certificates accepted without a root to check its signer",
                        list.certificates().size());
            } else if (verification.status() != CheckStatus.PASSED) {
                throw new TrustStoreException(TrustStoreException.Reason.MASTER_LIST_SIGNATURE_INVALID,
                        "master list signature " + verification.status() + " (" + verification.reason() + ")");
            }
            list.certificates().forEach(this::addCertificate);
            return list;
        }

        /**
         * Loads a file or every file in a directory (not recursive): DER or PEM certificates, CRLs and master
         * lists, told apart by content, not by name.
         */
        public Builder load(Path path) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.list(path)) {
                    for (Path file : files.sorted().toList()) {
                        if (Files.isRegularFile(file)) {
                            loadFile(file);
                        }
                    }
                } catch (IOException e) {
                    throw new TrustStoreException(TrustStoreException.Reason.UNREADABLE, path + ": " + e.getMessage(), e);
                }
            } else {
                loadFile(path);
            }
            return this;
        }

        private void loadFile(Path file) {
            byte[] bytes;
            try {
                long size = Files.size(file);
                if (size > MAX_FILE_BYTES) {
                    throw new TrustStoreException(TrustStoreException.Reason.TOO_LARGE,
                            file + " has " + size + " bytes, more than " + MAX_FILE_BYTES);
                }
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new TrustStoreException(TrustStoreException.Reason.UNREADABLE, file + ": " + e.getMessage(), e);
            }
            try {
                addBytes(bytes);
            } catch (TrustStoreException e) {
                throw new TrustStoreException(e.reason(), file + ": " + e.getMessage(), e);
            }
        }

        /** Adds a DER or PEM certificate, a DER or PEM CRL, or a master list, recognised by content. */
        public Builder addBytes(byte[] bytes) {
            if (looksLikePem(bytes)) {
                addPem(new String(bytes, StandardCharsets.US_ASCII));
                return this;
            }
            switch (DerKind.of(bytes)) {
                case CERTIFICATE -> addCertificate(Certificates.decode(bytes));
                case CRL -> addCrl(Certificates.decodeCrl(bytes));
                case CMS -> addMasterList(bytes);
                case UNKNOWN -> throw new TrustStoreException(TrustStoreException.Reason.UNKNOWN_FORMAT,
                        "not a certificate, CRL or master list (" + bytes.length + " bytes)");
            }
            return this;
        }

        private void addPem(String text) {
            int count = 0;
            try (PEMParser parser = new PEMParser(new StringReader(text))) {
                Object object;
                while ((object = parser.readObject()) != null) {
                    if (object instanceof X509CertificateHolder holder) {
                        addCertificate(Certificates.decode(holder.getEncoded()));
                        count++;
                    } else if (object instanceof X509CRLHolder holder) {
                        addCrl(Certificates.decodeCrl(holder.getEncoded()));
                        count++;
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof TrustStoreException t) {
                    throw t;
                }
                throw new TrustStoreException(TrustStoreException.Reason.MALFORMED, "PEM: " + e.getMessage(), e);
            }
            if (count == 0) {
                throw new TrustStoreException(TrustStoreException.Reason.UNKNOWN_FORMAT,
                        "PEM holds no certificate or CRL");
            }
        }

        public TrustStore build() {
            return new TrustStore(new ArrayList<>(certificates.values()), new ArrayList<>(crls.values()),
                    clock.instant());
        }

        private static boolean looksLikePem(byte[] bytes) {
            String head = new String(bytes, 0, Math.min(bytes.length, 1024), StandardCharsets.US_ASCII);
            return head.contains("-----BEGIN ");
        }

        private static String fingerprint(byte[] encoded) {
            try {
                return Hex.toHexString(MessageDigest.getInstance("SHA-256").digest(encoded));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 missing from the Java runtime", e);
            }
        }
    }

    /** Tells DER trust files apart by their structure rather than their names. */
    enum DerKind {
        CERTIFICATE, CRL, CMS, UNKNOWN;

        static DerKind of(byte[] der) {
            try (org.bouncycastle.asn1.ASN1InputStream in = new org.bouncycastle.asn1.ASN1InputStream(der)) {
                org.bouncycastle.asn1.ASN1Primitive object = in.readObject();
                if (!(object instanceof org.bouncycastle.asn1.ASN1Sequence seq) || seq.size() < 2) {
                    return UNKNOWN;
                }
                if (seq.getObjectAt(0) instanceof org.bouncycastle.asn1.ASN1ObjectIdentifier) {
                    return CMS;
                }
                if (seq.getObjectAt(0) instanceof org.bouncycastle.asn1.ASN1Sequence tbs) {
                    // TBSCertificate: [0] version?, serial INTEGER, AlgorithmIdentifier, Name, Validity SEQUENCE ...
                    // TBSCertList: version INTEGER?, AlgorithmIdentifier, Name, thisUpdate Time ...
                    if (tbs.size() < 3) {
                        return UNKNOWN;
                    }
                    org.bouncycastle.asn1.ASN1Encodable first = tbs.getObjectAt(0);
                    if (first instanceof org.bouncycastle.asn1.ASN1TaggedObject) {
                        return CERTIFICATE;
                    }
                    if (first instanceof org.bouncycastle.asn1.ASN1Sequence) {
                        return CRL;
                    }
                    if (tbs.size() > 3 && (tbs.getObjectAt(3) instanceof org.bouncycastle.asn1.ASN1UTCTime
                            || tbs.getObjectAt(3) instanceof org.bouncycastle.asn1.ASN1GeneralizedTime)) {
                        return CRL;
                    }
                    return CERTIFICATE;
                }
                return UNKNOWN;
            } catch (IOException | RuntimeException e) {
                return UNKNOWN;
            }
        }
    }
}
