package org.openegate.provisioning.enrol;

import java.util.Objects;

/**
 * What a gate says about itself when it enrols: its serial (which becomes its device id, the CN of its
 * certificate and its gate level in the topic schema), its hardware model and its site.
 */
public record DeviceAttributes(String serial, String hardware, String site) {

    public DeviceAttributes {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(hardware, "hardware");
        Objects.requireNonNull(site, "site");
        Ids.requireDevice(serial, site);
        if (hardware.isEmpty() || hardware.length() > 128 || !hardware.chars().allMatch(c -> c >= 0x20 && c <= 0x7e)) {
            throw new EnrolmentException(EnrolmentException.Reason.BAD_CONFIGURATION,
                    "hardware description must be 1 to 128 printable ASCII characters (has " + hardware.length() + ")");
        }
    }
}
