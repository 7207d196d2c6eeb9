package org.openegate.crypto.mrz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openegate.crypto.mrz.MrzException.Reason;

/** Known answers from the ICAO Doc 9303 specimens (Utopia), plus the parts the fixture corpus does not reach. */
class MrzTest {

    // 9303-4 Appendix A / 9303-11 Appendix D.2: the Utopia TD3 specimen.
    static final String TD3_L1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
    static final String TD3_L2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
    // 9303-11 Appendix D.2: TD1 with a 12-character document number.
    static final String TD1_L1 = "I<UTOD23145890<7349<<<<<<<<<<<";
    static final String TD1_L2 = "3407127M9507122UTO<<<<<<<<<<<2";
    static final String TD1_L3 = "STEVENSON<<PETER<JOHN<<<<<<<<<";

    private static Clock at(String date) {
        return Clock.fixed(Instant.parse(date + "T12:00:00Z"), ZoneOffset.UTC);
    }

    @Test
    void parse_td3Specimen_givesEveryField() {
        Mrz m = Mrz.parse(TD3_L1, TD3_L2);
        assertThat(m.format()).isEqualTo(Mrz.Format.TD3);
        assertThat(m.documentCode()).isEqualTo("P");
        assertThat(m.issuingState()).isEqualTo("UTO");
        assertThat(m.documentNumber()).isEqualTo("L898902C3");
        assertThat(m.nationality()).isEqualTo("UTO");
        assertThat(m.dateOfBirth()).isEqualTo("740812");
        assertThat(m.sex()).isEqualTo(Mrz.Sex.FEMALE);
        assertThat(m.dateOfExpiry()).isEqualTo("120415");
        assertThat(m.surname()).isEqualTo("ERIKSSON");
        assertThat(m.givenNames()).isEqualTo("ANNA MARIA");
        assertThat(m.optionalData()).isEqualTo("ZE184226B");
        assertThat(m.optionalData2()).isEmpty();
        assertThat(m.checks()).containsExactly(
                java.util.Map.entry("documentNumber", true), java.util.Map.entry("dateOfBirth", true),
                java.util.Map.entry("dateOfExpiry", true), java.util.Map.entry("optionalData", true),
                java.util.Map.entry("composite", true));
        assertThat(m.valid()).isTrue();
        assertThat(m.checkStatus()).isEqualTo(org.openegate.crypto.CheckStatus.PASSED);
        assertThat(m.lines()).containsExactly(TD3_L1, TD3_L2);
    }

    @Test
    void mrzInformation_td3_isFieldCheckDigitDobCdDoeCd() {
        // 9303-11 Appendix D.2 worked example.
        assertThat(Mrz.parse(TD3_L1, TD3_L2).mrzInformation()).isEqualTo("L898902C3674081221204159");
    }

    @Test
    void mrzInformation_longTd1Number_usesCompleteNumberAndItsOwnCheckDigit() {
        Mrz m = Mrz.parse(TD1_L1, TD1_L2, TD1_L3);
        assertThat(m.documentNumber()).isEqualTo("D23145890734");
        assertThat(m.optionalData()).isEmpty();
        assertThat(m.valid()).isTrue();
        // 9303-11 Appendix D.2 (and gmrtd's expectation): the complete number, then check digit 9.
        assertThat(m.mrzInformation()).isEqualTo("D23145890734934071279507122");
    }

    @Test
    void mrzInformation_shortNumberKeepsItsFillers() {
        Mrz m = Mrz.parse("P<CANMARTIN<<SARAH<<<<<<<<<<<<<<<<<<<<<<<<<<",
                "ZE000509<9CAN8501019F2301147<<<<<<<<<<<<<<08");
        assertThat(m.documentNumber()).isEqualTo("ZE000509");
        // 9303-11 §9.7.2: the 9-character field as printed, filler included.
        assertThat(m.mrzInformation()).isEqualTo("ZE000509<985010192301147");
    }

