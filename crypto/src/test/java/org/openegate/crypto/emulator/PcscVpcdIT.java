package org.openegate.crypto.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openegate.crypto.apdu.ApduChannel;
import org.openegate.crypto.apdu.CardIoException;
import org.openegate.crypto.apdu.ResponseApdu;
import org.openegate.crypto.chip.AccessMethod;
import org.openegate.crypto.chip.ChipReadResult;
import org.openegate.crypto.chip.ChipReader;
import org.openegate.crypto.chip.internal.PaceCrypto;

/**
 * The emulator across the real PC/SC stack: VpcdConnector -> vsmartcard-vpcd -> pcscd -> javax.smartcardio ->
 * ChipReader. Needs a running pcscd with the vpcd driver (Debian packages pcscd and vsmartcard-vpcd), so it runs
 * only on request:
 *
 * <pre>pcscd -f &amp;  mvn -B -q -pl crypto test -Dtest=PcscVpcdIT -Degate.pcsc=true
 *   -Dsun.security.smartcardio.library=/usr/lib/x86_64-linux-gnu/libpcsclite.so.1</pre>
 */
@Tag("pcsc")
@EnabledIfSystemProperty(named = "egate.pcsc", matches = "true")
class PcscVpcdIT {

    @ParameterizedTest(name = "PACE={0}")
    @ValueSource(booleans = {false, true})
    void readsTheEmulatedPassportThroughPcscd(boolean pace) throws Exception {
        Map<Integer, byte[]> files = ChipReaderEmulatorTest.passport(20_000);
        EmrtdEmulator.Builder b = EmrtdEmulator.builder().files(files).bacKey(ChipReaderEmulatorTest.KEY)
                .random(new SecureRandom());
        if (pace) {
            b.pace(PaceCrypto.OID_ECDH_GM_AES_128, 13);
        }
        CardTerminal terminal = TerminalFactory.getDefault().terminals().list().stream()
                .filter(t -> t.getName().contains("Virtual PCD")).findFirst().orElseThrow();
        // pcscd polls the reader: wait until it has seen the previous card go, or it hands us a stale one
        assertThat(terminal.waitForCardAbsent(10_000)).isTrue();
        try (VpcdConnector vpcd = new VpcdConnector(b.build(), "127.0.0.1", VpcdConnector.DEFAULT_PORT)) {
            Thread serving = new Thread(() -> {
                try {
                    vpcd.run();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "vpcd-card");
            serving.setDaemon(true);
            serving.start();
            assertThat(terminal.waitForCardPresent(10_000)).isTrue();
            Card card = terminal.connect("*");
            try {
                ChipReadResult result = new ChipReader(pcsc(card.getBasicChannel()), Clock.systemUTC(),
                        new SecureRandom()).read(ChipReaderEmulatorTest.KEY);
                ChipReaderEmulatorTest.assertFilesEqual(result, files);
                assertThat(result.accessMethod()).isEqualTo(pace ? AccessMethod.PACE : AccessMethod.BAC);
                assertThat(result.extendedLengthUsed()).isTrue();
            } finally {
                card.disconnect(true);
            }
        }
    }

    /** The adapter a PC/SC driver needs: javax.smartcardio failures become CardIoException with a reason. */
    static ApduChannel pcsc(CardChannel channel) {
        return command -> {
            try {
                return ResponseApdu.parse(channel.transmit(new CommandAPDU(command.encode())).getBytes());
            } catch (CardNotPresentException e) {
                throw new CardIoException(CardIoException.Reason.CARD_REMOVED, e.getMessage(), e);
            } catch (CardException | IllegalStateException e) {
                throw new CardIoException(CardIoException.Reason.IO_ERROR, e.getMessage(), e);
            }
        };
    }
}
