package org.openegate.crypto.chip;

import java.util.Arrays;
import org.openegate.crypto.chip.internal.BacCrypto;
import org.openegate.crypto.mrz.Mrz;

/**
 * The Basic Access Control key (9303-11 §4.3.2): document number, date of birth and date of expiry from the MRZ,
 * each with its check digit. The check digits are computed here, so a caller passes only the three fields as they
 * stand in the MRZ.
 *
 * <p>Personal data: {@link #toString()} is redacted and the fields are not exposed.
 */
public final class BacKey implements AccessKey {

    private final String mrzInformation;

    private BacKey(String mrzInformation) {
        this.mrzInformation = mrzInformation;
    }

    /**
     * @param documentNumber the document number as in the MRZ (A-Z, 0-9, '<'); shorter than 9 characters is
     *     padded with '<'. A longer number (its tail in the optional data) is used whole, with the check digit over
     *     the whole number.
     * @param dateOfBirth YYMMDD
     * @param dateOfExpiry YYMMDD
     * @throws IllegalArgumentException naming the field (never its value) if a field is malformed
     */
    public static BacKey of(String documentNumber, String dateOfBirth, String dateOfExpiry) {
        String number = documentNumber.strip().toUpperCase(java.util.Locale.ROOT);
        if (number.isEmpty() || number.length() > 22 || !number.matches("[0-9A-Z<]+")) {
            throw new IllegalArgumentException("document number must be 1 to 22 characters of 0-9, A-Z, '<' (got "
                    + number.length() + " characters)");
        }
        StringBuilder padded = new StringBuilder(number);
        while (padded.length() < 9) {
            padded.append('<');
        }
        checkDate("date of birth", dateOfBirth);
        checkDate("date of expiry", dateOfExpiry);
        String n = padded.toString();
        return new BacKey(n + Mrz.checkDigit(n) + dateOfBirth + Mrz.checkDigit(dateOfBirth) + dateOfExpiry
                + Mrz.checkDigit(dateOfExpiry));
    }

    /**
     * The key from the MRZ_information as printed (document number, date of birth, date of expiry, each followed by
     * the check digit printed after it), as {@code Mrz.mrzInformation()} gives it. The printed check digits are
     * used as they are: the chip derives its key from them, so recomputing them would lock out a document whose
     * issuer printed a wrong one.
     */
    public static BacKey fromMrzInformation(String mrzInformation) {
        if (mrzInformation == null || !mrzInformation.matches("[0-9A-Z<]{10,23}[0-9]{6}[0-9<][0-9]{6}[0-9<]")) {
            throw new IllegalArgumentException("MRZ information must be a document number with check digit, then"
                    + " YYMMDD and check digit twice (got " + (mrzInformation == null ? "null"
                    : mrzInformation.length() + " characters") + ")");
        }
        return new BacKey(mrzInformation);
    }

    private static void checkDate(String name, String value) {
        if (value == null || !value.matches("[0-9]{6}")) {
            throw new IllegalArgumentException(name + " must be YYMMDD (6 digits)");
        }
    }

    /** Document number, date of birth, date of expiry, each with its check digit: the MRZ_information. */
    String mrzInformation() {
        return mrzInformation;
    }

    /** K_seed (16 bytes). Secret: never log it. */
    public byte[] keySeed() {
        return BacCrypto.keySeed(mrzInformation);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BacKey other && other.mrzInformation.equals(mrzInformation);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(keySeed());
    }

    /** Redacted: the key is made of personal data. */
    @Override
    public String toString() {
        return "BacKey[redacted]";
    }
}
