package org.openegate.crypto.mrz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Format-specific fields, codes, sex values and the long document number rule. */
class MrzFormatsTest {

    @Test
    void td2_fieldsAndChecks() {
        // 9303-6 Appendix A / 9303-11 Appendix D.2 (TD2 with a 12-character number).
        Mrz m = Mrz.parse("I<UTOSTEVENSON<<PETER<JOHN<<<<<<<<<<", "D23145890<UTO3407127M95071227349<<<8");
        assertThat(m.format()).isEqualTo(Mrz.Format.TD2);
        assertThat(m.documentNumber()).isEqualTo("D23145890734");
        assertThat(m.surname()).isEqualTo("STEVENSON");
        assertThat(m.givenNames()).isEqualTo("PETER JOHN");
        assertThat(m.sex()).isEqualTo(Mrz.Sex.MALE);
        assertThat(m.optionalData()).isEmpty();
        assertThat(m.checks()).containsOnlyKeys("documentNumber", "dateOfBirth", "dateOfExpiry", "composite");
        assertThat(m.valid()).isTrue();
        assertThat(m.mrzInformation()).isEqualTo("D23145890734934071279507122");
    }

    @Test
    void visas_haveNoCompositeAndNoOptionalDataCheck() {
        Mrz a = Mrz.parse("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
                "L8988901C4XXX4009078F96121096ZE184226B<<<<<<");
        assertThat(a.format()).isEqualTo(Mrz.Format.MRVA);
        assertThat(a.nationality()).isEqualTo("XXX");
        assertThat(a.optionalData()).isEqualTo("6ZE184226B");
        assertThat(a.checks()).containsExactly(Map.entry("documentNumber", true), Map.entry("dateOfBirth", true),
                Map.entry("dateOfExpiry", true));
        Mrz b = Mrz.parse("V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<", "L8988901C4XXX4009078F9612109<<<<<<<<");
        assertThat(b.format()).isEqualTo(Mrz.Format.MRVB);
        assertThat(b.checks()).containsOnlyKeys("documentNumber", "dateOfBirth", "dateOfExpiry");
        assertThat(b.valid()).isTrue();
        assertThat(b.mrzInformation()).isEqualTo("L8988901C440090789612109");
    }

    @Test
    void td1_optionalDataOnBothLines() {
        Mrz m = Mrz.parse("I<SWE59000002<8198703142391<<<", "8703145M1701027SWE<<<<<<<<<<<8",
                "SPECIMEN<<SVEN<<<<<<<<<<<<<<<<");
        assertThat(m.documentNumber()).isEqualTo("59000002");
        assertThat(m.optionalData()).isEqualTo("198703142391");
        assertThat(m.optionalData2()).isEmpty();
        Mrz lva = Mrz.parse("I<LVAPA99929216121282<88882<<<", "8212122M1703054LVA<<<<<<<<<<<0",
                "PARAUDZINS<<ANDRIS<<<<<<<<<<<<");
        assertThat(lva.optionalData()).isEqualTo("121282<88882");
        Mrz bel = Mrz.parse("IDBEL600001795<0152<<<<<<<<<<<", "1301014F2311207BEL130101987398",
                "SPECIMEN<<SPECIMEN<<<<<<<<<<<<");
        assertThat(bel.documentNumber()).isEqualTo("600001795015");
        assertThat(bel.optionalData()).isEmpty();
        assertThat(bel.optionalData2()).isEqualTo("13010198739");
        assertThat(bel.valid()).isTrue();
    }

