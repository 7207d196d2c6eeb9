package org.openegate.crypto.chip;

/**
 * The secret a reader needs to open a chip: the MRZ-derived BAC key today; a PACE password (MRZ or CAN) later.
 * Implementations never show their content in {@code toString()}.
 */
public interface AccessKey {
}
