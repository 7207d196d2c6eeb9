package org.openegate.crypto.lds;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openegate.crypto.lds.DerBytes.concat;
import static org.openegate.crypto.lds.DerBytes.hex;
import static org.openegate.crypto.lds.DerBytes.text;
import static org.openegate.crypto.lds.DerBytes.tlv;

/** Untrusted DG11 and DG12 bytes: every refusal is an {@link LdsException} with a reason, nothing else. */
class Dg11Dg12HostileInputTest {

    static LdsException.Reason dg11Reason(byte[] input) {
        return reason(Dg11::parse, input);
    }

    static LdsException.Reason dg12Reason(byte[] input) {
        return reason(Dg12::parse, input);
    }

    static LdsException.Reason reason(Function<byte[], ?> parser, byte[] input) {
        try {
            parser.apply(input);
        } catch (LdsException e) {
            return e.reason();
        }
        throw new AssertionError("accepted " + input.length + " bytes");
    }

    @Test
    void everyTruncationIsRefused() {
        for (byte[] file : new byte[][] {Dg11Test.SPEC_SHAPED, Dg11Test.ALL_FIELDS}) {
            for (int n = 0; n < file.length; n++) {
                assertThat(dg11Reason(Arrays.copyOf(file, n))).as("DG11 cut to %d bytes", n)
                        .isEqualTo(LdsException.Reason.MALFORMED_TLV);
            }
        }
        for (int n = 0; n < Dg12Test.ALL_FIELDS.length; n++) {
            assertThat(dg12Reason(Arrays.copyOf(Dg12Test.ALL_FIELDS, n))).as("DG12 cut to %d bytes", n)
                    .isEqualTo(LdsException.Reason.MALFORMED_TLV);
        }
    }

    @Test
    void twoGigabyteLengthIsRefusedWithoutAllocating() {
        // outer length 0x7FFFFFFF, then an inner object claiming as much: both exceed the bytes present
        assertThatThrownBy(() -> Dg11.parse(hex("6B 84 7FFFFFFF 5C00")))
                .isInstanceOfSatisfying(LdsException.class,
                        e -> assertThat(e.reason()).isEqualTo(LdsException.Reason.MALFORMED_TLV))
                .hasMessageContaining("2147483647");
        assertThat(dg11Reason(hex("6B 09 5C00 5F0E 84 7FFFFFFF"))).isEqualTo(LdsException.Reason.MALFORMED_TLV);
        assertThat(dg12Reason(hex("6C 84 FFFFFFFF 5C00"))).isEqualTo(LdsException.Reason.MALFORMED_TLV);
        assertThat(dg12Reason(hex("6C 85 0100000000 5C00"))).isEqualTo(LdsException.Reason.MALFORMED_TLV);
        assertThat(dg12Reason(hex("6C 07 A0 84 7FFFFFFF 00"))).isEqualTo(LdsException.Reason.MALFORMED_TLV);
    }

    @Test
    void wrongOuterTagIsRefused() {
        assertThatThrownBy(() -> Dg11.parse(Dg12Test.ALL_FIELDS))
                .isInstanceOfSatisfying(LdsException.class,
                        e -> assertThat(e.reason()).isEqualTo(LdsException.Reason.WRONG_TAG))
                .hasMessageContaining("6B").hasMessageContaining("6C");
        assertThat(dg12Reason(Dg11Test.SPEC_SHAPED)).isEqualTo(LdsException.Reason.WRONG_TAG);
        assertThat(dg11Reason(hex("61 02 5C00"))).isEqualTo(LdsException.Reason.WRONG_TAG);
    }

    @Test
    void emptyAndIndefiniteLengthAreRefused() {
        assertThat(dg11Reason(new byte[0])).isEqualTo(LdsException.Reason.MALFORMED_TLV);
        assertThat(dg12Reason(new byte[0])).isEqualTo(LdsException.Reason.MALFORMED_TLV);
        assertThat(dg11Reason(hex("6B 80 5C00 0000"))).isEqualTo(LdsException.Reason.MALFORMED_TLV);
    }

    @Test
    void missingTagListIsRefused() {
        assertThatThrownBy(() -> Dg11.parse(tlv("6B", text("5F0E", "MUSTERMANN<<ERIKA"))))
                .isInstanceOfSatisfying(LdsException.class,
                        e -> assertThat(e.reason()).isEqualTo(LdsException.Reason.MISSING_ELEMENT))
                .hasMessageContaining("5C");
        assertThat(dg12Reason(tlv("6C", text("5F19", "STADT KOELN")))).isEqualTo(LdsException.Reason.MISSING_ELEMENT);
    }

    @Test
    void childLongerThanItsParentIsRefused() {
        // 5C claims 5 octets inside a 6B that has 1 left
        assertThat(dg11Reason(hex("6B 03 5C 05 00"))).isEqualTo(LdsException.Reason.MALFORMED_TLV);
    }

