package org.openegate.crypto.mrz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class MrzWriterTest {

    private static MrzWriter utopiaTd3() {
        return MrzWriter.td3().issuingState("UTO").nationality("UTO").documentNumber("L898902C3")
                .dateOfBirth("740812").sex(Mrz.Sex.FEMALE).dateOfExpiry("120415");
    }

    @Test
    void td3_reproducesTheIcaoSpecimen() {
        Mrz m = utopiaTd3().surname("Eriksson").givenNames("Anna Maria").optionalData("ZE184226B").write();
        assertThat(m.lines()).containsExactly(MrzTest.TD3_L1, MrzTest.TD3_L2);
        assertThat(m.valid()).isTrue();
    }

    @Test
    void td1_longNumber_isWrittenTheLongWay_andOptionalDataFollowsAFiller() {
        MrzWriter w = MrzWriter.td1().issuingState("UTO").nationality("UTO").surname("STEVENSON")
                .givenNames("PETER JOHN").documentNumber("D23145890734").dateOfBirth("340712").sex(Mrz.Sex.MALE)
                .dateOfExpiry("950712");
        assertThat(w.write().lines()).containsExactly(MrzTest.TD1_L1, MrzTest.TD1_L2, MrzTest.TD1_L3);
        Mrz withData = w.optionalData("ABC").optionalData2("XY12").write();
        assertThat(withData.lines().get(0)).isEqualTo("I<UTOD23145890<7349<ABC<<<<<<<");
        assertThat(withData.documentNumber()).isEqualTo("D23145890734");
        assertThat(withData.optionalData()).isEqualTo("ABC");
        assertThat(withData.optionalData2()).isEqualTo("XY12");
        assertThat(withData.valid()).isTrue();
        assertThat(withData.mrzInformation()).isEqualTo("D23145890734934071279507122");
    }

    @Test
    void td3_unusedPersonalNumber_getsFillerCheckDigit_andGermanyIsDFillerFiller() {
        Mrz m = MrzWriter.td3().issuingState("D").nationality("D").surname("MUSTERMANN").givenNames("ERIKA")
                .documentNumber("C01X0006H").dateOfBirth(LocalDate.of(1964, 8, 12)).sex(Mrz.Sex.FEMALE)
                .dateOfExpiry(LocalDate.of(2017, 10, 31)).write();
        // Same as the German specimen in the fixture corpus (cheminfo/mrz "German example").
        assertThat(m.lines()).containsExactly("P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<",
                "C01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<<0");
    }

    @Test
    void names_hyphenIsFiller_apostropheDropped_blanksCollapsed() {
        Mrz m = utopiaTd3().surname("O'Neil-Smith").givenNames("  Mary   Ann ").write();
        assertThat(m.lines().get(0)).startsWith("P<UTOONEIL<SMITH<<MARY<ANN<<<");
        assertThat(m.surname()).isEqualTo("ONEIL SMITH");
        assertThat(m.givenNames()).isEqualTo("MARY ANN");
    }

    @Test
    void truncation_cutsTheSecondaryIdentifierFirst_endingInALetter() {
        Mrz m = utopiaTd3().surname("ERIKSSON").givenNames("ANNA MARIA ELISABETH CHRISTINA VICTORIA").write();
        assertThat(m.lines().get(0)).isEqualTo("P<UTOERIKSSON<<ANNA<MARIA<ELISABETH<CHRISTIN");
        assertThat(m.givenNames()).isEqualTo("ANNA MARIA ELISABETH CHRISTIN");
    }

    @Test
    void truncation_thatFallsOnASeparator_dropsIt() {
        Mrz m = MrzWriter.td1().issuingState("UTO").nationality("UTO").surname("STEVENSON")
                .givenNames("PETER JOHNATHANXYZ ALEX").documentNumber("D231458907").dateOfBirth("340712")
                .dateOfExpiry("950712").write();
        assertThat(m.lines().get(2)).isEqualTo("STEVENSON<<PETER<JOHNATHANXYZ<");
        assertThat(m.givenNames()).isEqualTo("PETER JOHNATHANXYZ");
    }

    @Test
    void truncation_ofAVeryLongPrimary_leavesOneLetterOfTheSecondary() {
        String longSurname = "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLMN";
        Mrz td1 = MrzWriter.td1().issuingState("UTO").nationality("UTO").surname(longSurname).givenNames("BOB")
                .documentNumber("X1").dateOfBirth("800101").dateOfExpiry("300101").write();
        assertThat(td1.lines().get(2)).isEqualTo("ABCDEFGHIJKLMNOPQRSTUVWXYZA<<B");
        Mrz only = utopiaTd3().surname(longSurname + "OPQ").write();
        assertThat(only.lines().get(0)).isEqualTo("P<UTO" + (longSurname + "OPQ").substring(0, 39));
        assertThat(only.givenNames()).isEmpty();
    }

    @Test
    void td2_isWrittenToo() {
        Mrz m = MrzWriter.td2().issuingState("UTO").nationality("UTO").surname("STEVENSON").givenNames("PETER JOHN")
                .documentNumber("D23145890734").dateOfBirth("340712").sex(Mrz.Sex.MALE).dateOfExpiry("950712")
                .write();
        // 9303-11 Appendix D.2 TD2 example.
        assertThat(m.lines()).containsExactly("I<UTOSTEVENSON<<PETER<JOHN<<<<<<<<<<",
                "D23145890<UTO3407127M95071227349<<<8");
    }

    @Test
    void badInput_isRefusedNamingTheField() {
        assertThatThrownBy(() -> utopiaTd3().surname("Müller")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("surname");
        assertThatThrownBy(() -> utopiaTd3().documentNumber("L898-902")).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("documentNumber");
        assertThatThrownBy(() -> utopiaTd3().documentNumber("L898902C3X").write())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at most 9");
        assertThatThrownBy(() -> utopiaTd3().nationality("UTOP")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> utopiaTd3().dateOfBirth("7408")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> utopiaTd3().documentCode("1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> utopiaTd3().documentCode("V")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("visa");
        assertThatThrownBy(() -> utopiaTd3().optionalData("123456789012345").write())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("optionalData");
        assertThatThrownBy(() -> utopiaTd3().optionalData2("X")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> MrzWriter.td3().issuingState("UTO").write())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not set");
        assertThatThrownBy(() -> MrzWriter.td1().issuingState("UTO").nationality("UTO")
                .documentNumber("D2314589073412345678901234").dateOfBirth("340712").dateOfExpiry("950712").write())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("do not fit");
    }
}
