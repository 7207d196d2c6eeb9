package org.openegate.crypto.testpassport;

import org.openegate.crypto.lds.DigestAlgorithm;

/**
 * How the factory builds the SOD: the data group hash algorithm, and whether the LDSSecurityObject is version 1
 * with LDSVersionInfo "0108" / "060000" (LDS 1.8, 9303-10 §4.6.2.3) instead of version 0.
 */
public record SodProfile(DigestAlgorithm digest, boolean ldsVersionInfo) {

    /** SHA-256, LDSSecurityObject v0. */
    public static final SodProfile DEFAULT = new SodProfile(DigestAlgorithm.SHA256, false);
}
