package org.openegate.provisioning.enrol;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/**
 * One enrolled gate as the registry knows it: its id (the certificate CN), site and hardware, its state, and its
 * newest certificate. Holds no personal data and no key.
 */
public record DeviceRecord(String deviceId, String site, String hardware, Status status, Instant enrolledAt,
        BigInteger certificateSerial, Instant certificateNotAfter) {

    /** A device is active until it is revoked; a revoked device never comes back under the same id. */
    public enum Status {
        ACTIVE,
        REVOKED
    }

    public DeviceRecord {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(hardware, "hardware");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(enrolledAt, "enrolledAt");
        Objects.requireNonNull(certificateSerial, "certificateSerial");
        Objects.requireNonNull(certificateNotAfter, "certificateNotAfter");
    }
}
