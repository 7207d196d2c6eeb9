package org.openegate.crypto.lds;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

import java.math.BigInteger;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Optional;

/**
 * One SecurityInfo of DG14, EF.CardAccess or EF.CardSecurity (9303-11 §9.2): {@code SEQUENCE { protocol
 * OBJECT IDENTIFIER, requiredData ANY, optionalData ANY OPTIONAL }}, decoded into the kinds a gate acts on; every
 * other protocol is kept as {@link Unknown} with its encoding.
 */
public sealed interface SecurityInfo {

    /** The protocol object identifier that names this info. */
    ASN1ObjectIdentifier protocol();

    /** 9303-11 §9.2.1 PACEInfo: protocol id-PACE-*, version (2), the standardised domain parameter id if any. */
    record PaceInfo(ASN1ObjectIdentifier protocol, int version, Optional<Integer> parameterId) implements SecurityInfo {

        /** The mapping named by the protocol OID (id-PACE-{DH,ECDH}-{GM,IM,CAM}-..., 9303-11 §9.2.1). */
        public String mapping() {
            String id = protocol.getId();
            String prefix = SecurityInfos.ID_PACE + ".";
            int kind = Integer.parseInt(id.substring(prefix.length()).split("\\.")[0]);
            return switch (kind) {
                case 1 -> "DH-GM";
                case 2 -> "ECDH-GM";
                case 3 -> "DH-IM";
                case 4 -> "ECDH-IM";
                case 6 -> "ECDH-CAM";
                default -> "UNKNOWN";
            };
        }

        /** True for PACE with Chip Authentication Mapping (9303-11 §4.4.3.5). */
        public boolean isChipAuthenticationMapping() {
            return "ECDH-CAM".equals(mapping());
        }
    }

    /** 9303-11 §9.2.2 PACEDomainParameterInfo: explicit domain parameters for PACE. */
    record PaceDomainParameterInfo(ASN1ObjectIdentifier protocol, AlgorithmIdentifier domainParameter,
                                   Optional<Integer> parameterId) implements SecurityInfo {
    }

    /** 9303-11 §9.2.5 ChipAuthenticationInfo: protocol id-CA-{DH,ECDH}-{3DES,AES}..., version, key id if any. */
    record ChipAuthenticationInfo(ASN1ObjectIdentifier protocol, int version, Optional<BigInteger> keyId)
            implements SecurityInfo {
    }

    /**
     * 9303-11 §9.2.6 ChipAuthenticationPublicKeyInfo: the chip's static key for Chip Authentication, as a
     * SubjectPublicKeyInfo (possibly with explicit EC domain parameters, as in the BSI reference DG14).
     */
    record ChipAuthenticationPublicKeyInfo(ASN1ObjectIdentifier protocol, byte[] subjectPublicKeyInfo,
                                           Optional<BigInteger> keyId) implements SecurityInfo {

        public ChipAuthenticationPublicKeyInfo {
            subjectPublicKeyInfo = subjectPublicKeyInfo.clone();
        }

        @Override
        public byte[] subjectPublicKeyInfo() {
            return subjectPublicKeyInfo.clone();
        }

        /** The key, decoded by BouncyCastle (explicit EC parameters included). */
        public PublicKey publicKey() {
            return PublicKeys.decode(subjectPublicKeyInfo, "ChipAuthenticationPublicKeyInfo");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ChipAuthenticationPublicKeyInfo other && other.protocol.equals(protocol)
                    && Arrays.equals(other.subjectPublicKeyInfo, subjectPublicKeyInfo) && other.keyId.equals(keyId);
        }

        @Override
        public int hashCode() {
            return protocol.hashCode() * 31 + Arrays.hashCode(subjectPublicKeyInfo);
        }

        @Override
        public String toString() {
            return "ChipAuthenticationPublicKeyInfo[protocol=" + protocol + ", keyId=" + keyId + "]";
        }
    }

    /** 9303-11 §9.2.7 TerminalAuthenticationInfo: id-TA, version. */
    record TerminalAuthenticationInfo(ASN1ObjectIdentifier protocol, int version) implements SecurityInfo {
    }

    /** 9303-11 §9.2.8 ActiveAuthenticationInfo: version and the signature algorithm for ECDSA-based AA. */
    record ActiveAuthenticationInfo(ASN1ObjectIdentifier protocol, int version,
                                    ASN1ObjectIdentifier signatureAlgorithm) implements SecurityInfo {
    }

    /** Any other SecurityInfo (EF.DIR info, PACE-CAM public key info, ...): kept, not dropped. */
    record Unknown(ASN1ObjectIdentifier protocol, byte[] encoded) implements SecurityInfo {

        public Unknown {
            encoded = encoded.clone();
        }

        @Override
        public byte[] encoded() {
            return encoded.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown other && other.protocol.equals(protocol) && Arrays.equals(other.encoded, encoded);
        }

        @Override
        public int hashCode() {
            return protocol.hashCode() * 31 + Arrays.hashCode(encoded);
        }

        @Override
        public String toString() {
            return "Unknown[protocol=" + protocol + ", " + encoded.length + " bytes]";
        }
    }
}
