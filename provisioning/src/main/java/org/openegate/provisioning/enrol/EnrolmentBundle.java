package org.openegate.provisioning.enrol;

import java.util.Objects;

/**
 * One initial bundle handed to a newly enrolled gate: its type ({@code CONFIG}, {@code POLICY}, {@code TRUSTLIST},
 * {@code WATCHLIST}) and the bytes of the signed bundle as {@code BundleSigner.sign} made them. The gate verifies
 * and activates it with its {@code BundleVerifier}/{@code BundleStore}; enrolment only carries it.
 */
public record EnrolmentBundle(String type, byte[] signedBundle) {

    public EnrolmentBundle {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(signedBundle, "signedBundle");
        if (!type.matches("[A-Z_]{1,32}")) {
            throw new IllegalArgumentException("bundle type \"" + type + "\" is not 1 to 32 of [A-Z_]");
        }
        signedBundle = signedBundle.clone();
    }

    @Override
    public byte[] signedBundle() {
        return signedBundle.clone();
    }

    /** Bundles may hold watchlists (personal data): only the type and size are printed. */
    @Override
    public String toString() {
        return "EnrolmentBundle[" + type + ", " + signedBundle.length + " bytes]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EnrolmentBundle b && b.type.equals(type) && java.util.Arrays.equals(b.signedBundle, signedBundle);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + java.util.Arrays.hashCode(signedBundle);
    }
}
