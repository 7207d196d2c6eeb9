package org.openegate.crypto.apdu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The status-word wrapper against small T=0-style cards written for the purpose: each one behaves like a card that
 * answers 61xx or 6Cxx, and the wrapper must hide that from the caller.
 */
class ApduChannelsTest {

    /** A card holding 600 bytes that hands them out 100 at a time through 61xx/GET RESPONSE, as T=0 cards do. */
    static final class T0Card implements ApduChannel {
        final byte[] payload = new byte[600];
        final List<CommandApdu> received = new ArrayList<>();
        int sent;

        T0Card() {
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) i;
            }
        }

        @Override
        public ResponseApdu transmit(CommandApdu command) {
            received.add(command);
            if (command.ins() != 0xC0) {
                sent = 0;
            }
            int n = Math.min(100, payload.length - sent);
            byte[] chunk = Arrays.copyOfRange(payload, sent, sent + n);
            sent += n;
            int left = payload.length - sent;
            return new ResponseApdu(chunk, left == 0 ? 0x9000 : 0x6100 | Math.min(left, 0xFF));
        }
    }

    @Test
    void moreData_isGatheredThroughGetResponse() {
        T0Card card = new T0Card();
        ResponseApdu r = ApduChannels.withStatusHandling(card).transmit(new CommandApdu(0x00, 0xB0, 0, 0, 256));

        assertThat(r.isSuccess()).isTrue();
        assertThat(r.data()).isEqualTo(card.payload);
        assertThat(card.received).hasSize(6);
        assertThat(card.received.get(1).ins()).isEqualTo(0xC0);
        assertThat(card.received.get(1).ne()).isEqualTo(0xFF);
    }

    @Test
    void wrongLe_isRetriedOnceWithTheLengthTheCardNamed() {
        List<CommandApdu> received = new ArrayList<>();
        ApduChannel card = c -> {
            received.add(c);
            return c.ne() == 0x12 ? new ResponseApdu(new byte[0x12], 0x9000) : ResponseApdu.status(0x6C12);
        };
        ResponseApdu r = ApduChannels.withStatusHandling(card).transmit(new CommandApdu(0x00, 0xB0, 0, 0, 256));

        assertThat(r.dataLength()).isEqualTo(0x12);
        assertThat(received).extracting(CommandApdu::ne).containsExactly(256, 0x12);
    }

    @Test
    void wrongLe_underSecureMessaging_isPassedUp_becauseLeIsInsideTheMac() {
        List<CommandApdu> received = new ArrayList<>();
        ApduChannel card = c -> {
            received.add(c);
            return ResponseApdu.status(0x6C12);
        };
        ResponseApdu r = ApduChannels.withStatusHandling(card).transmit(new CommandApdu(0x0C, 0xB0, 0, 0, 256));

        assertThat(r.sw()).isEqualTo(0x6C12);
        assertThat(received).hasSize(1);
    }

    @Test
    void endlessMoreData_isRefused() {
        ApduChannel card = c -> new ResponseApdu(new byte[255], 0x61FF);
        assertThatThrownBy(() -> ApduChannels.withStatusHandling(card).transmit(new CommandApdu(0, 0xB0, 0, 0, 256)))
                .isInstanceOfSatisfying(CardIoException.class,
                        e -> assertThat(e.reason()).isEqualTo(CardIoException.Reason.MALFORMED_RESPONSE));
    }

    @Test
    void chain_setsTheChainingBitOnAllButTheLastCommand() {
        CommandApdu big = new CommandApdu(0x00, 0x2A, 0x00, 0xBE, new byte[600], 256);
        List<CommandApdu> parts = ApduChannels.chain(big, 255);

        assertThat(parts).extracting(CommandApdu::cla).containsExactly(0x10, 0x10, 0x00);
        assertThat(parts).extracting(CommandApdu::nc).containsExactly(255, 255, 90);
        assertThat(parts).extracting(CommandApdu::ne).containsExactly(0, 0, 256);
    }

    @Test
    void transmitChained_stopsAtTheFirstRefusedLink() {
        List<CommandApdu> received = new ArrayList<>();
        ApduChannel card = c -> {
            received.add(c);
            return ResponseApdu.status(received.size() == 2 ? 0x6A80 : 0x9000);
        };
        ResponseApdu r = ApduChannels.transmitChained(card, new CommandApdu(0, 0x2A, 0, 0xBE, new byte[600]), 200);

        assertThat(r.sw()).isEqualTo(0x6A80);
        assertThat(received).hasSize(2);
    }
}
