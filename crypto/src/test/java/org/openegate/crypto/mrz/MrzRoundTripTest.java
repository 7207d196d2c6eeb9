package org.openegate.crypto.mrz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Writer and parser against each other over many generated documents (fixed seed, so a failure reproduces):
 * every written MRZ parses back valid with the same fields, and a single changed digit in a date is always caught
 * (7-3-1 weights are coprime to 10, so any digit-for-digit substitution changes the check digit).
 */
class MrzRoundTripTest {

    private static final String LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String ALNUM = LETTERS + "0123456789";

    private static String pick(Random r, String alphabet, int min, int max) {
        int n = min + r.nextInt(max - min + 1);
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String name(Random r, int components) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < components; i++) {
            parts.add(pick(r, LETTERS, 1, 12));
        }
        return String.join(" ", parts);
    }

    @Test
    void generatedDocuments_roundTrip_andDigitErrorsAreCaught() {
        Random r = new Random(9303);
        Mrz.Sex[] sexes = Mrz.Sex.values();
        int longNumbers = 0;
        int whole = 0;
        int secondaryCut = 0;
        int primaryCut = 0;
        for (int i = 0; i < 600; i++) {
            int kind = i % 3;
            MrzWriter w = kind == 0 ? MrzWriter.td3() : kind == 1 ? MrzWriter.td1() : MrzWriter.td2();
            int maxNumber = kind == 0 ? 9 : kind == 1 ? 15 : 13;
            String number = pick(r, ALNUM, 1, maxNumber);
            String optional = kind == 0 ? pick(r, ALNUM, 0, 14) : "";
            LocalDate dob = LocalDate.of(1930, 1, 1).plusDays(r.nextInt(35_000));
            LocalDate doe = LocalDate.of(2000, 1, 1).plusDays(r.nextInt(15_000));
            String surname = name(r, 1 + r.nextInt(3));
            String given = r.nextInt(10) == 0 ? "" : name(r, 1 + r.nextInt(4));
            Mrz.Sex sex = sexes[r.nextInt(sexes.length)];
            Mrz m = w.issuingState(pick(r, LETTERS, 1, 3)).nationality(pick(r, LETTERS, 3, 3)).surname(surname)
                    .givenNames(given).documentNumber(number).dateOfBirth(dob).sex(sex).dateOfExpiry(doe)
                    .optionalData(optional).write();

            assertThat(m.valid()).as("document %d", i).isTrue();
            assertThat(m.documentNumber()).isEqualTo(number);
            assertThat(m.sex()).isEqualTo(sex);
            assertThat(m.optionalData()).isEqualTo(optional);
            assertThat(Mrz.parse(String.join("", m.lines()))).isEqualTo(m);
            assertThat(m.resolvedDateOfBirth(java.time.Clock.fixed(java.time.Instant.parse("2026-11-28T00:00:00Z"),
                    java.time.ZoneOffset.UTC))).isEqualTo(dob);
            // The name is kept whole if it fits; otherwise the secondary identifier is cut at its end, or, for a
            // primary too long to leave room, the primary is cut and one letter of the secondary kept.
            int width = kind == 0 ? 39 : kind == 1 ? 30 : 31;
            String full = surname.replace(' ', '<') + (given.isEmpty() ? "" : "<<" + given.replace(' ', '<'));
            String back = m.surname().replace(' ', '<')
                    + (m.givenNames().isEmpty() ? "" : "<<" + m.givenNames().replace(' ', '<'));
            if (full.length() <= width) {
                assertThat(back).isEqualTo(full);
                whole++;
            } else if (given.isEmpty() || surname.length() + 3 > width) {
                assertThat(m.surname().replace(' ', '<')).isEqualTo(
                        MrzParser.stripTrailingFillers(surname.replace(' ', '<').substring(0,
                                given.isEmpty() ? width : width - 3)));
                assertThat(m.givenNames()).isEqualTo(given.isEmpty() ? "" : given.substring(0, 1));
                primaryCut++;
            } else {
                assertThat(full).startsWith(back);
                assertThat(m.surname()).isEqualTo(surname);
                assertThat(back.length()).isBetween(width - 1, width);
                secondaryCut++;
            }
            String expectedNumberForKey = number.length() > 9 ? number : (number + "<<<<<<<<<").substring(0, 9);
            assertThat(m.mrzInformation()).startsWith(expectedNumberForKey + Mrz.checkDigit(expectedNumberForKey));
            if (number.length() > 9) {
                longNumbers++;
            }

            // One digit of the date of birth changed into another digit: always caught.
            List<String> lines = new ArrayList<>(m.lines());
            int line = 1;
            int start = m.format() == Mrz.Format.TD1 ? 0 : 13;
            int pos = start + r.nextInt(6);
            char[] chars = lines.get(line).toCharArray();
            chars[pos] = (char) ('0' + (chars[pos] - '0' + 1 + r.nextInt(9)) % 10);
            lines.set(line, new String(chars));
            Mrz tampered = Mrz.parse(lines);
            assertThat(tampered.checks()).containsEntry("dateOfBirth", false).containsEntry("composite", false);
            assertThat(tampered.valid()).isFalse();
        }
        assertThat(longNumbers).isGreaterThan(50);
        assertThat(whole).isGreaterThan(50);
        assertThat(secondaryCut).isGreaterThan(50);
        assertThat(primaryCut).isGreaterThan(5);
    }
}
