package org.openegate.crypto.testpassport;

import java.util.Optional;

/**
 * Which chip protocols a test passport advertises in DG14/DG15: PACE (a PACEInfo in DG14), Chip Authentication
 * (an EC P-256 key), Active Authentication (an RSA or EC key in DG15).
 */
public record ChipFeatures(boolean pace, boolean chipAuthentication, Optional<KeyAlgorithm> activeAuthentication) {

    public static final ChipFeatures NONE = new ChipFeatures(false, false, Optional.empty());
}
