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

/**
 * EF.DG12 (9303-10 §4.7.12), built by hand from the table in that section with invented specimen values; the
 * images are a JPEG SOI/EOI stand-in (ISO/IEC 10918 markers), not real pictures.
 */
class Dg12Test {

    static final byte[] FRONT = hex("FFD8 0102 FFD9");
    static final byte[] REAR = hex("FFD8 0304 FFD9");

    /** Every data object of the 9303-10 §4.7.12 table, in its order. */
    static final byte[] ALL_FIELDS = tlv("6C",
            tlv("5C", hex("5F19 5F26 5F1A 5F1B 5F1C 5F1D 5F1E 5F55 5F56")),
            text("5F19", "STADT KOELN"),
            text("5F26", "20231101"),
            tlv("A0", tlv("02", hex("02")), text("5F1A", "MUSTERMANN<<LEON"), text("5F1A", "MUSTERMANN<<MIA")),
            text("5F1B", "VALID FOR ALL COUNTRIES"),
            text("5F1C", "NONE"),
            tlv("5F1D", FRONT),
            tlv("5F1E", REAR),
            text("5F55", "20231030141502"),
            text("5F56", "PERSO-0042"));

    @Test
    void parse_readsEveryField() {
        Dg12 dg12 = Dg12.parse(ALL_FIELDS);

        assertThat(dg12.tagList()).containsExactly(0x5F19, 0x5F26, 0x5F1A, 0x5F1B, 0x5F1C, 0x5F1D, 0x5F1E, 0x5F55,
                0x5F56);
        assertThat(dg12.issuingAuthority()).contains("STADT KOELN");
        assertThat(dg12.dateOfIssue()).contains("20231101");
        assertThat(dg12.otherPersons()).containsExactly("MUSTERMANN<<LEON", "MUSTERMANN<<MIA");
        assertThat(dg12.endorsementsAndObservations()).contains("VALID FOR ALL COUNTRIES");
        assertThat(dg12.taxOrExitRequirements()).contains("NONE");
        assertThat(dg12.imageOfFront()).hasValueSatisfying(b -> assertThat(b).isEqualTo(FRONT));
        assertThat(dg12.imageOfRear()).hasValueSatisfying(b -> assertThat(b).isEqualTo(REAR));
        assertThat(dg12.personalizationTime()).contains("20231030141502");
        assertThat(dg12.personalizationSystemSerialNumber()).contains("PERSO-0042");
        assertThat(dg12.unknown()).isEmpty();
        assertThat(dg12.encode()).isEqualTo(ALL_FIELDS);
    }

    @Test
    void parse_readsMinimalDg12() {
        byte[] minimal = tlv("6C", tlv("5C", hex("5F26")), text("5F26", "20231101"));

        Dg12 dg12 = Dg12.parse(minimal);

        assertThat(dg12.dateOfIssue()).contains("20231101");
        assertThat(dg12.issuingAuthority()).isEmpty();
        assertThat(dg12.otherPersons()).isEmpty();
        assertThat(dg12.imageOfFront()).isEmpty();
        assertThat(dg12.encode()).isEqualTo(minimal);
    }

    @Test
    void parse_readsBcdDatesOfEarlierLds() {
        byte[] bcd = tlv("6C", tlv("5C", hex("5F26 5F55")), tlv("5F26", hex("20231101")),
                tlv("5F55", hex("20231030141502")));

        Dg12 dg12 = Dg12.parse(bcd);

        assertThat(dg12.dateOfIssue()).contains("20231101");
        assertThat(dg12.personalizationTime()).contains("20231030141502");
        assertThat(dg12.encode()).isEqualTo(bcd);
    }

    @Test
    void encode_keepsLongImagesUnknownTagsAndOrder() {
        byte[] image = new byte[300]; // forces the 82 length form
        image[0] = (byte) 0xFF;
        image[1] = (byte) 0xD8;
        byte[] file = tlv("6C",
                text("5F56", "PERSO-0042"),
                tlv("5C", hex("5F56 5F1D")),
                tlv("5F1D", image),
                text("5F60", "FUTURE"),
                text("5F1A", "MUSTERMANN<<LEON"));

        Dg12 dg12 = Dg12.parse(file);

        assertThat(dg12.encode()).isEqualTo(file);
        assertThat(dg12.imageOfFront()).hasValueSatisfying(b -> assertThat(b).isEqualTo(image));
        assertThat(dg12.otherPersons()).containsExactly("MUSTERMANN<<LEON");
        assertThat(dg12.unknown()).extracting(Tlv::tag).containsExactly(0x5F60);
    }

    @Test
    void parse_ignoresPaddingAfterTheFile() {
        assertThat(Dg12.parse(concat(ALL_FIELDS, hex("00 00 FF"))).encode()).isEqualTo(ALL_FIELDS);
    }

    @Test
    void builder_writesEveryFieldAsTheHandBuiltFile() {
        Dg12 built = everyField().build();

        assertThat(built.encode()).isEqualTo(ALL_FIELDS);
        assertThat(Dg12.parse(built.encode())).isEqualTo(built);
    }

    @Test
    void builder_keepsUnknownObjectsAfterTheKnownOnes() {
        Dg12 built = everyField().addUnknown(Tlv.of(0x5F60, ascii("FUTURE"))).build();

        Dg12 parsed = Dg12.parse(built.encode());

        assertThat(parsed.encode()).isEqualTo(built.encode());
        assertThat(parsed.unknown()).extracting(Tlv::tag).containsExactly(0x5F60);
        assertThat(parsed.tagList()).endsWith(0x5F56, 0x5F60);
    }

    @Test
    void builder_rejectsMalformedDates() {
        assertThatThrownBy(() -> Dg12.builder().dateOfIssue("2023111")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dg12.builder().personalizationTime("2023-10-30T14:15"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("14 digits");
    }

    @Test
    void builder_rejectsUnknownObjectThatRepeatsAKnownTag() {
        Dg12.Builder builder = everyField().addUnknown(Tlv.of(0x5F19, ascii("X")));

        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(LdsException.class,
                        e -> assertThat(e.reason()).isEqualTo(LdsException.Reason.BAD_VALUE))
                .hasMessageContaining("5F19 more than once");
    }

    @Test
    void toString_showsTagsButNoPersonalData() {
        String shown = Dg12.parse(ALL_FIELDS).toString();

        assertThat(shown).contains("5F19", "5F1D", "redacted");
        assertThat(shown).doesNotContain("KOELN", "20231101", "MUSTERMANN", "LEON", "MIA", "VALID FOR",
                "20231030141502", "PERSO-0042");
    }

    private static Dg12.Builder everyField() {
        return Dg12.builder()
                .issuingAuthority("STADT KOELN")
                .dateOfIssue("20231101")
                .otherPersons(List.of("MUSTERMANN<<LEON", "MUSTERMANN<<MIA"))
                .endorsementsAndObservations("VALID FOR ALL COUNTRIES")
                .taxOrExitRequirements("NONE")
                .imageOfFront(FRONT)
                .imageOfRear(REAR)
                .personalizationTime("20231030141502")
                .personalizationSystemSerialNumber("PERSO-0042");
    }
}
