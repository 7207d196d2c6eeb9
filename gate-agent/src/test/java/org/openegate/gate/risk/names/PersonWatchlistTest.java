package org.openegate.gate.risk.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PersonWatchlistTest {

    private static final DateOfBirth DOB = DateOfBirth.parse("1971-03-15");

    private static PersonWatchlist list(ListedPerson... people) {
        return PersonWatchlist.of(List.of(people), ScreeningConfig.DEFAULTS);
    }

    private static ListedPerson person(String id, String surname, String given, String dob, String nat) {
        return new ListedPerson(id, surname, given, DateOfBirth.parse(dob), nat);
    }

    private static ScreeningResult mrz(PersonWatchlist list, String nameField, String dob, String nat) {
        return list.screen(ScreeningQuery.fromMrz(nameField, DateOfBirth.parse(dob), nat));
    }

    @Test
    void screen_umlautListedMatchesBothMrzSpellings() {
        PersonWatchlist l = list(person("W1", "Müller", "Jürgen", "1971-03-15", "D"));
        ScreeningResult ue = mrz(l, "MUELLER<<JUERGEN<<<<<<<", "1971-03-15", "D<<");
        ScreeningResult u = mrz(l, "MULLER<<JURGEN", "1971-03-15", "D");
        ScreeningResult uxx = mrz(l, "MUXXLLER<<JUXXRGEN", "1971-03-15", "D");
        assertThat(ue.alert()).isTrue();
        assertThat(ue.matches().get(0).kinds()).contains(MatchKind.EXACT, MatchKind.DOB_EXACT);
        assertThat(u.alert()).isTrue();
        assertThat(u.matches().get(0).kinds()).contains(MatchKind.TRANSLITERATION);
        assertThat(u.matches().get(0).explanations()).contains("surname: transliteration variant");
        assertThat(uxx.alert()).isTrue();
    }

    @Test
    void screen_asciiListedMatchesFoldedSpelling() {
        PersonWatchlist l = list(person("W1", "MUELLER", "HANS", "1971-03-15", ""));
        ScreeningResult r = mrz(l, "MULLER<<HANS", "1971-03-15", "");
        assertThat(r.alert()).isTrue();
        assertThat(r.matches().get(0).kinds()).contains(MatchKind.TRANSLITERATION);
    }

    @Test
    void screen_latinTableA_sharpSAndSlashedO() {
        PersonWatchlist l = list(person("W1", "Strauß", "Søren", "1971-03-15", ""),
                person("W2", "Ñúñez", "José", "1980-01-01", ""));
        assertThat(mrz(l, "STRAUSS<<SOEREN", "1971-03-15", "").alert()).isTrue();
        assertThat(mrz(l, "STRAUSS<<SOREN", "1971-03-15", "").alert()).isTrue();
        assertThat(mrz(l, "NUNEZ<<JOSE", "1980-01-01", "").alert()).isTrue();
        assertThat(mrz(l, "NXXUNXXEZ<<JOSE", "1980-01-01", "").alert()).isTrue();
    }

    @Test
    void screen_cyrillicListedMatchesOldAndNewTransliteration() {
        PersonWatchlist l = list(person("W1", "Черняев", "Юрий", "1971-03-15", "RUS"));
        // 9303-3 §6 Table B (7th edition): IU, I; documents before 2013: YU, Y
        assertThat(mrz(l, "CHERNIAEV<<IURII", "1971-03-15", "RUS").alert()).isTrue();
        assertThat(mrz(l, "CHERNYAEV<<YURIY", "1971-03-15", "RUS").alert()).isTrue();
        ScreeningResult r = mrz(l, "CHERNYAEV<<IURII", "1971-03-15", "RUS");
        assertThat(r.matches().get(0).explanations()).contains("surname: transliteration variant",
                "given name 1: exact", "date of birth: exact", "nationality: same");
    }

    @Test
    void screen_swappedSurnameAndGivenName() {
        PersonWatchlist l = list(person("W1", "Wang", "Xiaoming", "1971-03-15", "CHN"));
        ScreeningResult r = mrz(l, "XIAOMING<<WANG", "1971-03-15", "CHN");
        assertThat(r.alert()).isTrue();
        assertThat(r.matches().get(0).kinds()).contains(MatchKind.SWAPPED_PARTS);
    }

    @Test
    void screen_missingMiddleNameStillAlertsWithDob() {
        PersonWatchlist l = list(person("W1", "Rahman", "Abdul Karim", "1971-03-15", ""));
        ScreeningResult r = mrz(l, "RAHMAN<<ABDUL", "1971-03-15", "");
        assertThat(r.alert()).isTrue();
        assertThat(r.matches().get(0).kinds()).contains(MatchKind.MISSING_PART);
        assertThat(r.matches().get(0).explanations()).contains("given name 2 on the list, not on the document");
    }

    @Test
    void screen_typoInSurname() {
        PersonWatchlist l = list(person("W1", "Schneider", "Thomas", "1971-03-15", ""));
        ScreeningResult r = mrz(l, "SCHNIEDER<<THOMAS", "1971-03-15", "");
        assertThat(r.alert()).isTrue();
        assertThat(r.matches().get(0).kinds()).contains(MatchKind.TYPO);
        assertThat(mrz(l, "SCHNEIDR<<THOMAS", "1971-03-15", "").alert()).isTrue();
        assertThat(mrz(l, "SCHNEIDERS<<THOMAS", "1971-03-15", "").alert()).isTrue();
    }

    @Test
    void screen_phoneticVariant() {
        PersonWatchlist l = list(person("W1", "Hassan", "Mohammed", "1971-03-15", ""));
        ScreeningResult r = mrz(l, "HASSAN<<MUHAMMAD", "1971-03-15", "");
        assertThat(r.alert()).isTrue();
        assertThat(r.matches().get(0).kinds()).contains(MatchKind.PHONETIC);
    }

    @Test
    void screen_truncatedMrzField_onlyWhenTheFieldIsFull() {
        // HADJIGEORGIOU<PAPAKONSTANTINOU<<KONSTANTINOS is 44 characters: a TD3 field (39) cuts it to KONSTAN
        PersonWatchlist l = list(person("W1", "Hadjigeorgiou Papakonstantinou", "Konstantinos", "1971-03-15", ""),
                person("W2", "Papadopoulos", "Konstantinos", "1971-03-15", ""));
        String cut = "HADJIGEORGIOU<PAPAKONSTANTINOU<<KONSTAN";
        assertThat(cut).hasSize(39);
        ScreeningResult full = mrz(l, cut, "1971-03-15", "");
        assertThat(full.alert()).isTrue();
        assertThat(full.matches().get(0).entryId()).isEqualTo("W1");
        assertThat(full.matches().get(0).kinds()).contains(MatchKind.TRUNCATED);
        assertThat(full.matches().get(0).explanations()).contains("given name 1: cut short (full MRZ field)");

        // 9303-3 §4.6.5: a field with room left is not cut, so KONSTAN is another (shorter) name, not KONSTANTINOS
        String roomLeft = "PAPADOPOULOS<<KONSTAN<<<<<<<<<<<<<<<<<<";
        assertThat(roomLeft).hasSize(39);
        ScreeningResult whole = mrz(l, roomLeft, "1971-03-15", "");
        assertThat(whole.matches().get(0).entryId()).isEqualTo("W2");
        assertThat(whole.matches().get(0).kinds()).doesNotContain(MatchKind.TRUNCATED);
        assertThat(whole.matches().get(0).explanations()).noneMatch(x -> x.contains("cut short"));
        assertThat(whole.alert()).isFalse();
        // by parts, a name is whole unless the caller says the field was full
        assertThat(l.screen(new ScreeningQuery("PAPADOPOULOS", "KONSTAN", DOB, "", Sex.MALE)).alert()).isFalse();
        ScreeningResult told = l.screen(new ScreeningQuery("PAPADOPOULOS", "KONSTAN", DOB, "", Sex.MALE, true));
        assertThat(told.alert()).isTrue();
        assertThat(told.matches().get(0).kinds()).contains(MatchKind.TRUNCATED);
        assertThat(told.bestScore()).isGreaterThan(whole.bestScore());
    }

    @Test
    void nameFieldFull_fromFieldLengthAndLastCharacter() {
        // TD1 30, TD2 31, TD3 39 (9303-5, -6, -4): full only at a field's length and ending in a letter
        assertThat(ScreeningQuery.fromMrz("A".repeat(28) + "<<", DOB, "").nameFieldFull()).isFalse();
        assertThat(ScreeningQuery.fromMrz("AB<<" + "C".repeat(26), DOB, "").nameFieldFull()).isTrue();
        assertThat(ScreeningQuery.fromMrz("AB<<" + "C".repeat(27), DOB, "").nameFieldFull()).isTrue();
        assertThat(ScreeningQuery.fromMrz("AB<<" + "C".repeat(35), DOB, "").nameFieldFull()).isTrue();
        assertThat(ScreeningQuery.fromMrz("AB<<" + "C".repeat(34) + "<", DOB, "").nameFieldFull()).isFalse();
        assertThat(ScreeningQuery.fromMrz("AB<<" + "C".repeat(20), DOB, "").nameFieldFull()).isFalse();

        // a parsed TD3 (9303-4 Appendix A specimen's line 2): the name field ends line 1
        String line2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
        assertThat(ScreeningQuery.nameFieldFull(
                org.openegate.crypto.mrz.Mrz.parse("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", line2))).isFalse();
        assertThat(ScreeningQuery.nameFieldFull(
                org.openegate.crypto.mrz.Mrz.parse("P<UTOHADJIGEORGIOU<PAPADOPOULOS<<KONSTANTINO", line2))).isTrue();
    }

    @Test
    void screen_differentPersonSameSurnameDoesNotAlert() {
        PersonWatchlist l = list(person("W1", "Schmidt", "Anna Maria", "1971-03-15", "D"));
        assertThat(mrz(l, "SCHMIDT<<PETER", "1971-03-15", "D").alert()).isFalse();
        assertThat(mrz(l, "SCHMIDT<<ANNA<LENA", "1971-03-15", "D").alert()).isFalse();
    }

    @Test
    void dobRule_exactPartialApproximateAndMismatch() {
        PersonWatchlist l = list(person("W1", "Okafor", "Chinedu", "1970-00-00", ""),
                person("W2", "Novak", "Petra", "1985-06-12", ""),
                person("W3", "Mensah", "Kofi", "~1962", ""));
        ScreeningResult partial = mrz(l, "OKAFOR<<CHINEDU", "1970-11-02", "");
        assertThat(partial.alert()).isTrue();
        assertThat(partial.matches().get(0).kinds()).contains(MatchKind.DOB_PARTIAL);
        assertThat(partial.matches().get(0).explanations()).contains("date of birth: agrees on the known parts");
        // a year-only list date is not approximate: another year contradicts it
        assertThat(mrz(l, "OKAFOR<<CHINEDU", "1971-11-02", "").alert()).isFalse();
        ScreeningResult circa = mrz(l, "MENSAH<<KOFI", "1963-04-30", "");
        assertThat(circa.alert()).isTrue();
        assertThat(circa.matches().get(0).explanations()).contains("date of birth: year ±1");
        assertThat(mrz(l, "MENSAH<<KOFI", "1964-04-30", "").alert()).isFalse();
        ScreeningResult swapped = mrz(l, "NOVAK<<PETRA", "1985-12-06", "");
        assertThat(swapped.alert()).isTrue();
        assertThat(swapped.matches().get(0).kinds()).contains(MatchKind.DOB_DAY_MONTH_SWAPPED);
        ScreeningResult yearTypo = mrz(l, "NOVAK<<PETRA", "1986-06-12", "");
        assertThat(yearTypo.alert()).isTrue();
        assertThat(yearTypo.matches().get(0).kinds()).contains(MatchKind.DOB_YEAR_CLOSE);
        assertThat(mrz(l, "NOVAK<<PETRA", "1986-07-12", "").alert()).isFalse();

        assertThat(DobRule.compare(19850620, 19850620)).isEqualTo(MatchKind.DOB_EXACT);
        assertThat(DobRule.compare(19850600, 19850620)).isEqualTo(MatchKind.DOB_PARTIAL);
        assertThat(DobRule.compare(19850620, 19850206)).isEqualTo(MatchKind.DOB_MISMATCH);
        assertThat(DobRule.compare(19850612, 19851206)).isEqualTo(MatchKind.DOB_DAY_MONTH_SWAPPED);
        assertThat(DobRule.compare(0, 19851206)).isEqualTo(MatchKind.DOB_UNKNOWN);
        assertThat(DobRule.compare(19850000, 19861206)).isEqualTo(MatchKind.DOB_MISMATCH);
        int circa1985 = DateOfBirth.circa(1985).packed();
        assertThat(DobRule.compare(circa1985, 19861206)).isEqualTo(MatchKind.DOB_YEAR_CLOSE);
        assertThat(DobRule.compare(circa1985, 19841206)).isEqualTo(MatchKind.DOB_YEAR_CLOSE);
        assertThat(DobRule.compare(circa1985, 19871206)).isEqualTo(MatchKind.DOB_MISMATCH);
    }

    @Test
    void score_matchOnACommonPartWeighsLessThanOnARareOne_andTheExplanationSaysWhy() {
        List<ListedPerson> people = new java.util.ArrayList<>();
        people.add(person("W1", "Brandstetter", "Maria Quirina", "1971-03-15", ""));
        for (int i = 0; i < 400; i++) {
            // 400 other Marias with distinct surnames make MARIA common on this list
            String surname = "Fill" + (char) ('a' + i / 26 % 26) + (char) ('a' + i % 26) + "ow";
            people.add(person("F" + i, surname, "Maria", "1950-01-01", ""));
        }
        PersonWatchlist l = PersonWatchlist.of(people, ScreeningConfig.DEFAULTS);
        NameMatch missingCommon = mrz(l, "BRANDSTETTER<<QUIRINA", "1971-03-15", "").matches().get(0);
        NameMatch missingRare = mrz(l, "BRANDSTETTER<<MARIA", "1971-03-15", "").matches().get(0);
        assertThat(missingCommon.entryId()).isEqualTo("W1");
        assertThat(missingRare.entryId()).isEqualTo("W1");
        // Matching the rare part is worth more than matching the common one; the part left over costs the same
        // either way (whether a document drops a part does not depend on its rarity).
        assertThat(missingCommon.score()).isGreaterThan(missingRare.score() + 0.02);
        assertThat(missingCommon.explanations()).contains("given name 1 on the list, not on the document");
        assertThat(missingRare.explanations()).contains("given name 1: exact (common part: 401 on the list)");

        // On a one-person list nothing is common: both parts weigh the same and no explanation says otherwise.
        PersonWatchlist alone = list(person("W1", "Brandstetter", "Maria Quirina", "1971-03-15", ""));
        NameMatch a = mrz(alone, "BRANDSTETTER<<QUIRINA", "1971-03-15", "").matches().get(0);
        NameMatch b = mrz(alone, "BRANDSTETTER<<MARIA", "1971-03-15", "").matches().get(0);
        assertThat(a.score()).isEqualTo(b.score());
        assertThat(a.explanations()).noneMatch(e -> e.contains("common"));
    }

    @Test
    void score_dateEvidenceIsGraded() {
        PersonWatchlist l = list(person("FULL", "Schwarzenbach", "Gottfried Alois", "1971-03-15", ""),
                person("YEAR", "Oberleitner", "Gottfried Alois", "1971-00-00", ""),
                person("CIRCA", "Hinterhuber", "Gottfried Alois", "~1971", ""));
        // A typo and a missing part: enough with the exact full date, not with a year or an approximate year.
        ScreeningResult full = mrz(l, "SCHWARZENBAHC<<GOTTFRIED", "1971-03-15", "");
        ScreeningResult year = mrz(l, "OBERLEITNRE<<GOTTFRIED", "1971-03-15", "");
        ScreeningResult circa = mrz(l, "HINTERHUBRE<<GOTTFRIED", "1971-03-15", "");
        assertThat(full.alert()).isTrue();
        assertThat(year.alert()).isFalse();
        assertThat(circa.alert()).isFalse();
        assertThat(full.bestScore()).isGreaterThan(year.bestScore());
        assertThat(year.bestScore()).isGreaterThan(circa.bestScore());
        // The identical name still alerts on a weak date: the gate cannot tell a namesake from the person.
        assertThat(mrz(l, "HINTERHUBER<<GOTTFRIED<ALOIS", "1972-06-01", "").alert()).isTrue();
        // A known different full date never alerts, however close the name.
        assertThat(mrz(l, "SCHWARZENBACH<<GOTTFRIED<ALOIS", "1971-04-15", "").alert()).isFalse();
    }

    @Test
    void score_differentSexLowersTheScoreAndSaysSo_unspecifiedIsNeutral() {
        // A year-only list date keeps the scores below the 1.0 cap, so every adjustment shows.
        DateOfBirth year = DateOfBirth.parse("1971");
        PersonWatchlist l = PersonWatchlist.of(List.of(new ListedPerson("W1", "Kowalczyk", "Jana", year, "POL",
                Sex.FEMALE)), ScreeningConfig.DEFAULTS);
        NameMatch same = l.screen(ScreeningQuery.fromMrz("KOWALCZYK<<JANA", DOB, "POL", Sex.FEMALE)).matches().get(0);
        NameMatch unknown = l.screen(ScreeningQuery.fromMrz("KOWALCZYK<<JANA", DOB, "POL", Sex.UNSPECIFIED))
                .matches().get(0);
        NameMatch other = l.screen(ScreeningQuery.fromMrz("KOWALCZYK<<JANA", DOB, "POL", Sex.fromMrz('M')))
                .matches().get(0);
        // Same sex adds nothing (the given names carry it); unspecified on one side is no evidence either way.
        assertThat(same.score()).isEqualTo(unknown.score());
        assertThat(other.score()).isCloseTo(same.score() + PersonWatchlist.SEX_PENALTY, within(1e-9));
        assertThat(other.kinds()).contains(MatchKind.SEX_DIFFERENT);
        assertThat(other.explanations()).contains("sex: different");
        assertThat(same.explanations()).noneMatch(e -> e.startsWith("sex"));
        // An entry without a sex (the five-argument constructor) is never contradicted by the document.
        PersonWatchlist noSex = list(person("W1", "Kowalczyk", "Jana", "1971", "POL"));
        assertThat(noSex.screen(ScreeningQuery.fromMrz("KOWALCZYK<<JANA", DOB, "POL", Sex.MALE)).bestScore())
                .isEqualTo(same.score());
    }

    @Test
    void commonness_countsTheTravellersSpelling_notOnlyTheEntrysRareOne() {
        // 40 listed HUONGs (born 1950: their dates rule them out for this traveller, but they make HUONG common)
        // and one rare HUONK with a year-only date
        // and, listed first so that the count's walk meets them first, other HUONGs and other NGUYENs
        List<ListedPerson> people = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            people.add(person("T" + i, "Tran", "Thi Huong", "1950-01-01", ""));
        }
        for (int i = 1; i <= 20; i++) {
            people.add(person("N" + i, "Nguyen", "Van Minh", "1950-01-01", ""));
        }
        people.add(person("W0", "Nguyen", "Thi Huonk", "1980-00-00", ""));
        for (int i = 1; i <= 40; i++) {
            people.add(person("W" + i, "Nguyen", "Thi Huong", "1950-01-01", ""));
        }
        PersonWatchlist l = PersonWatchlist.of(people, ScreeningConfig.DEFAULTS);
        // a common HUONG one edit from the rare listed HUONK: a common name, so the weak date weighs little
        NameMatch common = mrz(l, "NGUYEN<<THI<HUONG", "1980-05-05", "").matches().get(0);
        assertThat(common.entryId()).isEqualTo("W0");
        assertThat(common.explanations())
                .contains("common name: 41 listed persons carry these name parts, and the date is weak");
        // a typo nobody carries, of the same rare name: counted by the entry's carriers alone (one: no penalty)
        NameMatch typo = mrz(l, "NGUYEN<<THI<HUONL", "1980-05-05", "").matches().get(0);
        assertThat(typo.entryId()).isEqualTo("W0");
        assertThat(typo.explanations()).noneMatch(x -> x.startsWith("common name"));
        assertThat(typo.score()).isGreaterThan(common.score());
        // the rare name itself is not made common by its neighbour
        NameMatch exact = mrz(l, "NGUYEN<<THI<HUONK", "1980-05-05", "").matches().get(0);
        assertThat(exact.explanations()).noneMatch(x -> x.startsWith("common name"));
    }

    @Test
    void sex_fromMrzReadsFMXAndFiller_andRefusesAnythingElseNamingTheCode() {
        assertThat(Sex.fromMrz('F')).isEqualTo(Sex.FEMALE);
        assertThat(Sex.fromMrz('M')).isEqualTo(Sex.MALE);
        assertThat(Sex.fromMrz('X')).isEqualTo(Sex.UNSPECIFIED);
        assertThat(Sex.fromMrz('<')).isEqualTo(Sex.UNSPECIFIED);
        assertReason(() -> Sex.fromMrz('Q'), NameScreeningException.Reason.BAD_SEX, "U+0051");
    }

    @Test
    void score_nationalityIsGraded_sameAboveUnknownAboveDifferent() {
        PersonWatchlist l = list(person("W1", "Haddad", "Samir", "1971", "LBN"));
        NameMatch same = mrz(l, "HADDAD<<SAMIR", "1971-03-15", "LBN").matches().get(0);
        NameMatch unknown = mrz(l, "HADDAD<<SAMIR", "1971-03-15", "").matches().get(0);
        NameMatch other = mrz(l, "HADDAD<<SAMIR", "1971-03-15", "FRA").matches().get(0);
        assertThat(same.score()).isGreaterThan(unknown.score());
        assertThat(unknown.score()).isGreaterThan(other.score());
        assertThat(other.explanations()).contains("nationality: different");
        // Evidence, not a veto: the identical name in the listed year still alerts on another passport.
        assertThat(other.alert()).isTrue();
    }

    @Test
    void score_commonNameNeedsACloserMatchWithAWeakDate_andTheExplanationCountsTheNamesakes() {
        List<ListedPerson> people = new java.util.ArrayList<>();
        people.add(person("RARE", "Quirrenbach", "Adalbert", "~1971", ""));
        people.add(person("COMMON", "Meyer", "Thomas", "~1971", ""));
        for (int i = 0; i < 40; i++) {
            // forty other THOMAS MEYERs born in other years: the name is common on this list
            people.add(person("M" + i, "Meyer", "Thomas", (1930 + i) + "-01-01", ""));
        }
        for (int i = 0; i < 400; i++) {
            people.add(person("F" + i, "Fill" + (char) ('a' + i / 26 % 26) + (char) ('a' + i % 26) + "ow",
                    "Ottokar", "1950-01-01", ""));
        }
        PersonWatchlist l = PersonWatchlist.of(people, ScreeningConfig.DEFAULTS);
        NameMatch common = mrz(l, "MEYER<<THOMAS", "1972-05-05", "").matches().get(0);
        assertThat(common.entryId()).isEqualTo("COMMON");
        assertThat(common.kinds()).contains(MatchKind.COMMON_NAME, MatchKind.DOB_YEAR_CLOSE);
        assertThat(common.explanations())
                .contains("common name: 41 listed persons carry these name parts, and the date is weak");
        NameMatch rare = mrz(l, "QUIRRENBACH<<ADALBERT", "1972-05-05", "").matches().get(0);
        assertThat(rare.kinds()).doesNotContain(MatchKind.COMMON_NAME);
        assertThat(common.score()).isLessThan(rare.score() - PersonWatchlist.COMMON_NAT * Math.log(41) + 1e-9);
        // A full date is specific enough on its own: no commonness penalty with the exact date.
        NameMatch exact = mrz(l, "MEYER<<THOMAS", "1935-01-01", "").matches().get(0);
        assertThat(exact.entryId()).isEqualTo("M5");
        assertThat(exact.kinds()).contains(MatchKind.DOB_EXACT).doesNotContain(MatchKind.COMMON_NAME);
        assertThat(exact.alert()).isTrue();
    }

    @Test
    void dateOfBirth_parsesPartialAndMrzForms() {
        assertThat(DateOfBirth.parse("1970-00-00")).isEqualTo(new DateOfBirth(1970, 0, 0));
        assertThat(DateOfBirth.parse("1970")).isEqualTo(new DateOfBirth(1970, 0, 0));
        assertThat(DateOfBirth.parse("1970-05")).isEqualTo(new DateOfBirth(1970, 5, 0));
        assertThat(DateOfBirth.parse("")).isEqualTo(DateOfBirth.UNKNOWN);
        assertThat(DateOfBirth.parse("~1970")).isEqualTo(DateOfBirth.circa(1970));
        assertThat(DateOfBirth.circa(1970).toString()).doesNotContain("1970").contains("approximate");
        assertThat(DateOfBirth.fromMrz("690806", LocalDate.of(2026, 1, 1))).isEqualTo(new DateOfBirth(1969, 8, 6));
        assertThat(DateOfBirth.fromMrz("1008<<", LocalDate.of(2026, 1, 1))).isEqualTo(new DateOfBirth(2010, 8, 0));
        assertThatThrownBy(() -> DateOfBirth.parse("1970-02-30"))
                .isInstanceOfSatisfying(NameScreeningException.class,
                        e -> assertThat(e.reason()).isEqualTo(NameScreeningException.Reason.BAD_DATE))
                .hasMessageContaining("day 30");
        assertThatThrownBy(() -> DateOfBirth.parse("19x0-01-01")).hasMessageContaining("offset 2");
    }

    @Test
    void toString_neverShowsNamesDatesOrNationality() {
        ListedPerson p = person("W1", "Müller", "Jürgen", "1971-03-15", "DEU");
        ScreeningQuery q = ScreeningQuery.fromMrz("MUELLER<<JUERGEN", DOB, "DEU");
        PersonWatchlist l = list(p);
        ScreeningResult r = l.screen(q);
        ListedPerson withSex = new ListedPerson("W2", "Müller", "Jürgen", DOB, "DEU", Sex.MALE);
        ScreeningQuery qWithSex = ScreeningQuery.fromMrz("MUELLER<<JUERGEN", DOB, "DEU", Sex.MALE);
        assertThat(withSex.toString()).doesNotContain("MALE");
        assertThat(qWithSex.toString()).doesNotContain("MALE");
        for (String s : List.of(p.toString(), q.toString(), DOB.toString(), r.toString(), l.toString(),
                withSex.toString(), qWithSex.toString())) {
            assertThat(s).doesNotContainIgnoringCase("MUELLER").doesNotContainIgnoringCase("Müller")
                    .doesNotContainIgnoringCase("JUERGEN").doesNotContainIgnoringCase("Jürgen")
                    .doesNotContain("1971").doesNotContain("DEU");
        }
        assertThat(p.toString()).contains("W1");
    }

    @Test
    void badInput_givesReasonAndOffset() {
        PersonWatchlist l = list(person("W1", "Smith", "John", "1971-03-15", ""));
        assertReason(() -> mrz(l, "<<<<", "", ""), NameScreeningException.Reason.EMPTY_NAME, "no name parts");
        assertReason(() -> l.screen(new ScreeningQuery("", "  ", DOB, null)),
                NameScreeningException.Reason.EMPTY_NAME, "no name parts");
        assertReason(() -> l.screen(new ScreeningQuery("SM1TH", "JOHN", DOB, "")),
                NameScreeningException.Reason.INVALID_CHARACTER, "offset 2");
        assertReason(() -> l.screen(new ScreeningQuery("SMITH", "J@HN", DOB, "")),
                NameScreeningException.Reason.INVALID_CHARACTER, "U+0040");
        assertReason(() -> l.screen(new ScreeningQuery("SMITH", "محمد", DOB, "")),
                NameScreeningException.Reason.UNSUPPORTED_SCRIPT, "ARABIC");
        assertReason(() -> l.screen(new ScreeningQuery("A".repeat(1_000_000), "JOHN", DOB, "")),
                NameScreeningException.Reason.NAME_TOO_LONG, "1000000 characters");
        assertReason(() -> l.screen(new ScreeningQuery("A B C D E F G H I J K L M N", "", DOB, "")),
                NameScreeningException.Reason.TOO_MANY_PARTS, "14 parts");
        assertReason(() -> new ScreeningQuery("SMITH", "JOHN", DOB, "GERMANY"),
                NameScreeningException.Reason.BAD_NATIONALITY, "7 letters");
        assertReason(() -> list(person("BAD-7", "", "", "", "")), NameScreeningException.Reason.EMPTY_NAME,
                "entry BAD-7");
        assertReason(() -> new ScreeningConfig(2.0, 5), NameScreeningException.Reason.BAD_CONFIG, "2.0");
    }

    @Test
    void badInput_neverEchoesTheName() {
        PersonWatchlist l = list(person("W1", "Smith", "John", "1971-03-15", ""));
        assertThatThrownBy(() -> l.screen(new ScreeningQuery("SECRETNAME1", "JOHN", DOB, "")))
                .message().doesNotContain("SECRETNAME");
    }

    @Test
    void builder_skipsBadEntryWhenCallerChooses() {
        PersonWatchlist.Builder b = PersonWatchlist.builder(ScreeningConfig.DEFAULTS);
        b.add(person("W1", "Smith", "John", "1971-03-15", ""));
        assertThatThrownBy(() -> b.add(person("W2", "Sm!th", "John", "", "")))
                .isInstanceOf(NameScreeningException.class).hasMessageContaining("entry W2");
        PersonWatchlist l = b.build();
        assertThat(l.size()).isEqualTo(1);
        assertThat(mrz(l, "SMITH<<JOHN", "1971-03-15", "").alert()).isTrue();
    }

    @Test
    void threshold_isConfigurable() {
        List<ListedPerson> people = List.of(person("W1", "Rahman", "Abdul Karim", "1971-03-15", ""));
        PersonWatchlist strict = PersonWatchlist.of(people, ScreeningConfig.DEFAULTS.withAlertThreshold(0.95));
        ScreeningResult r = strict.screen(ScreeningQuery.fromMrz("RAHMAN<<ABDUL", DOB, ""));
        assertThat(r.alert()).isFalse();
        assertThat(r.matches()).isNotEmpty();
        assertThat(r.bestScore()).isLessThan(0.95);
    }

    private static void assertReason(Runnable r, NameScreeningException.Reason reason, String detail) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(NameScreeningException.class,
                e -> assertThat(e.reason()).isEqualTo(reason)).hasMessageContaining(detail);
    }
}