    @Test
    void checkDigit_matchesSpecimenDigits() {
        assertThat(Mrz.checkDigit("L898902C3")).isEqualTo("6");
        assertThat(Mrz.checkDigit("740812")).isEqualTo("2");
        assertThat(Mrz.checkDigit("120415")).isEqualTo("9");
        assertThat(Mrz.checkDigit("ZE184226B<<<<<")).isEqualTo("1");
        assertThat(Mrz.checkDigit("D23145890734")).isEqualTo("9");
        assertThat(Mrz.checkDigit("")).isEqualTo("0");
        assertThat(Mrz.checkDigit("<<<<<<<<<")).isEqualTo("0");
        assertThatThrownBy(() -> Mrz.checkDigit("L8989o2C3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("position 6");
    }

    @Test
    void parse_acceptsLinesSplitByWhitespaceOrConcatenated() {
        Mrz byArgs = Mrz.parse(TD3_L1, TD3_L2);
        assertThat(Mrz.parse(TD3_L1 + "\r\n" + TD3_L2 + "\n")).isEqualTo(byArgs);
        assertThat(Mrz.parse(TD3_L1 + TD3_L2)).isEqualTo(byArgs);
        assertThat(Mrz.parse(List.of("  " + TD3_L1, TD3_L2 + " "))).isEqualTo(byArgs);
        assertThat(Mrz.parse(TD1_L1 + TD1_L2 + TD1_L3).format()).isEqualTo(Mrz.Format.TD1);
    }

    @Test
    void wrongCheckDigit_isReportedNotThrown() {
        Mrz m = Mrz.parse(TD3_L1, "L898902C35UTO7408122F1204159ZE184226B<<<<<10");
        assertThat(m.checks()).containsEntry("documentNumber", false).containsEntry("composite", false)
                .containsEntry("dateOfBirth", true);
        assertThat(m.valid()).isFalse();
        assertThat(m.checkStatus()).isEqualTo(org.openegate.crypto.CheckStatus.FAILED);
    }

    @Test
    void toString_redactsPersonalData() {
        Mrz m = Mrz.parse(TD3_L1, TD3_L2);
        String s = m.toString();
        assertThat(s).contains("TD3", "valid=true", "redacted");
        assertThat(s).doesNotContain("ERIKSSON", "ANNA", "L898902C3", "740812", "120415", "ZE184226B",
                m.mrzInformation());
        Mrz td1 = Mrz.parse(TD1_L1, TD1_L2, TD1_L3);
        assertThat(td1.toString()).doesNotContain("STEVENSON", "PETER", "D23145890", "340712", "950712");
    }

    @Test
    void resolvedDates_useTheInjectedClock() {
        Mrz m = Mrz.parse(TD3_L1, TD3_L2);
        assertThat(m.resolvedDateOfBirth(at("2026-11-28"))).isEqualTo(LocalDate.of(1974, 8, 12));
        assertThat(m.resolvedDateOfExpiry(at("2026-11-28"))).isEqualTo(LocalDate.of(2012, 4, 15));
        // A birth date is never after today: the day before the 1974 birthday, the digits mean 1874.
        assertThat(m.resolvedDateOfBirth(at("1974-08-11"))).isEqualTo(LocalDate.of(1874, 8, 12));
        assertThat(m.resolvedDateOfBirth(at("1974-08-12"))).isEqualTo(LocalDate.of(1974, 8, 12));
    }

    @Test
    void parse_refusesBadShapeWithReasonFieldAndPosition() {
        assertThatThrownBy(() -> Mrz.parse(TD3_L1, "L898902C36UTO7408122F1204159ZE184226B<<<<<1"))
                .isInstanceOfSatisfying(MrzException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.BAD_LINE_LENGTH);
                    assertThat(e.line()).isEqualTo(2);
                });
        assertThatThrownBy(() -> Mrz.parse(TD3_L1, "L898902c36UTO7408122F1204159ZE184226B<<<<<10"))
                .isInstanceOfSatisfying(MrzException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.BAD_CHARACTER);
                    assertThat(e.field()).isEqualTo("documentNumber");
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.position()).isEqualTo(8);
                    assertThat(e.getMessage()).contains("documentNumber", "position 8", "U+0063");
                });
    }
}
