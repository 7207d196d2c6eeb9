package org.openegate.crypto.chip.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openegate.crypto.apdu.CommandApdu;
import org.openegate.crypto.apdu.ResponseApdu;

class SecureMessagingTest {

    static final byte[] K_ENC = Hex.decode("979EC13B1CBFE9DCD01AB0FED307EAE5");
    static final byte[] K_MAC = Hex.decode("F1CB1F1FB5ADF208806B89DC579DC1F8");

    /** A reader session and the card session it talks to, starting from the same counter. */
    static SecureMessaging[] pair(SmAlgorithm algorithm) {
        byte[] ssc = new byte[algorithm.blockSize()];
        ssc[ssc.length - 1] = (byte) 0xFE; // the counter carries over a byte boundary in these tests
        return new SecureMessaging[] {new SecureMessaging(algorithm, K_ENC, K_MAC, ssc),
            new SecureMessaging(algorithm, K_ENC, K_MAC, ssc)};
    }

    @ParameterizedTest
    @EnumSource(SmAlgorithm.class)
    void commandsAndResponses_roundTripBetweenReaderAndCard(SmAlgorithm algorithm) {
        SecureMessaging[] p = pair(algorithm);
        SecureMessaging reader = p[0];
        SecureMessaging card = p[1];
        for (int n : new int[] {0, 1, 7, 8, 15, 16, 231, 1000}) {
            CommandApdu plain = new CommandApdu(0x00, n % 2 == 0 ? 0xB0 : 0xB1, 0x01, 0x02, new byte[n % 40],
                    n == 0 ? 0 : Math.max(1, n));
            CommandApdu received = card.unprotectCommand(reader.protectCommand(plain));
            assertThat(received).isEqualTo(plain);
            ResponseApdu answer = new ResponseApdu(new byte[n], 0x9000);
            assertThat(reader.unprotectResponse(card.protectResponse(answer))).isEqualTo(answer);
        }
        assertThat(reader.ssc()).isEqualTo(card.ssc());
    }

    @Test
    void shortReadLimits_leaveRoomForTheProtectedResponse() {
        assertThat(pair(SmAlgorithm.DES3)[0].maxShortResponseData()).isEqualTo(0xE7);
        assertThat(pair(SmAlgorithm.AES)[0].maxShortResponseData()).isEqualTo(0xDF);
    }

    @Test
    void flippedMacInAResponse_isMacInvalid() {
        SecureMessaging[] p = pair(SmAlgorithm.DES3);
        p[0].protectCommand(new CommandApdu(0, 0xB0, 0, 0, 4));
        byte[] response = p[1].protectResponse(new ResponseApdu(new byte[4], 0x9000)).encode();
        response[response.length - 3] ^= 0x40;
        assertThatThrownBy(() -> p[0].unprotectResponse(ResponseApdu.parse(response)))
                .isInstanceOfSatisfying(SecureMessagingException.class,
                        e -> assertThat(e.reason()).isEqualTo(SecureMessagingException.Reason.MAC_INVALID));
    }

    @Test
    void changedCiphertextInACommand_isMacInvalidAtTheCard() {
        SecureMessaging[] p = pair(SmAlgorithm.AES);
        byte[] command = p[0].protectCommand(new CommandApdu(0, 0xA4, 2, 0x0C, new byte[] {1, 0x1E})).encode();
        command[8] ^= 1;
        assertThatThrownBy(() -> p[1].unprotectCommand(CommandApdu.parse(command)))
                .isInstanceOfSatisfying(SecureMessagingException.class,
                        e -> assertThat(e.reason()).isEqualTo(SecureMessagingException.Reason.MAC_INVALID));
    }

    @Test
    void responseWithoutStatusObject_isDoMissing() {
        SecureMessaging reader = new SecureMessaging(SmAlgorithm.DES3, K_ENC, K_MAC, new byte[8]);
        // a correct MAC over nothing: the response authenticates, yet the mandatory DO'99' is absent
        byte[] ssc = Hex.decode("0000000000000001");
        byte[] data = SecureMessaging.concat(new byte[] {(byte) 0x8E, 0x08}, SmAlgorithm.DES3.mac(K_MAC, ssc));
        assertThatThrownBy(() -> reader.unprotectResponse(new ResponseApdu(data, 0x9000)))
                .isInstanceOfSatisfying(SecureMessagingException.class,
                        e -> assertThat(e.reason()).isEqualTo(SecureMessagingException.Reason.DO_MISSING));
    }

    @Test
    void cutOffResponse_isTruncated() {
        SecureMessaging[] p = pair(SmAlgorithm.DES3);
        byte[] full = p[1].protectResponse(new ResponseApdu(new byte[100], 0x9000)).data();
        byte[] cut = java.util.Arrays.copyOf(full, 50);
        assertThatThrownBy(() -> p[0].unprotectResponse(new ResponseApdu(cut, 0x9000)))
                .isInstanceOfSatisfying(SecureMessagingException.class,
                        e -> assertThat(e.reason()).isEqualTo(SecureMessagingException.Reason.TRUNCATED));
    }

    @Test
    void statusOnlyResponse_isPassedThroughForTheCallerToJudge() {
        SecureMessaging reader = pair(SmAlgorithm.DES3)[0];
        byte[] before = reader.ssc();
        assertThat(reader.unprotectResponse(ResponseApdu.status(0x6A82)).sw()).isEqualTo(0x6A82);
        assertThat(reader.ssc()).isNotEqualTo(before);
    }

    @Test
    void unpadding_refusesDataWithoutMethod2Padding() {
        assertThat(SmAlgorithm.unpadded(Hex.decode("0102800000"))).containsExactly(1, 2);
        assertThatThrownBy(() -> SmAlgorithm.unpadded(Hex.decode("0102030000")))
                .isInstanceOfSatisfying(SecureMessagingException.class,
                        e -> assertThat(e.reason()).isEqualTo(SecureMessagingException.Reason.PADDING_INVALID));
        assertThatThrownBy(() -> SmAlgorithm.unpadded(new byte[8])).isInstanceOf(SecureMessagingException.class);
    }

    @Test
    void toString_showsNoKeys() {
        assertThat(pair(SmAlgorithm.DES3)[0].toString()).isEqualTo("SecureMessaging[DES3]");
    }
}
