package org.openegate.crypto.apdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandApduTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "case 1,        00A4040C,                 1, 0, 0",
        "case 2S,       00B0000004,               2, 0, 4",
        "case 2S Le=00, 00B0000000,               2, 0, 256",
        "case 3S,       00A4020C02011E,           3, 2, 0",
        "case 4S,       00820000020102FF,         4, 2, 255",
        "case 4S Le=00, 0082000002010200,         4, 2, 256",
        "case 2E,       00B00000000101,           2, 0, 257",
        "case 2E 65536, 00B00000000000,           2, 0, 65536",
        "case 4E,       00B100000000020102FF00,   4, 2, 65280",
    })
    void parseThenEncode_givesBackTheSameBytes(String name, String hex, int apduCase, int nc, int ne) {
        CommandApdu apdu = CommandApdu.parse(Hex.decode(hex));
        assertThat(apdu.apduCase()).isEqualTo(apduCase);
        assertThat(apdu.nc()).isEqualTo(nc);
        assertThat(apdu.ne()).isEqualTo(ne);
        assertThat(Hex.toHexString(apdu.encode()).toUpperCase()).isEqualTo(hex);
    }

    @Test
    void longData_usesExtendedLengthForLcAndLe() {
        CommandApdu apdu = new CommandApdu(0x00, 0xDA, 0x01, 0x02, new byte[300], 256);
        byte[] bytes = apdu.encode();
        assertThat(apdu.isExtended()).isTrue();
        assertThat(bytes).hasSize(4 + 3 + 300 + 2);
        assertThat(bytes[4]).isZero();
        assertThat(bytes[5]).isEqualTo((byte) 0x01);
        assertThat(bytes[6]).isEqualTo((byte) 0x2C);
        assertThat(bytes[bytes.length - 2]).isEqualTo((byte) 0x01);
        assertThat(bytes[bytes.length - 1]).isZero();
        assertThat(CommandApdu.parse(bytes)).isEqualTo(apdu);
    }

    @Test
    void case3Extended_roundTrips() {
        CommandApdu apdu = new CommandApdu(0x00, 0xD6, 0x00, 0x00, new byte[1000]);
        assertThat(apdu.encode()).hasSize(4 + 3 + 1000);
        assertThat(CommandApdu.parse(apdu.encode())).isEqualTo(apdu);
    }

    @Test
    void parse_rejectsLengthsThatFitNoCase_namingThem() {
        assertThatThrownBy(() -> CommandApdu.parse(Hex.decode("00A4")))
                .isInstanceOfSatisfying(ApduFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(ApduFormatException.Reason.TOO_SHORT));
        assertThatThrownBy(() -> CommandApdu.parse(Hex.decode("00A4020C05011E")))
                .isInstanceOfSatisfying(ApduFormatException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ApduFormatException.Reason.LENGTH_MISMATCH);
                    assertThat(e.getMessage()).contains("Lc 5").contains("7 bytes");
                });
        assertThatThrownBy(() -> CommandApdu.parse(Hex.decode("00A4020C0000")))
                .isInstanceOf(ApduFormatException.class);
        assertThatThrownBy(() -> CommandApdu.parse(Hex.decode("00A4020C00000201")))
                .isInstanceOfSatisfying(ApduFormatException.class,
                        e -> assertThat(e.reason()).isEqualTo(ApduFormatException.Reason.LENGTH_MISMATCH));
    }

    @Test
    void constructor_rejectsOutOfRangeValues() {
        assertThatThrownBy(() -> new CommandApdu(0x100, 0, 0, 0)).isInstanceOf(ApduFormatException.class)
                .hasMessageContaining("CLA 256");
        assertThatThrownBy(() -> new CommandApdu(0, 0xB0, 0, 0, 65537)).isInstanceOf(ApduFormatException.class)
                .hasMessageContaining("Ne 65537");
    }

    @Test
    void toString_showsHeaderAndLengthsButNotData() {
        CommandApdu apdu = new CommandApdu(0x00, 0x82, 0x00, 0x00, Hex.decode("DEADBEEF"), 40);
        assertThat(apdu.toString()).contains("00 82 00 00").contains("Nc=4").doesNotContainIgnoringCase("DEADBEEF");
    }

    @Test
    void response_parsesStatusWord_andRedactsData() {
        ResponseApdu r = ResponseApdu.parse(Hex.decode("CAFE6282"));
        assertThat(r.sw()).isEqualTo(StatusWord.END_OF_FILE);
        assertThat(r.sw1()).isEqualTo(0x62);
        assertThat(r.data()).containsExactly(0xCA, 0xFE);
        assertThat(r.toString()).contains("6282").doesNotContainIgnoringCase("CAFE");
        assertThatThrownBy(() -> ResponseApdu.parse(new byte[1])).isInstanceOfSatisfying(ApduFormatException.class,
                e -> assertThat(e.reason()).isEqualTo(ApduFormatException.Reason.TOO_SHORT));
    }
}