    @Test
    void tagListWithCutOffTagIsRefused() {
        assertThatThrownBy(() -> Dg11.parse(tlv("6B", tlv("5C", hex("5F0E 5F")))))
                .isInstanceOfSatisfying(LdsException.class,
                        e -> assertThat(e.reason()).isEqualTo(LdsException.Reason.BAD_VALUE))
                .hasMessageContaining("offset 2");
        assertThat(dg12Reason(tlv("6C", tlv("5C", hex("5F FF FF FF"))))).isEqualTo(LdsException.Reason.BAD_VALUE);
    }

    @Test
    void duplicateObjectIsRefused() {
        byte[] twice = tlv("6B", tlv("5C", hex("5F0E")), text("5F0E", "A<<B"), text("5F0E", "C<<D"));

        assertThatThrownBy(() -> Dg11.parse(twice))
                .isInstanceOfSatisfying(LdsException.class,
                        e -> assertThat(e.reason()).isEqualTo(LdsException.Reason.BAD_VALUE))
                .hasMessageContaining("5F0E more than once");
        assertThat(dg12Reason(tlv("6C", tlv("5C", hex("")), tlv("5C", hex(""))))).isEqualTo(
                LdsException.Reason.BAD_VALUE);
    }

    @Test
    void otherNamesBlockMustHoldItsCountAndOnlyNames() {
        byte[] noCount = tlv("6B", tlv("5C", hex("5F0F")), tlv("A0", text("5F0F", "A<<B")));
        byte[] wrongCount = tlv("6B", tlv("5C", hex("5F0F")), tlv("A0", tlv("02", hex("03")), text("5F0F", "A<<B")));
        byte[] wideCount = tlv("6B", tlv("5C", hex("5F0F")), tlv("A0", tlv("02", hex("0001")), text("5F0F", "A")));
        byte[] stranger = tlv("6B", tlv("5C", hex("5F0F")), tlv("A0", tlv("02", hex("01")), text("5F0E", "A<<B")));
        byte[] primitiveA0 = tlv("6B", tlv("5C", hex("5F0F")), tlv("A0", hex("FF")));

        assertThat(dg11Reason(noCount)).isEqualTo(LdsException.Reason.MISSING_ELEMENT);
        assertThatThrownBy(() -> Dg11.parse(wrongCount)).hasMessageContaining("says 3 but 1 follow");
        assertThat(dg11Reason(wrongCount)).isEqualTo(LdsException.Reason.BAD_VALUE);
        assertThat(dg11Reason(wideCount)).isEqualTo(LdsException.Reason.BAD_VALUE);
        assertThat(dg11Reason(stranger)).isEqualTo(LdsException.Reason.BAD_VALUE);
        assertThat(dg11Reason(primitiveA0)).isEqualTo(LdsException.Reason.MALFORMED_TLV);
        assertThat(dg12Reason(tlv("6C", tlv("5C", hex("5F1A")), tlv("A0", tlv("02", hex("02")),
                text("5F1A", "A<<B"))))).isEqualTo(LdsException.Reason.BAD_VALUE);
    }

    @Test
    void badDatesAreRefused() {
        assertThat(dg11Reason(tlv("6B", tlv("5C", hex("5F2B")), text("5F2B", "1996081"))))
                .isEqualTo(LdsException.Reason.BAD_VALUE);
        assertThat(dg11Reason(tlv("6B", tlv("5C", hex("5F2B")), tlv("5F2B", hex("19 96 08 1A")))))
                .isEqualTo(LdsException.Reason.BAD_VALUE);
        assertThat(dg12Reason(tlv("6C", tlv("5C", hex("5F26")), text("5F26", "2O240101"))))
                .isEqualTo(LdsException.Reason.BAD_VALUE);
        assertThat(dg12Reason(tlv("6C", tlv("5C", hex("5F55")), text("5F55", "2024010112000"))))
                .isEqualTo(LdsException.Reason.BAD_VALUE);
    }

    @Test
    void tooManyObjectsAreRefused() {
        byte[][] many = new byte[AdditionalDetails.MAX_ELEMENTS + 1][];
        many[0] = tlv("5C", hex(""));
        for (int i = 1; i < many.length; i++) {
            many[i] = hex("C1 00");
        }
        byte[] children = concat(many);

        assertThat(dg11Reason(concat(hex("6B 82"), new byte[] {(byte) (children.length >> 8),
                (byte) children.length}, children))).isEqualTo(LdsException.Reason.TOO_MANY_ELEMENTS);
        assertThat(dg12Reason(concat(hex("6C 82"), new byte[] {(byte) (children.length >> 8),
                (byte) children.length}, children))).isEqualTo(LdsException.Reason.TOO_MANY_ELEMENTS);
    }

    @Test
    void deepNestingInAnUnknownObjectIsKeptNotRecursed() {
        // 100 levels of nested A1: kept as one unknown object, not decoded, so no stack is spent on it
        byte[] nested = hex("");
        for (int i = 0; i < 100; i++) {
            nested = tlv("A1", nested);
        }
        byte[] file = tlv("6B", tlv("5C", hex("")), nested);

        Dg11 dg11 = Dg11.parse(file);

        assertThat(dg11.unknown()).hasSize(1);
        assertThat(dg11.encode()).isEqualTo(file);
    }
}
