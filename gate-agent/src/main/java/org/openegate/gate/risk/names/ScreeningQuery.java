package org.openegate.gate.risk.names;

import java.util.Objects;

/**
 * A traveller to screen: names as read (an MRZ name field, or the visual zone in Unicode), date of birth and
 * nationality. {@link #toString()} hides everything personal.
 */
public record ScreeningQuery(String surname, String givenNames, DateOfBirth dateOfBirth, String nationality) {

    public ScreeningQuery {
        surname = surname == null ? "" : surname;
        givenNames = givenNames == null ? "" : givenNames;
        dateOfBirth = dateOfBirth == null ? DateOfBirth.UNKNOWN : dateOfBirth;
        nationality = Nationality.normalise(nationality);
    }

    /**
     * From the MRZ name field ("ERIKSSON<<ANNA<MARIA<<<<", 9303-3 §4.6: primary identifier, "<<", secondary
     * identifier). A field without "<<" is all surname.
     */
    public static ScreeningQuery fromMrz(String nameField, DateOfBirth dateOfBirth, String nationality) {
        Objects.requireNonNull(nameField, "nameField");
        if (nameField.length() > NameNormaliser.MAX_NAME_CHARS) {
            throw new NameScreeningException(NameScreeningException.Reason.NAME_TOO_LONG,
                    "name field has " + nameField.length() + " characters, at most " + NameNormaliser.MAX_NAME_CHARS);
        }
        String trimmed = nameField.replaceAll("<+$", "");
        int split = trimmed.indexOf("<<");
        String primary = split < 0 ? trimmed : trimmed.substring(0, split);
        String secondary = split < 0 ? "" : trimmed.substring(split + 2);
        return new ScreeningQuery(primary, secondary, dateOfBirth, nationality);
    }

    @Override
    public String toString() {
        return "ScreeningQuery[name redacted, " + dateOfBirth + ", nationality "
                + (nationality.isEmpty() ? "unknown" : "redacted") + "]";
    }
}
