package org.openegate.crypto.lds;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * Verifies the signatures found in SODs and master lists (9303-12 §7.1): RSA PKCS#1 v1.5, RSASSA-PSS with the
 * parameters read from the AlgorithmIdentifier (RFC 4055 §3.1, never guessed), ECDSA with DER or plain (TR-03111)
 * signature values. BouncyCastle's provider is used throughout because real CSCA and DS keys use explicit EC
 * domain parameters, which the JDK's providers refuse.
 */
public final class Signatures {

    private static final Provider BC = new BouncyCastleProvider();

    private Signatures() {
    }

    /** The outcome of one signature check. */
    public enum Outcome {
        VALID,
        INVALID,
        /** The algorithm or its parameters are not one this implementation supports. */
        UNSUPPORTED_ALGORITHM,
        /** The key does not fit the algorithm (an RSA key for ECDSA, a malformed key). */
        KEY_MISMATCH
    }

    /**
     * Verifies a signature. {@code signerDigest} supplies the hash when the algorithm identifier is a bare key
     * algorithm (rsaEncryption, id-ecPublicKey), as some SODs have; it may be null otherwise.
     */
    public static Outcome verify(PublicKey key, AlgorithmIdentifier algorithm, DigestAlgorithm signerDigest,
                                 byte[] data, byte[] signatureValue) {
        Signature verifier;
        try {
            verifier = verifier(algorithm, signerDigest);
        } catch (GeneralSecurityException | RuntimeException e) {
            // unknown or malformed algorithm parameters
            return Outcome.UNSUPPORTED_ALGORITHM;
        }
        if (verifier == null) {
            return Outcome.UNSUPPORTED_ALGORITHM;
        }
        try {
            verifier.initVerify(key);
        } catch (InvalidKeyException | RuntimeException e) {
            return Outcome.KEY_MISMATCH;
        }
        try {
            verifier.update(data);
            return verifier.verify(signatureValue) ? Outcome.VALID : Outcome.INVALID;
        } catch (SignatureException | RuntimeException e) {
            // a signature value that does not even decode (bad DER, wrong length) is an invalid signature
            return Outcome.INVALID;
        }
    }

    /** A readable name: "SHA256withECDSA", "RSASSA-PSS(SHA-256,MGF1-SHA-256,salt=32)". */
    public static String name(AlgorithmIdentifier algorithm, DigestAlgorithm signerDigest) {
        SignatureAlgorithm known = SignatureAlgorithm.fromOid(algorithm.getAlgorithm()).orElse(null);
        if (known == null) {
            return algorithm.getAlgorithm().getId();
        }
        if (known.family() == SignatureAlgorithm.Family.RSA_PSS) {
            try {
                Pss pss = pss(algorithm.getParameters());
                return "RSASSA-PSS(" + pss.hash + ",MGF1-" + pss.mgfHash + ",salt=" + pss.salt + ")";
            } catch (RuntimeException e) {
                // malformed parameters (BouncyCastle throws IllegalArgumentException or ClassCastException)
                return "RSASSA-PSS(bad parameters)";
            }
        }
        DigestAlgorithm digest = known.digest().orElse(signerDigest);
        String hash = digest == null ? "?" : digest.jcaName().replace("-", "");
        return switch (known.family()) {
            case RSA_PKCS1 -> hash + "withRSA";
            case ECDSA -> hash + "withECDSA";
            case ECDSA_PLAIN -> hash + "withPLAIN-ECDSA";
            case RSA_PSS -> throw new AssertionError();
        };
    }

    private static Signature verifier(AlgorithmIdentifier algorithm, DigestAlgorithm signerDigest)
            throws GeneralSecurityException {
        SignatureAlgorithm known = SignatureAlgorithm.fromOid(algorithm.getAlgorithm()).orElse(null);
        if (known == null) {
            return null;
        }
        if (known.family() == SignatureAlgorithm.Family.RSA_PSS) {
            Pss pss = pss(algorithm.getParameters());
            Signature signature = Signature.getInstance("RSASSA-PSS", BC);
            signature.setParameter(new PSSParameterSpec(pss.hash, "MGF1", new MGF1ParameterSpec(pss.mgfHash),
                    pss.salt, pss.trailer));
            return signature;
        }
        DigestAlgorithm digest = known.digest().orElse(signerDigest);
        if (digest == null) {
            return null;
        }
        String hash = digest.jcaName().replace("-", "");
        String name = switch (known.family()) {
            case RSA_PKCS1 -> hash + "withRSA";
            case ECDSA -> hash + "withECDSA";
            case ECDSA_PLAIN -> hash + "withPLAIN-ECDSA";
            case RSA_PSS -> throw new AssertionError();
        };
        return Signature.getInstance(name, BC);
    }

    private record Pss(String hash, String mgfHash, int salt, int trailer) {
    }

    /** RFC 4055 §3.1 RSASSA-PSS-params, with its defaults (SHA-1, MGF1-SHA-1, salt 20, trailer 1). */
    private static Pss pss(ASN1Encodable parameters) {
        RSASSAPSSparams params = parameters == null || parameters instanceof DERNull
                ? new RSASSAPSSparams() : RSASSAPSSparams.getInstance(parameters);
        DigestAlgorithm hash = digestOf(params.getHashAlgorithm());
        AlgorithmIdentifier mgf = params.getMaskGenAlgorithm();
        if (!org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers.id_mgf1.equals(mgf.getAlgorithm())) {
            throw new IllegalArgumentException("PSS mask generation " + mgf.getAlgorithm() + " is not MGF1");
        }
        DigestAlgorithm mgfHash = digestOf(AlgorithmIdentifier.getInstance(mgf.getParameters()));
        int salt = params.getSaltLength().intValueExact();
        int trailer = params.getTrailerField().intValueExact();
        if (salt < 0 || salt > 1024 || trailer != 1) {
            throw new IllegalArgumentException("PSS salt " + salt + " or trailer " + trailer + " out of range");
        }
        return new Pss(hash.jcaName(), mgfHash.jcaName(), salt, trailer);
    }

    private static DigestAlgorithm digestOf(AlgorithmIdentifier id) {
        return DigestAlgorithm.fromOid(id.getAlgorithm()).orElseThrow(
                () -> new IllegalArgumentException("unknown hash " + id.getAlgorithm()));
    }
}
