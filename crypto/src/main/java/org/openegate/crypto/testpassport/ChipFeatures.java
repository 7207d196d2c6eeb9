package org.openegate.crypto.testpassport;

import java.util.Objects;
import java.util.Optional;

/**
 * Which chip protocols a test passport advertises in DG14/DG15: PACE (a PACEInfo in DG14, of the given variant),
 * Chip Authentication (an EC P-256 key, with PACE-CAM a key on the PACE curve, or with {@code chipAuthenticationDh}
 * a DH key in the 2048-bit MODP group of RFC 3526), Active Authentication (an RSA or EC key in DG15).
 *
 * @param pace whether the chip offers PACE
 * @param chipAuthentication whether DG14 announces Chip Authentication
 * @param activeAuthentication the Active Authentication key type, if any
 * @param paceVariant the PACE offered when {@code pace} is set; PACE-CAM also puts a CA key on its curve in DG14
 * @param chipAuthenticationDh whether the Chip Authentication key is DH rather than EC
 */
public record ChipFeatures(boolean pace, boolean chipAuthentication, Optional<KeyAlgorithm> activeAuthentication,
                           PaceVariant paceVariant, boolean chipAuthenticationDh) {

    public static final ChipFeatures NONE = new ChipFeatures(false, false, Optional.empty());

    public ChipFeatures {
        Objects.requireNonNull(activeAuthentication, "activeAuthentication");
        Objects.requireNonNull(paceVariant, "paceVariant");
        if (chipAuthenticationDh && !chipAuthentication) {
            throw new IllegalArgumentException("a DH Chip Authentication key needs chipAuthentication");
        }
    }

    /** With PACE, the default variant: ECDH-GM, AES-128, NIST P-256; Chip Authentication, if on, with EC P-256. */
    public ChipFeatures(boolean pace, boolean chipAuthentication, Optional<KeyAlgorithm> activeAuthentication) {
        this(pace, chipAuthentication, activeAuthentication, PaceVariant.DEFAULT, false);
    }

    /** With PACE of this variant; Chip Authentication, if on, with an EC key. */
    public ChipFeatures(boolean pace, boolean chipAuthentication, Optional<KeyAlgorithm> activeAuthentication,
                        PaceVariant paceVariant) {
        this(pace, chipAuthentication, activeAuthentication, paceVariant, false);
    }

    /** With the default PACE variant, and Chip Authentication with a DH key if {@code chipAuthenticationDh}. */
    public ChipFeatures(boolean pace, boolean chipAuthentication, Optional<KeyAlgorithm> activeAuthentication,
                        boolean chipAuthenticationDh) {
        this(pace, chipAuthentication, activeAuthentication, PaceVariant.DEFAULT, chipAuthenticationDh);
    }

    /** PACE of this variant and nothing else (PACE-CAM brings its Chip Authentication key). */
    public static ChipFeatures pace(PaceVariant variant) {
        return new ChipFeatures(true, false, Optional.empty(), variant);
    }

    /** Whether the chip does PACE with Chip Authentication Mapping. */
    public boolean paceCam() {
        return pace && paceVariant.mapping() == PaceVariant.Mapping.CAM;
    }
}
