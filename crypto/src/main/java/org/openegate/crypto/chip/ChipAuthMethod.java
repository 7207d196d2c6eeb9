package org.openegate.crypto.chip;

/** How the chip proved it is genuine (9303-11 §6; TR-03135 "chip authenticity"). */
public enum ChipAuthMethod {
    /** Chip Authentication v1 (9303-11 §6.2): key agreement with the DG14 key, then secure messaging restarted. */
    CA,
    /** Active Authentication (9303-11 §6.1): the chip signed our challenge with the DG15 key. */
    AA,
    /** No method ran to a result. */
    NONE
}
