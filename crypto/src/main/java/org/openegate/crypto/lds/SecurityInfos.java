package org.openegate.crypto.lds;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code SecurityInfos ::= SET OF SecurityInfo} (9303-11 §9.2), the content of DG14, EF.CardAccess and
 * EF.CardSecurity's signed content. Classified by protocol OID; anything else is kept as
 * {@link SecurityInfo.Unknown}.
 */
public final class SecurityInfos {

    /** BSI TR-03110 / 9303-11 bsi-de protocols arc 0.4.0.127.0.7.2.2. */
    static final String BSI_PROTOCOLS = "0.4.0.127.0.7.2.2";
    static final String ID_PK = BSI_PROTOCOLS + ".1";
    static final String ID_TA = BSI_PROTOCOLS + ".2";
    static final String ID_CA = BSI_PROTOCOLS + ".3";
    static final String ID_PACE = BSI_PROTOCOLS + ".4";
    /** 9303-11 §9.2.8 id-icao-mrtd-security-aaProtocolObject. */
    static final String ID_AA = "2.23.136.1.1.5";
    /** More infos than any chip carries. */
    static final int MAX_INFOS = 64;
    /** TR-03110-3 §A.2.1.1 standardizedDomainParameters: an AlgorithmIdentifier whose parameter is a Table 6 id. */
    static final String STANDARDIZED_DOMAIN_PARAMETERS = "0.4.0.127.0.7.1.2";
    /** 9303-11 §9.5.1 Table 6, standardized domain parameter ids 8 to 18: the elliptic curves. */
    private static final String[] STANDARDIZED_CURVES = {"secp192r1", "brainpoolP192r1", "secp224r1",
        "brainpoolP224r1", "secp256r1", "brainpoolP256r1", "brainpoolP320r1", "secp384r1", "brainpoolP384r1",
        "brainpoolP512r1", "secp521r1"};

    private SecurityInfos() {
    }

    /**
     * The elliptic curve (its BouncyCastle name) of a standardized domain parameter id (9303-11 §9.5.1 Table 6), as
     * PACEInfo parameterId and standardizedDomainParameters carry it; empty for the DH groups 0 to 2 and unknown ids.
     */
    public static Optional<String> standardizedCurve(int parameterId) {
        return parameterId >= 8 && parameterId <= 18 ? Optional.of(STANDARDIZED_CURVES[parameterId - 8])
                : Optional.empty();
    }

