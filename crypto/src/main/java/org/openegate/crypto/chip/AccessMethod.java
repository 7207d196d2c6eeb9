package org.openegate.crypto.chip;

/** How a chip was opened (9303-11 §4.3, §4.4); the JSON of {@code egate chip read} prints the name. */
public enum AccessMethod {
    /** Basic Access Control, 3DES secure messaging. */
    BAC,
    /** PACE with generic mapping, AES secure messaging. */
    PACE
}
