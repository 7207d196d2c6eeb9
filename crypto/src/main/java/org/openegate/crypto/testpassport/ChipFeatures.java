package org.openegate.crypto.testpassport;

import java.util.Optional;

/**
 * Which chip protocols a test passport advertises in DG14/DG15: PACE (a PACEInfo in DG14), Chip Authentication
 * (an EC P-256 key, or with {@code chipAuthenticationDh} a DH key in the 2048-bit MODP group of RFC 3526), Active
 * Authentication (an RSA or EC key in DG15).
 */
public record ChipFeatures(boolean pace, boolean chipAuthentication, Optional<KeyAlgorithm> activeAuthentication,
        boolean chipAuthenticationDh) {

    public static final ChipFeatures NONE = new ChipFeatures(false, false, Optional.empty());

    public ChipFeatures {
        if (chipAuthenticationDh && !chipAuthentication) {
            throw new IllegalArgumentException("a DH Chip Authentication key needs chipAuthentication");
        }
    }

    /** Chip Authentication, if on, with an EC P-256 key. */
    public ChipFeatures(boolean pace, boolean chipAuthentication, Optional<KeyAlgorithm> activeAuthentication) {
        this(pace, chipAuthentication, activeAuthentication, false);
    }
}
