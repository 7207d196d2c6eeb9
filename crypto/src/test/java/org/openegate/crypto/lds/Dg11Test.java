package org.openegate.crypto.lds;

import org.junit.jupiter.api.Test;
import org.openegate.crypto.tlv.Tlv;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openegate.crypto.lds.DerBytes.ascii;
import static org.openegate.crypto.lds.DerBytes.concat;
import static org.openegate.crypto.lds.DerBytes.hex;
import static org.openegate.crypto.lds.DerBytes.text;
import static org.openegate.crypto.lds.DerBytes.tlv;
import static org.openegate.crypto.lds.DerBytes.tlvWithLength;

/**
 * EF.DG11 (9303-10 §4.7.11). The files are built by hand from the table in that section, with the values of the
 * BSI TR-03105-5 specimen holder (ERIKA MUSTERMANN, born 1996-08-12, as in testdata's DG1) and an invented address.
 */
class Dg11Test {

    /** 9303-10 §4.7.11: tag list, full name, other names in A0, personal number, date and place of birth, address. */
    static final byte[] SPEC_SHAPED = tlv("6B",
            tlv("5C", hex("5F0E 5F0F 5F10 5F2B 5F11 5F42")),
            text("5F0E", "MUSTERMANN<<ERIKA"),
            tlv("A0", tlv("02", hex("01")), text("5F0F", "GABLER<<ERIKA")),
            text("5F10", "123456789"),
            text("5F2B", "19960812"),
            text("5F11", "BERLIN<D"),
            text("5F42", "HEIDESTRASSE 17<KOELN<51147<D"));

    /** Every data object of the table, including the JPEG proof of citizenship (a JPEG SOI/EOI stand-in). */
    static final byte[] ALL_FIELDS = tlv("6B",
            tlv("5C", hex("5F0E 5F0F 5F10 5F2B 5F11 5F42 5F12 5F13 5F14 5F15 5F16 5F17 5F18")),
            text("5F0E", "MUSTERMANN<<ERIKA"),
            tlv("A0", tlv("02", hex("02")), text("5F0F", "GABLER<<ERIKA"), text("5F0F", "MUSTER<<ERIKA")),
            text("5F10", "123456789"),
            text("5F2B", "19960812"),
            text("5F11", "BERLIN<D"),
            text("5F42", "HEIDESTRASSE 17<KOELN<51147<D"),
            text("5F12", "+49<221<000000"),
            text("5F13", "ÄRZTIN"),
            text("5F14", "DR"),
            text("5F15", "NONE"),
            tlv("5F16", hex("FFD8 FFD9")),
            text("5F17", "C01X00T47<C01X00T48"),
            text("5F18", "NONE"));

    @Test
    void parse_readsSpecShapedDg11() {
        Dg11 dg11 = Dg11.parse(SPEC_SHAPED);

        assertThat(dg11.tagList()).containsExactly(0x5F0E, 0x5F0F, 0x5F10, 0x5F2B, 0x5F11, 0x5F42);
        assertThat(dg11.tagsPresent()).containsExactly(0x5C, 0x5F0E, 0xA0, 0x5F10, 0x5F2B, 0x5F11, 0x5F42);
        assertThat(dg11.fullName()).contains("MUSTERMANN<<ERIKA");
        assertThat(dg11.otherNames()).containsExactly("GABLER<<ERIKA");
        assertThat(dg11.personalNumber()).contains("123456789");
        assertThat(dg11.fullDateOfBirth()).contains("19960812");
        assertThat(dg11.placeOfBirth()).contains("BERLIN<D");
        assertThat(dg11.permanentAddress()).contains("HEIDESTRASSE 17<KOELN<51147<D");
        assertThat(dg11.telephone()).isEmpty();
        assertThat(dg11.proofOfCitizenship()).isEmpty();
        assertThat(dg11.unknown()).isEmpty();
    }

    @Test
    void parse_readsEveryField() {
        Dg11 dg11 = Dg11.parse(ALL_FIELDS);

        assertThat(dg11.otherNames()).containsExactly("GABLER<<ERIKA", "MUSTER<<ERIKA");
        assertThat(dg11.telephone()).contains("+49<221<000000");
        assertThat(dg11.profession()).contains("ÄRZTIN");
        assertThat(dg11.title()).contains("DR");
        assertThat(dg11.personalSummary()).contains("NONE");
        assertThat(dg11.proofOfCitizenship()).hasValueSatisfying(b -> assertThat(b).isEqualTo(hex("FFD8FFD9")));
        assertThat(dg11.otherValidTdNumbers()).contains("C01X00T47<C01X00T48");
        assertThat(dg11.custodyInformation()).contains("NONE");
        assertThat(dg11.encode()).isEqualTo(ALL_FIELDS);
    }

    @Test
    void encode_isByteExactForSpecShapedAndAllFields() {
        assertThat(Dg11.parse(SPEC_SHAPED).encode()).isEqualTo(SPEC_SHAPED);
        assertThat(Dg11.parse(ALL_FIELDS).encode()).isEqualTo(ALL_FIELDS);
    }

    @Test
    void encode_keepsNonMinimalLengthsOrderAndUnknownTags() {
        // outer length in 82 form, a child in 81 form, the date before the name, an unknown 5F50 and a private C1
        byte[] children = concat(
                tlv("5C", hex("5F2B 5F0E")),
                text("5F2B", "19960812"),
                tlvWithLength("5F0E", "81 11", ascii("MUSTERMANN<<ERIKA")),
                text("5F50", "FUTURE"),
                tlv("C1", hex("00")));
        byte[] odd = concat(hex("6B 82 00"), new byte[] {(byte) children.length}, children);
        Dg11 dg11 = Dg11.parse(odd);

        assertThat(dg11.encode()).isEqualTo(odd);
        assertThat(dg11.fullName()).contains("MUSTERMANN<<ERIKA");
        assertThat(dg11.unknown()).extracting(Tlv::tag).containsExactly(0x5F50, 0xC1);
        assertThat(dg11.unknown().get(0).value()).isEqualTo(ascii("FUTURE"));
    }

