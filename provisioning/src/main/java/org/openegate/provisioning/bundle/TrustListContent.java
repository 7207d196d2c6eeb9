package org.openegate.provisioning.bundle;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.openegate.crypto.tlv.Tlv;
import org.openegate.crypto.tlv.TlvException;
import org.openegate.crypto.tlv.TlvReader;
import org.openegate.crypto.trust.Certificates;
import org.openegate.crypto.trust.TrustStore;
import org.openegate.crypto.trust.TrustStoreException;

/**
 * The content of a {@link BundleType#TRUSTLIST} bundle: the trust files a gate loads, in DER,
 *
 * <pre>
 * TrustListContent ::= SEQUENCE OF OCTET STRING  -- each a CSCA master list (.ml, CMS), a certificate or a CRL
 * </pre>
 *
 * Each file stays byte-for-byte as published (a master list keeps its own CMS signature), and
 * {@link TrustStore.Builder#addBytes} tells them apart by content, as it does for files on disk.
 */
public final class TrustListContent {

    /** More files than any real trust list; bounds the work on a hostile bundle. */
    static final int MAX_FILES = 10_000;
    private static final int SEQUENCE = 0x30;
    private static final int OCTET_STRING = 0x04;

    private TrustListContent() {
    }

    /** Packs trust files (master lists, certificates, CRLs; DER or PEM) into a trust-list bundle's content. */
    public static byte[] pack(List<byte[]> files) {
        if (files.isEmpty() || files.size() > MAX_FILES) {
            throw new IllegalArgumentException("a trust list holds 1.." + MAX_FILES + " files, not " + files.size());
        }
        List<Tlv> entries = new ArrayList<>();
        for (byte[] file : files) {
            entries.add(Tlv.of(OCTET_STRING, file));
        }
        return Tlv.constructed(SEQUENCE, entries).encode();
    }

    /**
     * The files of a trust-list content, in order.
     *
     * @throws BundleValidator.InvalidContentException naming the offset or entry that is wrong
     */
    public static List<byte[]> unpack(byte[] content) throws BundleValidator.InvalidContentException {
        Tlv sequence;
        List<Tlv> entries;
        try {
            sequence = TlvReader.read(content);
            if (sequence.tag() != SEQUENCE) {
                throw new BundleValidator.InvalidContentException("trust list starts with tag " + Tlv.tagHex(sequence.tag())
                        + ", not a SEQUENCE (30)");
            }
            entries = sequence.children();
        } catch (TlvException e) {
            throw new BundleValidator.InvalidContentException("trust list is not DER: " + e.getMessage(), e);
        }
        if (entries.isEmpty() || entries.size() > MAX_FILES) {
            throw new BundleValidator.InvalidContentException("trust list holds " + entries.size() + " files; 1.."
                    + MAX_FILES + " allowed");
        }
        List<byte[]> files = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Tlv entry = entries.get(i);
            if (entry.tag() != OCTET_STRING || entry.length() == 0) {
                throw new BundleValidator.InvalidContentException("trust list entry " + i + " has tag "
                        + Tlv.tagHex(entry.tag()) + " and " + entry.length() + " bytes; expected a non-empty OCTET STRING");
            }
            files.add(entry.value());
        }
        return files;
    }

    /**
     * Loads a trust-list content into a {@link TrustStore}, checking what a gate relies on: it decodes, holds at
     * least one CSCA certificate, every master list's signature holds (against {@code masterListRoots} when given),
     * and every CRL is signed by a certificate in the list.
     *
     * @throws BundleValidator.InvalidContentException naming the entry and reason
     */
    public static TrustStore load(byte[] content, Clock clock, List<X509Certificate> masterListRoots)
            throws BundleValidator.InvalidContentException {
        List<byte[]> files = unpack(content);
        TrustStore.Builder builder = TrustStore.builder(clock).masterListRoots(masterListRoots);
        for (int i = 0; i < files.size(); i++) {
            try {
                builder.addBytes(files.get(i));
            } catch (TrustStoreException e) {
                throw new BundleValidator.InvalidContentException("trust list entry " + i + ": " + e.getMessage(), e);
            }
        }
        TrustStore store = builder.build();
        if (store.certificates().isEmpty()) {
            throw new BundleValidator.InvalidContentException("trust list holds no CSCA certificate");
        }
        for (X509CRL crl : store.crls()) {
            boolean signed = store.issuerCandidates(crl).stream().anyMatch(issuer -> Certificates.verifiedBy(crl, issuer));
            if (!signed) {
                throw new BundleValidator.InvalidContentException("CRL of " + crl.getIssuerX500Principal().getName()
                        + " (thisUpdate " + crl.getThisUpdate().toInstant() + ") is not signed by a CSCA in the list");
            }
        }
        return store;
    }
}
