package org.openegate.crypto.lds;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.icao.ICAOObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.openegate.crypto.tlv.Tlv;

import java.io.IOException;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * EF.SOD (9303-10 §4.6.2, 9303-12 §7.3.2): tag 77 wrapping a CMS SignedData (RFC 5652) whose content is the
 * LDSSecurityObject: the hash algorithm and the hash of every data group, and (v1) the LDS and Unicode version.
 *
 * <p>This class only decodes; {@code org.openegate.crypto.pa.PassiveAuthenticator} verifies. The CMS layer is
 * {@link SignedContent}; the tag 77 wrapper is read with the LDS TLV codec.
 */
public final class Sod {

    /** More data group hashes or certificates than any genuine SOD holds. */
    static final int MAX_ELEMENTS = 64;

    private final byte[] encoded;
    private final SignedContent cms;
    private final int ldsSecurityObjectVersion;
    private final DigestAlgorithm digestAlgorithm;
    private final SortedMap<Integer, byte[]> hashes;
    private final String ldsVersion;
    private final String unicodeVersion;

    private Sod(byte[] encoded, SignedContent cms, Parsed p) {
        this.encoded = encoded;
        this.cms = cms;
        this.ldsSecurityObjectVersion = p.ldsVersionNumber;
        this.digestAlgorithm = p.digest;
        this.hashes = Collections.unmodifiableSortedMap(p.hashes);
        this.ldsVersion = p.ldsVersion;
        this.unicodeVersion = p.unicodeVersion;
    }

