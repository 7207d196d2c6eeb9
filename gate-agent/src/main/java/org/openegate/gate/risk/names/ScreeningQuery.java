package org.openegate.gate.risk.names;

import java.util.Objects;
import org.openegate.crypto.mrz.Mrz;

/**
 * A traveller to screen: names as read (an MRZ name field, or the visual zone in Unicode), date of birth,
 * nationality and sex (9303-4 §4.2.2 gives all four). {@link #toString()} hides everything personal.
 *
 * <p>{@code nameFieldFull}: the MRZ name field was filled to its last character, so its last name part may be
 * cut short (9303-3 §4.6.5 truncates only a name that does not fit the field). Only then may a listed name
 * part match a shorter traveller part as "cut short"; a name read from a field with room left is whole.
 */
public record ScreeningQuery(String surname, String givenNames, DateOfBirth dateOfBirth, String nationality,
                             Sex sex, boolean nameFieldFull) {

    /** Name field lengths: TD3 and MRV-A 39 (9303-4 §4.2.2, 9303-7), TD2 and MRV-B 31 (9303-6), TD1 30 (9303-5). */
    private static final int[] NAME_FIELD_LENGTHS = {30, 31, 39};

    /** A traveller whose sex is not known (screened on name, date and nationality only); the name is whole. */
    public ScreeningQuery(String surname, String givenNames, DateOfBirth dateOfBirth, String nationality) {
        this(surname, givenNames, dateOfBirth, nationality, Sex.UNSPECIFIED, false);
    }

    /** A traveller whose name is whole (not cut short by a full MRZ name field). */
    public ScreeningQuery(String surname, String givenNames, DateOfBirth dateOfBirth, String nationality,
                          Sex sex) {
        this(surname, givenNames, dateOfBirth, nationality, sex, false);
    }

    public ScreeningQuery {
        surname = surname == null ? "" : surname;
        givenNames = givenNames == null ? "" : givenNames;
        dateOfBirth = dateOfBirth == null ? DateOfBirth.UNKNOWN : dateOfBirth;
        nationality = Nationality.normalise(nationality);
        sex = sex == null ? Sex.UNSPECIFIED : sex;
    }

    /**
     * From the MRZ name field as printed, fillers included ("ERIKSSON<<ANNA<MARIA<<<<", 9303-3 §4.6: primary
     * identifier, "<<", secondary identifier). A field without "<<" is all surname. The field counts as full
     * (its last part may be cut short) when it has a name field's length (30, 31 or 39) and ends in a letter,
     * not a filler; a field passed without its trailing fillers is taken as whole.
     */
    public static ScreeningQuery fromMrz(String nameField, DateOfBirth dateOfBirth, String nationality) {
        return fromMrz(nameField, dateOfBirth, nationality, Sex.UNSPECIFIED);
    }

    /** As {@link #fromMrz(String, DateOfBirth, String)}, with the MRZ's sex ({@link Sex#fromMrz(char)}). */
    public static ScreeningQuery fromMrz(String nameField, DateOfBirth dateOfBirth, String nationality, Sex sex) {
        Objects.requireNonNull(nameField, "nameField");
        if (nameField.length() > NameNormaliser.MAX_NAME_CHARS) {
            throw new NameScreeningException(NameScreeningException.Reason.NAME_TOO_LONG,
                    "name field has " + nameField.length() + " characters, at most " + NameNormaliser.MAX_NAME_CHARS);
        }
        String trimmed = nameField.replaceAll("<+$", "");
        int split = trimmed.indexOf("<<");
        String primary = split < 0 ? trimmed : trimmed.substring(0, split);
        String secondary = split < 0 ? "" : trimmed.substring(split + 2);
        return new ScreeningQuery(primary, secondary, dateOfBirth, nationality, sex, isFullField(nameField));
    }

    /**
     * Whether a parsed MRZ's name field is filled to its last character (so 9303-3 §4.6.5 may have cut it).
     * The name field ends its line in every format: line 1 of TD2, TD3 and visas, line 3 of TD1.
     */
    public static boolean nameFieldFull(Mrz mrz) {
        Objects.requireNonNull(mrz, "mrz");
        String line = mrz.lines().get(mrz.format() == Mrz.Format.TD1 ? 2 : 0);
        return !line.isEmpty() && line.charAt(line.length() - 1) != '<';
    }

    private static boolean isFullField(String field) {
        if (field.isEmpty() || field.charAt(field.length() - 1) == '<') {
            return false;
        }
        for (int len : NAME_FIELD_LENGTHS) {
            if (field.length() == len) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "ScreeningQuery[name redacted, " + dateOfBirth + ", nationality "
                + (nationality.isEmpty() ? "unknown" : "redacted") + ", sex redacted]";
    }
}
