package org.openegate.crypto.chip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * A PACE password (9303-11 §4.4.1): the MRZ (as SHA-1 of the MRZ_information, the same three fields BAC uses) or
 * the six-digit Card Access Number printed on the data page.
 *
 * <p>Secret and personal: {@link #toString()} shows only the password type.
 */
public final class PaceKey implements AccessKey {

    /** The password reference of MSE:SET AT (9303-11 §4.4.4.1, DO'83'). */
    public enum PasswordType {
        MRZ(1), CAN(2);

        private final int reference;

        PasswordType(int reference) {
            this.reference = reference;
        }

        public int reference() {
            return reference;
        }
    }

    private final PasswordType type;
    private final byte[] password;

    private PaceKey(PasswordType type, byte[] password) {
        this.type = type;
        this.password = password;
    }

    /** The MRZ password from the same fields as a BAC key. */
    public static PaceKey fromMrz(BacKey key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-1")
                    .digest(key.mrzInformation().getBytes(StandardCharsets.US_ASCII));
            return new PaceKey(PasswordType.MRZ, hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    /** The MRZ password: document number, date of birth (YYMMDD), date of expiry (YYMMDD). */
    public static PaceKey mrz(String documentNumber, String dateOfBirth, String dateOfExpiry) {
        return fromMrz(BacKey.of(documentNumber, dateOfBirth, dateOfExpiry));
    }

    /** A Card Access Number: six digits. */
    public static PaceKey can(String can) {
        if (can == null || !can.matches("[0-9]{6}")) {
            throw new IllegalArgumentException("CAN must be 6 digits");
        }
        return new PaceKey(PasswordType.CAN, can.getBytes(StandardCharsets.US_ASCII));
    }

    public PasswordType type() {
        return type;
    }

    /** The password bytes the key K_pi is derived from. Secret: never log them. */
    public byte[] password() {
        return password.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PaceKey other && other.type == type && Arrays.equals(other.password, password);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(password);
    }

    /** Type only. */
    @Override
    public String toString() {
        return "PaceKey[" + type + ", redacted]";
    }
}