    @Test
    void parse_ignoresPaddingAfterTheFile() {
        byte[] padded = concat(SPEC_SHAPED, new byte[16]);

        assertThat(Dg11.parse(padded).encode()).isEqualTo(SPEC_SHAPED);
    }

    @Test
    void parse_readsBcdDateOfBirthOfEarlierLds() {
        byte[] bcd = tlv("6B", tlv("5C", hex("5F2B")), tlv("5F2B", hex("19 96 08 12")));

        Dg11 dg11 = Dg11.parse(bcd);

        assertThat(dg11.fullDateOfBirth()).contains("19960812");
        assertThat(dg11.encode()).isEqualTo(bcd);
    }

    @Test
    void parse_readsOtherNameOutsideA0() {
        byte[] flat = tlv("6B", tlv("5C", hex("5F0F")), text("5F0F", "GABLER<<ERIKA"), text("5F0F", "MUSTER<<E"));

        assertThat(Dg11.parse(flat).otherNames()).containsExactly("GABLER<<ERIKA", "MUSTER<<E");
    }

    @Test
    void builder_writesSpecOrderAndParsesBack() {
        Dg11 built = Dg11.builder()
                .fullName("MUSTERMANN<<ERIKA")
                .otherNames(List.of("GABLER<<ERIKA"))
                .personalNumber("123456789")
                .fullDateOfBirth("19960812")
                .placeOfBirth("BERLIN<D")
                .permanentAddress("HEIDESTRASSE 17<KOELN<51147<D")
                .build();

        // the hand-built file has the same objects in the order of the 9303-10 table
        assertThat(built.encode()).isEqualTo(SPEC_SHAPED);
        assertThat(Dg11.parse(built.encode())).isEqualTo(built);
    }

    @Test
    void builder_writesEveryFieldAsTheHandBuiltFile() {
        assertThat(everyField().build().encode()).isEqualTo(ALL_FIELDS);
    }

    @Test
    void builder_keepsUnknownObjectsAfterTheKnownOnes() {
        Dg11 built = everyField().addUnknown(Tlv.of(0x5F50, ascii("FUTURE"))).build();

        Dg11 parsed = Dg11.parse(built.encode());
        assertThat(parsed.encode()).isEqualTo(built.encode());
        assertThat(parsed.tagList()).containsExactly(0x5F0E, 0x5F0F, 0x5F10, 0x5F2B, 0x5F11, 0x5F42, 0x5F12,
                0x5F13, 0x5F14, 0x5F15, 0x5F16, 0x5F17, 0x5F18, 0x5F50);
        assertThat(parsed.profession()).contains("ÄRZTIN");
        assertThat(parsed.unknown()).extracting(Tlv::tag).containsExactly(0x5F50);
        assertThat(parsed.tagsPresent()).endsWith(0x5F18, 0x5F50);
    }

    private static Dg11.Builder everyField() {
        return Dg11.builder()
                .fullName("MUSTERMANN<<ERIKA")
                .otherNames(List.of("GABLER<<ERIKA", "MUSTER<<ERIKA"))
                .personalNumber("123456789")
                .fullDateOfBirth("19960812")
                .placeOfBirth("BERLIN<D")
                .permanentAddress("HEIDESTRASSE 17<KOELN<51147<D")
                .telephone("+49<221<000000")
                .profession("ÄRZTIN")
                .title("DR")
                .personalSummary("NONE")
                .proofOfCitizenship(hex("FFD8FFD9"))
                .otherValidTdNumbers("C01X00T47<C01X00T48")
                .custodyInformation("NONE");
    }

    @Test
    void builder_rejectsMalformedDate() {
        assertThatThrownBy(() -> Dg11.builder().fullDateOfBirth("1996-08-12"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 digits")
                .hasMessageNotContaining("1996");
    }

    @Test
    void toString_showsTagsButNoPersonalData() {
        Dg11 dg11 = Dg11.parse(ALL_FIELDS);

        String shown = dg11.toString();

        assertThat(shown).contains("5F0E", "5F2B", "redacted");
        assertThat(shown).doesNotContain("MUSTERMANN", "ERIKA", "GABLER", "123456789", "19960812", "1996",
                "BERLIN", "HEIDESTRASSE", "KOELN", "+49", "RZTIN", "C01X00T47");
    }

    @Test
    void errors_nameTheTagButNotTheValue() {
        byte[] badUtf8 = tlv("6B", tlv("5C", hex("5F0E")), tlv("5F0E", ascii("MUSTERMANN<<"), hex("FF")));
        byte[] badDate = tlv("6B", tlv("5C", hex("5F2B")), text("5F2B", "1996081X"));

        assertThatThrownBy(() -> Dg11.parse(badUtf8))
                .isInstanceOfSatisfying(LdsException.class,
                        e -> assertThat(e.reason()).isEqualTo(LdsException.Reason.BAD_VALUE))
                .hasMessageContaining("5F0E").hasMessageNotContaining("MUSTERMANN");
        assertThatThrownBy(() -> Dg11.parse(badDate))
                .isInstanceOfSatisfying(LdsException.class,
                        e -> assertThat(e.reason()).isEqualTo(LdsException.Reason.BAD_VALUE))
                .hasMessageContaining("5F2B").hasMessageContaining("octet 7").hasMessageNotContaining("1996");
    }
}
