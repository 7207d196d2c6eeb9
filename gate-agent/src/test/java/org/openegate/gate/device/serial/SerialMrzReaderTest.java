package org.openegate.gate.device.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.crypto.mrz.Mrz;
import org.openegate.gate.device.DeviceException;
import org.openegate.gate.device.MrzRejection;
import org.openegate.gate.device.MrzRejection.Reason;

/**
 * The serial MRZ reader through a real pseudo-terminal pair made by socat: the test writes what a document reader
 * would send into one end, jSerialComm reads the other, exactly as on a gate's USB-serial reader. Needs socat
 * ({@code ./egate test} installs it); without it the tests FAIL, saying so.
 */
class SerialMrzReaderTest {

    static final String TD3_1 = MrzFramerTest.TD3_1;
    static final String TD3_2 = MrzFramerTest.TD3_2;
    /** TD3_2 with the date of birth's check digit (position 20) changed from 2 to 3. */
    static final String TD3_2_BAD = TD3_2.substring(0, 19) + "3" + TD3_2.substring(20);

    @TempDir
    Path dir;

    private PtyPair pty;
    private final List<MrzRejection> rejections = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startPtyPair() throws Exception {
        pty = PtyPair.start(dir);
    }

    @AfterEach
    void stopSocat() throws InterruptedException {
        pty.close();
    }

    private SerialMrzReader open(Duration wait) throws DeviceException {
        SerialMrzSettings settings = new SerialMrzSettings(pty.readerEnd().toString(), 9600, Duration.ofMillis(500),
                64, false, wait);
        return SerialMrzReader.open(settings, Clock.systemUTC(), rejections::add);
    }

    private void send(String text) throws IOException {
        pty.send(text);
    }

    @Test
    void readLines_td3OverThePty() throws Exception {
        try (SerialMrzReader reader = open(Duration.ofSeconds(20))) {
            send(TD3_1 + "\r\n" + TD3_2 + "\r\n");
            assertThat(reader.readLines()).containsExactly(TD3_1, TD3_2);
        }
        assertThat(rejections).isEmpty();
    }

    @Test
    void read_badCheckDigitIsRejectedWithItsReasonThenTheRereadIsTaken() throws Exception {
        try (SerialMrzReader reader = open(Duration.ofSeconds(20))) {
            send(TD3_1 + "\r\n" + TD3_2_BAD + "\r\n" + TD3_1 + "\r\n" + TD3_2 + "\r\n");
            Mrz mrz = reader.read(Duration.ofSeconds(20));
            assertThat(mrz.valid()).isTrue();
            assertThat(mrz.lines()).containsExactly(TD3_1, TD3_2);
        }
        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(Reason.CHECK_DIGIT);
            assertThat(r.detail()).contains("dateOfBirth").contains("composite").doesNotContain("740812");
        });
    }

    @Test
    void read_hostileStreamThenAGoodStxFrame() throws Exception {
        try (SerialMrzReader reader = open(Duration.ofSeconds(20))) {
            // garbage drops the rest of its line, so the overlong line comes on a line of its own
            send("\u0000\u00ff\u001b[2J\r\n" + "A".repeat(5000) + "\r\n" + "OK\r\n" + TD3_1.substring(0, 30) + "\r\n"
                    + "\u0002" + TD3_1 + "\r\n" + TD3_2 + "\r\n\u0003");
            assertThat(reader.readLines()).containsExactly(TD3_1, TD3_2);
        }
        assertThat(rejections).extracting(MrzRejection::reason)
                .contains(Reason.GARBAGE, Reason.LINE_TOO_LONG, Reason.NOT_AN_MRZ, Reason.PARTIAL_FRAME);
    }

    @Test
    void read_onlyAPartialFrameTimesOutNamingTheRejections() throws Exception {
        try (SerialMrzReader reader = open(Duration.ofMillis(1500))) {
            send(TD3_1 + "\r\n");
            assertThatThrownBy(reader::readLines).isInstanceOf(DeviceException.class)
                    .satisfies(e -> assertThat(((DeviceException) e).reason())
                            .isEqualTo(DeviceException.Reason.TIMEOUT))
                    .hasMessageContaining("1 read(s) rejected, last PARTIAL_FRAME");
        }
    }

    @Test
    void read_readerUnpluggedIsNotConnected() throws Exception {
        try (SerialMrzReader reader = open(Duration.ofSeconds(20))) {
            send(TD3_1 + "\r\n");
            pty.close(); // both ptys vanish, as a USB reader pulled out
            assertThatThrownBy(reader::readLines).isInstanceOf(DeviceException.class)
                    .satisfies(e -> assertThat(((DeviceException) e).reason())
                            .isEqualTo(DeviceException.Reason.NOT_CONNECTED));
        }
    }

    @Test
    void close_fromAnotherThreadEndsAReadInProgress() throws Exception {
        SerialMrzReader reader = open(Duration.ofSeconds(60));
        java.util.concurrent.CompletableFuture<List<String>> read = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return reader.readLines();
                    } catch (DeviceException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
        send(TD3_1 + "\r\n"); // half a document: the read is certainly waiting
        reader.close();
        assertThatThrownBy(() -> read.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(DeviceException.class)
                .satisfies(e -> assertThat(((DeviceException) e.getCause()).reason())
                        .isEqualTo(DeviceException.Reason.NOT_CONNECTED));
    }

    @Test
    void open_missingPortIsNotConnected() {
        SerialMrzSettings settings = SerialMrzSettings.defaults(dir.resolve("no-such-tty").toString());
        assertThatThrownBy(() -> SerialMrzReader.open(settings, Clock.systemUTC(), r -> { }))
                .isInstanceOf(DeviceException.class).hasMessageContaining("no-such-tty")
                .satisfies(e -> assertThat(((DeviceException) e).reason())
                        .isEqualTo(DeviceException.Reason.NOT_CONNECTED));
    }

    @Test
    void settings_refuseBadValuesNamingTheField() {
        assertThatThrownBy(() -> new SerialMrzSettings("/dev/ttyUSB0", 12, Duration.ofMillis(500), 64, false,
                Duration.ofSeconds(1))).hasMessageContaining("baudRate 12");
        assertThatThrownBy(() -> new SerialMrzSettings("/dev/ttyUSB0", 9600, Duration.ofMillis(500), 30, false,
                Duration.ofSeconds(1))).hasMessageContaining("maxLineLength 30");
        assertThatThrownBy(() -> new SerialMrzSettings("/dev/ttyUSB0", 9600, Duration.ofMillis(1), 64, false,
                Duration.ofSeconds(1))).hasMessageContaining("interLineTimeout");
        assertThatThrownBy(() -> new SerialMrzSettings(" ", 9600, Duration.ofMillis(500), 64, false,
                Duration.ofSeconds(1))).hasMessageContaining("port");
    }
}
