package org.openegate.gate.risk.names;

import java.util.Objects;

/**
 * One person on the watchlist. Names are given as the list publishes them, in full Unicode (Latin with
 * diacritics or Cyrillic) or already in MRZ form; several given names are separated by spaces. Nationality is a
 * 9303-3 §5 code or empty when unknown; sex is {@link Sex#UNSPECIFIED} when the list does not give it.
 *
 * <p>{@link #toString()} shows only the list's own id: the rest is personal data.
 */
public record ListedPerson(String id, String surname, String givenNames, DateOfBirth dateOfBirth,
                           String nationality, Sex sex) {

    /** An entry whose sex the list does not give. */
    public ListedPerson(String id, String surname, String givenNames, DateOfBirth dateOfBirth, String nationality) {
        this(id, surname, givenNames, dateOfBirth, nationality, Sex.UNSPECIFIED);
    }

    public ListedPerson {
        Objects.requireNonNull(id, "id");
        if (id.isEmpty() || id.length() > 64) {
            throw new NameScreeningException(NameScreeningException.Reason.BAD_CONFIG,
                    "entry id must have 1-64 characters, got " + id.length());
        }
        surname = surname == null ? "" : surname;
        givenNames = givenNames == null ? "" : givenNames;
        dateOfBirth = dateOfBirth == null ? DateOfBirth.UNKNOWN : dateOfBirth;
        nationality = Nationality.normalise(nationality);
        sex = sex == null ? Sex.UNSPECIFIED : sex;
    }

    @Override
    public String toString() {
        return "ListedPerson[id=" + id + ", name redacted, " + dateOfBirth + ", sex redacted]";
    }
}