    /** Decodes the DER SET OF SecurityInfo; throws {@link LdsException} naming what is wrong. */
    public static List<SecurityInfo> parse(byte[] der) {
        try {
            ASN1Set set = ASN1Set.getInstance(SignedContent.readSingle(der, "SecurityInfos"));
            if (set.size() > MAX_INFOS) {
                throw new LdsException(LdsException.Reason.TOO_MANY_ELEMENTS,
                        "SecurityInfos holds " + set.size() + " entries");
            }
            List<SecurityInfo> infos = new ArrayList<>();
            for (ASN1Encodable element : set) {
                infos.add(info(ASN1Sequence.getInstance(element)));
            }
            return infos;
        } catch (LdsException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new LdsException(LdsException.Reason.MALFORMED_CMS,
                    "SecurityInfos: " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
    }

    private static SecurityInfo info(ASN1Sequence seq) throws IOException {
        if (seq.size() < 2 || seq.size() > 3) {
            throw new LdsException(LdsException.Reason.BAD_VALUE,
                    "SecurityInfo has " + seq.size() + " elements, expected 2 or 3");
        }
        ASN1ObjectIdentifier protocol = ASN1ObjectIdentifier.getInstance(seq.getObjectAt(0));
        ASN1Encodable required = seq.getObjectAt(1);
        Optional<ASN1Encodable> optional = seq.size() == 3 ? Optional.of(seq.getObjectAt(2)) : Optional.empty();
        String id = protocol.getId();
        if (id.startsWith(ID_PACE + ".")) {
            // PACEInfo has 2 arcs below id-PACE (mapping.cipher); PACEDomainParameterInfo has 1 (the mapping)
            int arcs = id.substring(ID_PACE.length() + 1).split("\\.").length;
            if (arcs == 2 && required instanceof ASN1Integer version) {
                return new SecurityInfo.PaceInfo(protocol, version.intValueExact(), optional.map(SecurityInfos::smallInt));
            }
            if (arcs == 1) {
                return new SecurityInfo.PaceDomainParameterInfo(protocol, AlgorithmIdentifier.getInstance(required),
                        optional.map(SecurityInfos::smallInt));
            }
        } else if (id.startsWith(ID_CA + ".") && required instanceof ASN1Integer version) {
            return new SecurityInfo.ChipAuthenticationInfo(protocol, version.intValueExact(),
                    optional.map(o -> ASN1Integer.getInstance(o).getValue()));
        } else if (id.startsWith(ID_PK + ".") && id.substring(ID_PK.length() + 1).indexOf('.') < 0) {
            // id-PK-DH / id-PK-ECDH: one arc below id-PK
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(required);
            return new SecurityInfo.ChipAuthenticationPublicKeyInfo(protocol, spki.getEncoded(ASN1Encoding.DER),
                    optional.map(o -> ASN1Integer.getInstance(o).getValue()));
        } else if (id.equals(ID_TA) && required instanceof ASN1Integer version) {
            return new SecurityInfo.TerminalAuthenticationInfo(protocol, version.intValueExact());
        } else if (id.equals(ID_AA) && required instanceof ASN1Integer version) {
            ASN1ObjectIdentifier algorithm = optional.map(ASN1ObjectIdentifier::getInstance).orElse(null);
            if (algorithm == null) {
                throw new LdsException(LdsException.Reason.MISSING_ELEMENT,
                        "ActiveAuthenticationInfo has no signatureAlgorithm");
            }
            return new SecurityInfo.ActiveAuthenticationInfo(protocol, version.intValueExact(), algorithm);
        }
        return new SecurityInfo.Unknown(protocol, seq.getEncoded(ASN1Encoding.DER));
    }

    /** The SET OF SecurityInfo, in the given order, each info in the form 9303-11 §9.2 gives it. */
    public static byte[] encode(List<SecurityInfo> infos) {
        org.bouncycastle.asn1.ASN1EncodableVector set = new org.bouncycastle.asn1.ASN1EncodableVector();
        for (SecurityInfo info : infos) {
            set.add(encode(info));
        }
        try {
            // kept in the given order (not DER-sorted) so that a DG14 read and re-encoded is unchanged
            return new org.bouncycastle.asn1.DLSet(set).getEncoded(ASN1Encoding.DL);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ASN1Encodable encode(SecurityInfo info) {
        org.bouncycastle.asn1.ASN1EncodableVector seq = new org.bouncycastle.asn1.ASN1EncodableVector();
        seq.add(info.protocol());
        if (info instanceof SecurityInfo.PaceInfo p) {
            seq.add(new ASN1Integer(p.version()));
            p.parameterId().ifPresent(id -> seq.add(new ASN1Integer(id)));
        } else if (info instanceof SecurityInfo.PaceDomainParameterInfo p) {
            seq.add(p.domainParameter());
            p.parameterId().ifPresent(id -> seq.add(new ASN1Integer(id)));
        } else if (info instanceof SecurityInfo.ChipAuthenticationInfo c) {
            seq.add(new ASN1Integer(c.version()));
            c.keyId().ifPresent(id -> seq.add(new ASN1Integer(id)));
        } else if (info instanceof SecurityInfo.ChipAuthenticationPublicKeyInfo c) {
            seq.add(SubjectPublicKeyInfo.getInstance(c.subjectPublicKeyInfo()));
            c.keyId().ifPresent(id -> seq.add(new ASN1Integer(id)));
        } else if (info instanceof SecurityInfo.TerminalAuthenticationInfo t) {
            seq.add(new ASN1Integer(t.version()));
        } else if (info instanceof SecurityInfo.ActiveAuthenticationInfo a) {
            seq.add(new ASN1Integer(a.version()));
            seq.add(a.signatureAlgorithm());
        } else if (info instanceof SecurityInfo.Unknown u) {
            return ASN1Sequence.getInstance(u.encoded());
        }
        return new org.bouncycastle.asn1.DERSequence(seq);
    }

    private static int smallInt(ASN1Encodable value) {
        BigInteger v = ASN1Integer.getInstance(value).getValue();
        if (v.signum() < 0 || v.bitLength() > 16) {
            throw new LdsException(LdsException.Reason.BAD_VALUE, "parameter id " + v + " out of range");
        }
        return v.intValue();
    }
}
