package org.openegate.provisioning.bundle;

import java.util.Locale;
import java.util.Optional;

/**
 * What a bundle carries. Versions are counted per type: a trust list of version 9 says nothing about the
 * configuration's version.
 */
public enum BundleType {
    /** The gate's configuration (the lead's {@code ConfigLoader} validates it). */
    CONFIG,
    /** The decision policy: thresholds and rules. */
    POLICY,
    /** CSCA master lists, CSCA certificates and CRLs ({@link TrustListContent}). */
    TRUSTLIST,
    /** The watchlist. */
    WATCHLIST;

    /** The lower-case name used on the command line, in the signed bundle and as the store's folder name. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type whose {@link #wireName()} is {@code name}, if any. */
    public static Optional<BundleType> fromWireName(String name) {
        for (BundleType t : values()) {
            if (t.wireName().equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