    @Test
    void longNumber_missingOverflow_isAFailedCheckNotACrash() {
        // '<' in the check digit position but nothing in the optional data: no check digit at all.
        Mrz m = Mrz.parse("I<UTOD23145890<<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6",
                "ERIKSSON<<ANNA<MARIA<<<<<<<<<<");
        assertThat(m.documentNumber()).isEqualTo("D23145890");
        assertThat(m.checks()).containsEntry("documentNumber", false);
        assertThat(m.valid()).isFalse();
        assertThat(m.mrzInformation()).isEqualTo("D23145890<74081221204159");
        // One character after the '<': it is the check digit of the 9-character number, no overflow.
        Mrz one = Mrz.parse("I<UTOD23145890<7<<<<<<<<<<<<<<", "3407127M9507122UTO<<<<<<<<<<<2",
                "STEVENSON<<PETER<JOHN<<<<<<<<<");
        assertThat(one.documentNumber()).isEqualTo("D23145890");
        assertThat(one.checks()).containsEntry("documentNumber", true).containsEntry("composite", false);
        // TD3 has no long-number rule: a '<' check digit after a full field is just wrong.
        Mrz td3 = Mrz.parse(MrzTest.TD3_L1, "L898902C3<UTO7408122F1204159ZE184226B<<<<<10");
        assertThat(td3.documentNumber()).isEqualTo("L898902C3");
        assertThat(td3.checks()).containsEntry("documentNumber", false);
    }

    @Test
    void checkDigitLetter_isAFailedCheck() {
        Mrz m = Mrz.parse(MrzTest.TD3_L1, "L898902C3AUTO7408122F1204159ZE184226B<<<<<1A");
        assertThat(m.checks()).containsEntry("documentNumber", false).containsEntry("composite", false);
    }

    @Test
    void germany_D_isReturnedWithoutFillers_andPersonalNumberCheckMayBeFiller() {
        Mrz m = Mrz.parse("P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<",
                "C01X0006H1D<<6408125F1710319<<<<<<<<<<<<<<<0");
        assertThat(m.issuingState()).isEqualTo("D");
        assertThat(m.nationality()).isEqualTo("D");
        assertThat(m.checks()).containsEntry("optionalData", true);
        assertThat(m.valid()).isTrue();
        assertThat(m.mrzInformation()).isEqualTo("C01X0006H164081251710319");
    }

    @Test
    void specialNationalityCodes_andSexValues() {
        for (String code : new String[] {"XXA", "XXB", "XXC", "XXX", "UNO", "EUE"}) {
            for (Mrz.Sex sex : Mrz.Sex.values()) {
                Mrz m = MrzWriter.td3().issuingState("UTO").nationality(code).surname("DOE").givenNames("J")
                        .documentNumber("A1").dateOfBirth("800101").sex(sex).dateOfExpiry("300101").write();
                Mrz again = Mrz.parse(m.lines());
                assertThat(again.nationality()).isEqualTo(code);
                assertThat(again.sex()).isEqualTo(sex);
                assertThat(again.valid()).isTrue();
            }
        }
        assertThat(Mrz.Sex.fromCode('X')).contains(Mrz.Sex.X);
        assertThat(Mrz.Sex.fromCode('<')).contains(Mrz.Sex.UNSPECIFIED);
        assertThat(Mrz.Sex.fromCode('Q')).isEmpty();
    }

    @Test
    void names_fillersBecomeSpaces_oddShapesAreKept() {
        assertThat(MrzParser.splitNames("<<ANNA<MARIA<<<<")).containsExactly("", "ANNA MARIA");
        assertThat(MrzParser.splitNames("TEST<<<<<<<<")).containsExactly("TEST", "");
        assertThat(MrzParser.splitNames("VAN<DER<BERG<<JAN")).containsExactly("VAN DER BERG", "JAN");
        assertThat(MrzParser.splitNames("STEVENSON<<PETER<<JOHN")).containsExactly("STEVENSON", "PETER  JOHN");
        // Truncated by the issuer: the last component is kept as printed.
        assertThat(MrzParser.splitNames("CACADOR<DE<ARAUJO<<ANDRE<ESTEV")).containsExactly("CACADOR DE ARAUJO",
                "ANDRE ESTEV");
        assertThat(MrzParser.splitNames("<<<<<<")).containsExactly("", "");
    }
}
