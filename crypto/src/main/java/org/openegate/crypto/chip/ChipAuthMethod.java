package org.openegate.crypto.chip;

/** How the chip proved it is genuine (9303-11 §6; TR-03135 "chip authenticity"). */
public enum ChipAuthMethod {
    /** Chip Authentication v1 (9303-11 §6.2): key agreement with the DG14 key, then secure messaging restarted. */
    CA,
    /** Active Authentication (9303-11 §6.1): the chip signed our challenge with the DG15 key. */
    AA,
    /**
     * PACE with Chip Authentication Mapping (9303-11 §4.4.3.5): during PACE the chip proved its mapping key is
     * CA_IC times the static key published in DG14.
     */
    PACE_CAM,
    /** No method ran to a result. */
    NONE
}
