package org.openegate.crypto.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.openegate.crypto.apdu.ApduChannel;
import org.openegate.crypto.apdu.ResponseApdu;
import org.openegate.crypto.chip.ChipReadResult;
import org.openegate.crypto.chip.ChipReader;

/**
 * The test plays vpcd: it listens on a loopback port, the connector dials in as the card, and the test sends
 * controls and APDUs the way the vpcd driver does, then reads a whole passport through the socket.
 */
class VpcdConnectorTest {

    @Test
    void answersControlsAndApdus_andAReaderReadsThePassportOverTcp() throws Exception {
        Map<Integer, byte[]> files = ChipReaderEmulatorTest.passport(20_000);
        EmrtdEmulator card = EmrtdEmulator.builder().files(files).bacKey(ChipReaderEmulatorTest.KEY)
                .random(new SecureRandom()).build();
        try (ServerSocket vpcd = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                VpcdConnector connector = new VpcdConnector(card, "127.0.0.1", vpcd.getLocalPort())) {
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    connector.run();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (Socket link = vpcd.accept()) {
                link.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(link.getInputStream());
                DataOutputStream out = new DataOutputStream(link.getOutputStream());

                send(out, new byte[] {VpcdConnector.POWER_ON});
                send(out, new byte[] {VpcdConnector.GET_ATR});
                assertThat(receive(in)).isEqualTo(card.atr());
                send(out, Hex.decode("00B0000004")); // plain read before any application is selected
                assertThat(receive(in)).isEqualTo(Hex.decode("6985"));

                ApduChannel overTcp = command -> {
                    send(out, command.encode());
                    return ResponseApdu.parse(receive(in));
                };
                ChipReadResult result = new ChipReader(overTcp, Clock.systemUTC(), new SecureRandom())
                        .read(ChipReaderEmulatorTest.KEY);
                ChipReaderEmulatorTest.assertFilesEqual(result, files);

                assertThat(card.hasSecureMessaging()).isTrue();
                send(out, new byte[] {VpcdConnector.RESET});
                send(out, new byte[] {VpcdConnector.GET_ATR}); // controls get no answer; this one orders them
                assertThat(receive(in)).isEqualTo(card.atr());
                assertThat(card.hasSecureMessaging()).isFalse();
            }
            running.get(10, TimeUnit.SECONDS); // vpcd hung up: the connector returns normally
        }
    }

    @Test
    void linkModel_delaysEachApduAnswerByItsModelledCost_butNotTheControls() throws Exception {
        EmrtdEmulator card = EmrtdEmulator.builder().files(ChipReaderEmulatorTest.passport(100))
                .bacKey(ChipReaderEmulatorTest.KEY).random(new SecureRandom()).build();
        java.util.List<java.time.Duration> slept = new java.util.ArrayList<>();
        VpcdConnector connector = new VpcdConnector(card, "127.0.0.1", 1, LinkModel.ISO14443_424K, slept::add);
        java.io.ByteArrayOutputStream script = new java.io.ByteArrayOutputStream();
        DataOutputStream vpcd = new DataOutputStream(script);
        byte[] select = Hex.decode("00A4040C07A0000002471001");
        byte[] challenge = Hex.decode("0084000008");
        send(vpcd, new byte[] {VpcdConnector.POWER_ON});
        send(vpcd, new byte[] {VpcdConnector.GET_ATR});
        send(vpcd, select);
        send(vpcd, challenge);
        java.io.ByteArrayOutputStream answers = new java.io.ByteArrayOutputStream();

        connector.serve(new java.io.ByteArrayInputStream(script.toByteArray()), answers);

        // the select is answered 90 00 (2 bytes), GET CHALLENGE 8 bytes + 90 00: 5 ms + bytes * 8 / 424000 s each
        assertThat(slept).containsExactly(
                java.time.Duration.ofMillis(5).plusNanos((select.length + 2) * 8L * 1_000_000_000L / 424_000),
                java.time.Duration.ofMillis(5).plusNanos((challenge.length + 10) * 8L * 1_000_000_000L / 424_000));
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(answers.toByteArray()));
        assertThat(receive(in)).isEqualTo(card.atr());
        assertThat(receive(in)).isEqualTo(Hex.decode("9000"));
        assertThat(receive(in)).hasSize(10);
    }

    @Test
    void linkModel_parsesTheCliForm_andNamesTheBadText() {
        assertThat(LinkModel.parse("424000:5")).isEqualTo(LinkModel.ISO14443_424K);
        assertThat(LinkModel.ISO14443_424K.transferTime(53_000)).isEqualTo(java.time.Duration.ofMillis(1000));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LinkModel.parse("424k"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'424k'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LinkModel.parse("424000:-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1 ms");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LinkModel(-1, java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1 bit/s");
    }

    static void send(DataOutputStream out, byte[] payload) {
        try {
            out.writeShort(payload.length);
            out.write(payload);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] receive(DataInputStream in) {
        try {
            byte[] payload = new byte[in.readUnsignedShort()];
            in.readFully(payload);
            return payload;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
