package org.openegate.gate.device.pcsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;
import org.junit.jupiter.api.Test;
import org.openegate.crypto.apdu.ApduChannel;
import org.openegate.crypto.apdu.CardIoException;
import org.openegate.crypto.apdu.CommandApdu;
import org.openegate.crypto.apdu.ResponseApdu;

/**
 * The javax.smartcardio adapter of {@link PcscChipConnector}: what pcscd's failures become. The whole connector
 * runs against the real pcscd in {@code ChipCommandTest}; these cases (a card torn away mid-APDU, a reader fault)
 * cannot be provoked there on demand.
 */
class PcscChipConnectorTest {

    private static final CommandApdu SELECT_MF = CommandApdu.parse(new byte[] {0x00, (byte) 0xA4, 0x00, 0x0C});

    @Test
    void channel_passesCommandAndResponseThrough() {
        byte[][] sent = new byte[1][];
        ApduChannel channel = PcscChipConnector.channel(new FakeChannel(command -> {
            sent[0] = command.getBytes();
            return new ResponseAPDU(new byte[] {0x01, 0x02, (byte) 0x90, 0x00});
        }));
        ResponseApdu response = channel.transmit(SELECT_MF);
        assertThat(sent[0]).containsExactly(0x00, 0xA4, 0x00, 0x0C);
        assertThat(response.data()).containsExactly(0x01, 0x02);
        assertThat(response.sw()).isEqualTo(0x9000);
    }

    @Test
    void channel_cardNotPresentIsCardRemoved() {
        ApduChannel channel = PcscChipConnector.channel(new FakeChannel(command -> {
            throw new CardNotPresentException("card removed", new Exception("SCARD_W_REMOVED_CARD"));
        }));
        assertThatThrownBy(() -> channel.transmit(SELECT_MF)).isInstanceOf(CardIoException.class)
                .satisfies(e -> assertThat(((CardIoException) e).reason()).isEqualTo(CardIoException.Reason.CARD_REMOVED))
                .hasMessageContaining("SCARD_W_REMOVED_CARD");
    }

    @Test
    void channel_otherCardExceptionIsIoError() {
        ApduChannel channel = PcscChipConnector.channel(new FakeChannel(command -> {
            throw new CardException("transmit() failed", new Exception("SCARD_E_INSUFFICIENT_BUFFER"));
        }));
        assertThatThrownBy(() -> channel.transmit(SELECT_MF)).isInstanceOf(CardIoException.class)
                .satisfies(e -> assertThat(((CardIoException) e).reason()).isEqualTo(CardIoException.Reason.IO_ERROR))
                .hasMessageContaining("SCARD_E_INSUFFICIENT_BUFFER");
    }

    @Test
    void channel_disconnectedCardIsIoError() {
        ApduChannel channel = PcscChipConnector.channel(new FakeChannel(command -> {
            throw new IllegalStateException("Card has been disconnected");
        }));
        assertThatThrownBy(() -> channel.transmit(SELECT_MF)).isInstanceOf(CardIoException.class)
                .satisfies(e -> assertThat(((CardIoException) e).reason()).isEqualTo(CardIoException.Reason.IO_ERROR));
    }

    @Test
    void constructor_refusesNegativeWait() {
        assertThatThrownBy(() -> new PcscChipConnector(Optional.empty(), Duration.ofSeconds(-1), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-1S");
    }

    @FunctionalInterface
    interface Transmit {
        ResponseAPDU transmit(CommandAPDU command) throws CardException;
    }

    /** A CardChannel whose transmit is given: javax.smartcardio's classes are abstract for providers like this. */
    private static final class FakeChannel extends CardChannel {
        private final Transmit transmit;

        FakeChannel(Transmit transmit) {
            this.transmit = transmit;
        }

        @Override
        public Card getCard() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int getChannelNumber() {
            return 0;
        }

        @Override
        public ResponseAPDU transmit(CommandAPDU command) throws CardException {
            return transmit.transmit(command);
        }

        @Override
        public int transmit(ByteBuffer command, ByteBuffer response) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