    /** Decodes EF.SOD; throws {@link LdsException} naming what is wrong. */
    public static Sod parse(byte[] content) {
        Tlv file = LdsTlv.readFile(content, LdsFile.SOD);
        SignedContent cms = SignedContent.parse(file.value(), MAX_ELEMENTS);
        // 9303-10 §4.6.2.2: id-icao-mrtd-security-ldsSecurityObject; some older SODs say id-data.
        if (!ICAOObjectIdentifiers.id_icao_ldsSecurityObject.equals(cms.contentType())
                && !CMSObjectIdentifiers.data.equals(cms.contentType())) {
            throw new LdsException(LdsException.Reason.WRONG_CONTENT_TYPE,
                    "SOD eContentType is " + cms.contentType() + ", not ldsSecurityObject 2.23.136.1.1.1");
        }
        Parsed p = new Parsed();
        try {
            parseLdsSecurityObject(cms.content(), p);
        } catch (LdsException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new LdsException(LdsException.Reason.MALFORMED_CMS,
                    "LDSSecurityObject: " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
        return new Sod(content.clone(), cms, p);
    }

    /** 9303-10 §4.6.2.3: LDSSecurityObject ::= SEQUENCE { version, hashAlgorithm, dataGroupHashValues, ldsVersionInfo OPTIONAL }. */
    private static void parseLdsSecurityObject(byte[] eContent, Parsed p) throws IOException {
        ASN1Sequence lso = ASN1Sequence.getInstance(SignedContent.readSingle(eContent, "LDSSecurityObject"));
        if (lso.size() < 3 || lso.size() > 4) {
            throw new LdsException(LdsException.Reason.BAD_VALUE,
                    "LDSSecurityObject has " + lso.size() + " elements, expected 3 or 4");
        }
        BigInteger version = ASN1Integer.getInstance(lso.getObjectAt(0)).getValue();
        if (version.signum() < 0 || version.compareTo(BigInteger.ONE) > 0) {
            throw new LdsException(LdsException.Reason.BAD_VALUE, "LDSSecurityObject version " + version);
        }
        p.ldsVersionNumber = version.intValue();
        AlgorithmIdentifier hashAlgorithm = AlgorithmIdentifier.getInstance(lso.getObjectAt(1));
        p.digest = DigestAlgorithm.fromOid(hashAlgorithm.getAlgorithm()).orElseThrow(() -> new LdsException(
                LdsException.Reason.UNSUPPORTED_ALGORITHM,
                "LDSSecurityObject hash algorithm " + hashAlgorithm.getAlgorithm()));
        ASN1Sequence hashValues = ASN1Sequence.getInstance(lso.getObjectAt(2));
        if (hashValues.size() > MAX_ELEMENTS) {
            throw new LdsException(LdsException.Reason.TOO_MANY_ELEMENTS,
                    "LDSSecurityObject lists " + hashValues.size() + " data group hashes");
        }
        for (ASN1Encodable element : hashValues) {
            ASN1Sequence dgHash = ASN1Sequence.getInstance(element);
            if (dgHash.size() != 2) {
                throw new LdsException(LdsException.Reason.BAD_VALUE,
                        "DataGroupHash has " + dgHash.size() + " elements, expected 2");
            }
            BigInteger number = ASN1Integer.getInstance(dgHash.getObjectAt(0)).getValue();
            if (number.signum() <= 0 || number.compareTo(BigInteger.valueOf(16)) > 0) {
                throw new LdsException(LdsException.Reason.BAD_VALUE, "data group number " + number + " not 1 to 16");
            }
            byte[] hash = ASN1OctetString.getInstance(dgHash.getObjectAt(1)).getOctets();
            if (p.hashes.put(number.intValue(), hash) != null) {
                throw new LdsException(LdsException.Reason.BAD_VALUE, "data group " + number + " hashed twice");
            }
        }
        if (lso.size() == 4) {
            // LDSVersionInfo ::= SEQUENCE { ldsVersion PrintableString, unicodeVersion PrintableString }
            ASN1Sequence info = ASN1Sequence.getInstance(lso.getObjectAt(3));
            if (info.size() != 2) {
                throw new LdsException(LdsException.Reason.BAD_VALUE,
                        "LDSVersionInfo has " + info.size() + " elements, expected 2");
            }
            p.ldsVersion = asString(info.getObjectAt(0), "ldsVersion");
            p.unicodeVersion = asString(info.getObjectAt(1), "unicodeVersion");
        }
    }

    private static String asString(ASN1Encodable value, String what) {
        if (value instanceof ASN1String s) {
            return s.getString();
        }
        throw new LdsException(LdsException.Reason.BAD_VALUE, "LDSVersionInfo " + what + " is not a string");
    }

    /** The file as given, tag 77 included. */
    public byte[] encoded() {
        return encoded.clone();
    }

    /** The eContentType: ldsSecurityObject (2.23.136.1.1.1), or id-data in some older SODs. */
    public ASN1ObjectIdentifier contentType() {
        return cms.contentType();
    }

    /** The DER LDSSecurityObject the signature covers (through the messageDigest attribute). */
    public byte[] encapsulatedContent() {
        return cms.content();
    }

    /** The CMS layer: certificates, signer identifier, signed attributes, signature algorithm and value. */
    public SignedContent signedContent() {
        return cms;
    }

    /** 0 for LDS 1.7 SODs, 1 when LDSVersionInfo is present (LDS 1.8). */
    public int ldsSecurityObjectVersion() {
        return ldsSecurityObjectVersion;
    }

    /** The hash algorithm of the data group hashes. */
    public DigestAlgorithm digestAlgorithm() {
        return digestAlgorithm;
    }

    /** Data group number -> hash, ascending; the arrays are copies. */
    public Map<Integer, byte[]> dataGroupHashes() {
        SortedMap<Integer, byte[]> copy = new TreeMap<>();
        hashes.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }

    public Optional<byte[]> dataGroupHash(int number) {
        return Optional.ofNullable(hashes.get(number)).map(byte[]::clone);
    }

    /** LDSVersionInfo ldsVersion ("0108"), for LDSSecurityObject v1. */
    public Optional<String> ldsVersion() {
        return Optional.ofNullable(ldsVersion);
    }

    public Optional<String> unicodeVersion() {
        return Optional.ofNullable(unicodeVersion);
    }

    /** The certificates carried in the SignedData, normally the one Document Signer certificate. */
    public List<X509Certificate> certificates() {
        return cms.certificates();
    }

    /** The SignerInfo signatureAlgorithm, parameters included (RSASSA-PSS parameters live here). */
    public AlgorithmIdentifier signatureAlgorithm() {
        return cms.signatureAlgorithm();
    }

    public byte[] signature() {
        return cms.signature();
    }

    /** The signed attributes as the SOD encodes them, tag 31. */
    public byte[] signedAttributes() {
        return cms.signedAttributes();
    }

    @Override
    public String toString() {
        return "Sod[digest=" + digestAlgorithm + ", dataGroups=" + hashes.keySet() + ", signatureAlgorithm="
                + cms.signatureAlgorithm().getAlgorithm() + ", certificates=" + cms.certificates().size() + "]";
    }

    private static final class Parsed {
        int ldsVersionNumber;
        DigestAlgorithm digest;
        final SortedMap<Integer, byte[]> hashes = new TreeMap<>();
        String ldsVersion;
        String unicodeVersion;
    }
}
