package org.openegate.gate.risk.names;

import java.util.Objects;

/**
 * A traveller to screen: names as read (an MRZ name field, or the visual zone in Unicode), date of birth,
 * nationality and sex (9303-4 §4.2.2 gives all four). {@link #toString()} hides everything personal.
 */
public record ScreeningQuery(String surname, String givenNames, DateOfBirth dateOfBirth, String nationality,
                             Sex sex) {

    /** A traveller whose sex is not known (screened on name, date and nationality only). */
    public ScreeningQuery(String surname, String givenNames, DateOfBirth dateOfBirth, String nationality) {
        this(surname, givenNames, dateOfBirth, nationality, Sex.UNSPECIFIED);
    }

    public ScreeningQuery {
        surname = surname == null ? "" : surname;
        givenNames = givenNames == null ? "" : givenNames;
        dateOfBirth = dateOfBirth == null ? DateOfBirth.UNKNOWN : dateOfBirth;
        nationality = Nationality.normalise(nationality);
        sex = sex == null ? Sex.UNSPECIFIED : sex;
    }

    /**
     * From the MRZ name field ("ERIKSSON<<ANNA<MARIA<<<<", 9303-3 §4.6: primary identifier, "<<", secondary
     * identifier). A field without "<<" is all surname.
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
        return new ScreeningQuery(primary, secondary, dateOfBirth, nationality, sex);
    }

    @Override
    public String toString() {
        return "ScreeningQuery[name redacted, " + dateOfBirth + ", nationality "
                + (nationality.isEmpty() ? "unknown" : "redacted") + ", sex redacted]";
    }
}
