package org.openegate.provisioning.enrol;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When a gate renews its certificate: once {@code fraction} of the certificate's lifetime has passed (2/3 by
 * default, so a 90-day certificate renews at day 60 and a gate offline for up to a month still renews in time).
 */
public record RotationPolicy(double fraction) {

    public RotationPolicy {
        if (!(fraction > 0.0 && fraction < 1.0)) {
            throw new EnrolmentException(EnrolmentException.Reason.BAD_CONFIGURATION,
                    "rotation fraction " + fraction + " is not strictly between 0 and 1");
        }
    }

    public static RotationPolicy twoThirds() {
        return new RotationPolicy(2.0 / 3.0);
    }

    public Instant renewAt(X509Certificate certificate) {
        Instant from = certificate.getNotBefore().toInstant();
        Instant to = certificate.getNotAfter().toInstant();
        long lifetimeMillis = Duration.between(from, to).toMillis();
        return from.plusMillis((long) (lifetimeMillis * fraction));
    }

    public boolean isDue(X509Certificate certificate, Clock clock) {
        return !clock.instant().isBefore(renewAt(certificate));
    }
}
