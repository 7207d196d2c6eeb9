package org.openegate.crypto.testpassport;

/** The key types the test-passport factory can make for a CSCA or a Document Signer. */
public enum KeyAlgorithm {
    /** ECDSA on NIST P-256 (secp256r1), signatures ecdsa-with-SHA256. */
    EC_P256,
    /**
     * ECDSA on brainpoolP256r1 with the domain parameters written out explicitly in the key (as German, Austrian,
     * Finnish, British and Russian CSCAs and Document Signers do), signatures ecdsa-with-SHA256.
     */
    EC_BRAINPOOL_P256_EXPLICIT,
    /** RSA 2048, signatures sha256WithRSAEncryption (PKCS#1 v1.5). */
    RSA_2048,
    /** RSA 2048, signatures RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt. */
    RSA_2048_PSS
}
