package org.openegate.crypto.tlv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TlvTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void read_decodesNestedTwoOctetTags_andRoundTripsByteExact() {
        byte[] com = hex("60 16 5F01 04 30313037 5F36 06 303430303030 5C 04 6175637E");
        Tlv tlv = TlvReader.read(com);
        assertThat(tlv.tag()).isEqualTo(0x60);
        assertThat(tlv.children()).extracting(Tlv::tag).containsExactly(0x5F01, 0x5F36, 0x5C);
        assertThat(tlv.requireChild(0x5C).value()).isEqualTo(hex("6175637E"));
        assertThat(tlv.encode()).isEqualTo(com);
    }

    @Test
    void read_keepsNonMinimalLengthForm() {
        byte[] padded = hex("04 82 0003 010203");
        assertThat(TlvReader.read(padded).encode()).isEqualTo(padded);
    }

    @Test
    void read_refusesTwoGigabyteClaimWithoutAllocating() {
        assertThatThrownBy(() -> TlvReader.read(hex("77 84 7FFFFFFF 00")))
                .isInstanceOfSatisfying(TlvException.class,
                        e -> assertThat(e.reason()).isEqualTo(TlvException.Reason.LENGTH_EXCEEDS_INPUT));
        assertThatThrownBy(() -> TlvReader.read(hex("77 84 FFFFFFFF 00")))
                .isInstanceOfSatisfying(TlvException.class,
                        e -> assertThat(e.reason()).isEqualTo(TlvException.Reason.LENGTH_TOO_LONG));
    }

    @Test
    void read_refusesIndefiniteTruncatedAndTrailing() {
        assertThatThrownBy(() -> TlvReader.read(hex("30 80 0000")))
                .hasFieldOrPropertyWithValue("reason", TlvException.Reason.INDEFINITE_LENGTH);
        assertThatThrownBy(() -> TlvReader.read(hex("5F")))
                .hasFieldOrPropertyWithValue("reason", TlvException.Reason.TRUNCATED);
        assertThatThrownBy(() -> TlvReader.read(hex("04 01 00 FF")))
                .hasFieldOrPropertyWithValue("reason", TlvException.Reason.TRAILING_DATA);
        assertThatThrownBy(() -> TlvReader.read(hex("5F FF FF 01 00")))
                .hasFieldOrPropertyWithValue("reason", TlvException.Reason.TAG_TOO_LONG);
    }

    @Test
    void validateDeep_refusesHostileNesting() {
        byte[] deep = new byte[2 * 100];
        for (int i = 0; i < 100; i++) {
            deep[2 * i] = 0x30;
            deep[2 * i + 1] = (byte) Math.min(127, 2 * (99 - i));
        }
        assertThatThrownBy(() -> TlvReader.validateDeep(deep)).isInstanceOf(TlvException.class);
    }

    @Test
    void flatten_limitsNestingExactlyAsValidateDeep() {
        // 64 nested SEQUENCEs pass both, 65 fail both; before the limit, flatten recursed as deep as the input went
        assertThat(TlvReader.read(nestedSequences(64)).flatten()).hasSize(64);
        TlvReader.validateDeep(nestedSequences(64));
        assertThatThrownBy(() -> TlvReader.validateDeep(nestedSequences(65)))
                .hasFieldOrPropertyWithValue("reason", TlvException.Reason.TOO_DEEP);
        assertThatThrownBy(() -> TlvReader.read(nestedSequences(65)).flatten())
                .hasFieldOrPropertyWithValue("reason", TlvException.Reason.TOO_DEEP);
        assertThatThrownBy(() -> TlvReader.read(nestedSequences(20_000)).flatten())
                .hasFieldOrPropertyWithValue("reason", TlvException.Reason.TOO_DEEP);
    }

    /** {@code depth} SEQUENCEs inside each other, each with a four-octet length field, the innermost empty. */
    static byte[] nestedSequences(int depth) {
        byte[] out = new byte[5 * depth];
        for (int i = 0; i < depth; i++) {
            int length = 5 * (depth - 1 - i);
            out[5 * i] = 0x30;
            out[5 * i + 1] = (byte) 0x83;
            out[5 * i + 2] = (byte) (length >>> 16);
            out[5 * i + 3] = (byte) (length >>> 8);
            out[5 * i + 4] = (byte) length;
        }
        return out;
    }

    @Test
    void encodedSize_readsHeaderOfFilePrefix() {
        assertThat(TlvReader.encodedSize(hex("75 82 4E20 7F61"))).isEqualTo(4 + 0x4E20);
        assertThat(TlvReader.encodedSize(hex("61 5B 5F1F"))).isEqualTo(2 + 0x5B);
    }

    @Test
    void constructed_encodesChildrenWithLongLengths() {
        Tlv big = Tlv.of(0x04, new byte[300]);
        Tlv outer = Tlv.constructed(0x30, big);
        byte[] encoded = outer.encode();
        assertThat(encoded).startsWith(hex("30 82 0130 04 82 012C"));
        assertThat(TlvReader.read(encoded)).isEqualTo(outer);
        assertThat(outer.toString()).isEqualTo("Tlv[tag=30, length=304]");
    }

    /** Regression: Tlv.of accepted 5F99, whose second octet says "more follows", so it could not be read back. */
    @Test
    void of_refusesTagsThatWouldNotDecodeBack() {
        assertThatThrownBy(() -> Tlv.of(0x5F99, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tlv.of(0x1F, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tlv.of(0x5F01FF, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThat(TlvReader.read(Tlv.of(0x7F61, new byte[] {1}).encode()).tag()).isEqualTo(0x7F61);
        assertThat(TlvReader.read(Tlv.of(0x5F8101, new byte[] {1}).encode()).tag()).isEqualTo(0x5F8101);
    }
}
