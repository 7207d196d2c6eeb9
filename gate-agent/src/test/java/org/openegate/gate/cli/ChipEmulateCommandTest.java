package org.openegate.gate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code egate chip emulate} without pcscd: a stand-in for vsmartcard-vpcd on a free local port speaks the vpcd
 * protocol (2-byte length, then a control byte or an APDU) and drops the connection, as vpcd does when pcscd
 * restarts. The emulated chip must come back on its own.
 */
class ChipEmulateCommandTest {

    private static final byte[] GET_ATR = {4};
    private static final byte[] SELECT_EMRTD = {0x00, (byte) 0xA4, 0x04, 0x0C, 0x07, (byte) 0xA0, 0x00, 0x00, 0x02,
        0x47, 0x10, 0x01};

    @TempDir
    Path dir;

    @Test
    void emulate_answersVpcdAndReconnectsWhenItDrops() throws Exception {
        assertThat(CliTestSupport.run("passport", "make", "--out", dir.toString(), "--pace").status()).isZero();
        ChipCommand.Chip chip = ChipCommand.loadChip(dir, new SecureRandom());
        assertThat(chip.protocols()).containsExactly("BAC", "PACE", "PACE-CAN");

        try (ServerSocket vpcd = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            vpcd.setSoTimeout(20_000); // bounds the wait for the chip to (re)connect
            ChipCommand.VpcdLoop loop = new ChipCommand.VpcdLoop(chip.emulator(),
                    new ChipCommand.HostPort("127.0.0.1", vpcd.getLocalPort()));
            Thread serving = new Thread(loop, "vpcd-card");
            serving.setDaemon(true);
            serving.start();
            try {
                try (Socket first = vpcd.accept()) {
                    assertThat(exchange(first, GET_ATR)).containsExactly(0x3B, 0x80, 0x80, 0x01, 0x01);
                    assertThat(exchange(first, SELECT_EMRTD)).containsExactly(0x90, 0x00);
                } // vpcd goes away
                try (Socket second = vpcd.accept()) {
                    assertThat(exchange(second, GET_ATR)).containsExactly(0x3B, 0x80, 0x80, 0x01, 0x01);
                    assertThat(exchange(second, SELECT_EMRTD)).containsExactly(0x90, 0x00);
                }
                assertThat(loop.connections()).isGreaterThanOrEqualTo(2);
            } finally {
                loop.stop();
                serving.join(20_000);
            }
            assertThat(serving.isAlive()).as("emulation loop ended after stop()").isFalse();
        }
    }

    @Test
    void emulate_servesChipAndActiveAuthenticationWithThePassportsKeys() throws Exception {
        assertThat(CliTestSupport.run("passport", "make", "--out", dir.toString(), "--aa", "--ca").status()).isZero();
        ChipCommand.Chip chip = ChipCommand.loadChip(dir, new SecureRandom());
        assertThat(chip.protocols()).containsExactly("BAC", "CA", "AA");
    }

    @Test
    void emulate_refusesACardAccessWithoutPace() throws Exception {
        assertThat(CliTestSupport.run("passport", "make", "--out", dir.toString()).status()).isZero();
        // a SET holding one PACEInfo-shaped SEQUENCE with an unrelated OID (1.2.3), version 2, parameter 12
        Files.write(dir.resolve(PassportCommand.CARD_ACCESS_FILE),
                new byte[] {0x31, 0x0C, 0x30, 0x0A, 0x06, 0x02, 0x2A, 0x03, 0x02, 0x01, 0x02, 0x02, 0x01, 0x0C});
        CliTestSupport.Run run = CliTestSupport.run("chip", "emulate", "--lds", dir.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().strip()).contains("offers no PACE").doesNotContain("\n");

        Files.write(dir.resolve(PassportCommand.CARD_ACCESS_FILE), new byte[] {0x31, (byte) 0x84, 0x7F});
        CliTestSupport.Run broken = CliTestSupport.run("chip", "emulate", "--lds", dir.toString());
        assertThat(broken.status()).isEqualTo(2);
        assertThat(broken.err()).contains(PassportCommand.CARD_ACCESS_FILE);
    }

    /** One vpcd message out, its answer back (vpcd framing: 2-byte big-endian length, then the bytes). */
    private static byte[] exchange(Socket socket, byte[] message) throws IOException {
        socket.setSoTimeout(20_000);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeShort(message.length);
        out.write(message);
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] answer = new byte[in.readUnsignedShort()];
        in.readFully(answer);
        return answer;
    }
}
