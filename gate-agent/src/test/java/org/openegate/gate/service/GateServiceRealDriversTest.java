package org.openegate.gate.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.opencv.videoio.VideoWriter;
import org.openegate.biometrics.DemoFaces;
import org.openegate.crypto.testpassport.KeyAlgorithm;
import org.openegate.crypto.testpassport.TestPassportFactory;
import org.openegate.gate.config.ConfigLoader;
import org.openegate.gate.config.GateConfig;
import org.openegate.gate.device.Sensor;
import org.openegate.gate.device.gpio.MockGateHardware;
import org.openegate.gate.device.serial.PtyPair;

/**
 * {@code egate run} with {@code simulation: false}: the real drivers from the config, no simulated twin. The MRZ
 * comes over a socat pseudo-terminal into the serial driver, the camera is OpenCV playing a video file, the GPIO
 * is Pi4J's mock platform whose entry beam the test breaks as a traveller would, and the chip reader is PC/SC. The
 * reader named here does not exist (this test must not take the one vpcd reader other PC/SC tests share), so the
 * traveller's chip is unreadable and the gate does not open: the MRZ read on the serial line, the signals from the
 * GPIO driver's verticle over the event bus, the decision and the doors all took the real-driver path. A traveller
 * whose chip is read through vpcd on this path is not tested yet.
 */
class GateServiceRealDriversTest {

    private static final String TD3_1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
    private static final String TD3_2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";

    @TempDir
    Path dir;

    private PtyPair pty;

    @BeforeEach
    void startPtyPair() throws Exception {
        pty = PtyPair.start(dir);
    }

    @AfterEach
    void stopSocat() throws InterruptedException {
        pty.close();
    }

    /** A short MJPG video of a demo person's face, as the rig's camera. */
    private Path video() throws Exception {
        nu.pattern.OpenCV.loadLocally(); // as the camera driver loads it
        byte[] photo = DemoFaces.persons().get(0).portrait().bytes();
        Mat face = Imgcodecs.imdecode(new MatOfByte(photo), Imgcodecs.IMREAD_COLOR);
        Mat frame = new Mat();
        Imgproc.resize(face, frame, new Size(640, 480));
        Path video = dir.resolve("traveller.avi");
        VideoWriter writer = new VideoWriter(video.toString(), VideoWriter.fourcc('M', 'J', 'P', 'G'), 25,
                new Size(640, 480), true);
        assertThat(writer.isOpened()).as("OpenCV can write MJPG .avi").isTrue();
        for (int i = 0; i < 50; i++) {
            writer.write(frame);
        }
        writer.release();
        face.release();
        frame.release();
        return video;
    }

    @Test
    void realDriverPath_travellerEntersOnTheGpioBeam_mrzOverSerial_isDecided() throws Exception {
        new TestPassportFactory(new SecureRandom(), Clock.systemUTC()).createCsca("UT", KeyAlgorithm.EC_P256)
                .save(dir.resolve("pki"));
        String config = Files.readString(Path.of("src/main/resources/gate-example.yaml"))
                .replace("simulation: true", "simulation: false")
                .replace("dataDir: gate-data", "dataDir: data").replace("port: 8088", "port: 0")
                // A shared CI machine can be slow: the step timeouts are not what this test is about.
                .replace("chipMs: 10000", "chipMs: 120000").replace("faceMs: 15000", "faceMs: 120000")
                .replace("decidingMs: 5000", "decidingMs: 120000")
                + "devices:\n"
                + "  mrzSerialPort: " + pty.readerEnd().toRealPath() + "\n"
                + "  mrzBaud: 9600\n"
                + "  chipReader: \"egate test reader that is not there\"\n"
                + "  chipWaitMs: 200\n"
                + "  camera: " + video() + "\n"
                + "  gpioPlatform: mock\n"
                + "  gpioDebounceMs: 5\n"
                + "  gpio: {entryDoor: 17, exitDoor: 27, red: 5, amber: 6, green: 13, entryBeam: 19, insideBeam: 16,"
                + " exitBeam: 26, tailgate: 20, emergency: 21}\n"
                + "  trust: [pki/csca.pem]\n";
        Path file = dir.resolve("gate.yaml");
        Files.writeString(file, config);
        Vertx loader = Vertx.vertx();
        GateConfig gateConfig;
        try {
            gateConfig = ConfigLoader.load(loader, file).toCompletionStage().toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
        } finally {
            loader.close();
        }

        try (GateService service = GateService.start(gateConfig, Clock.systemUTC(), new SecureRandom())) {
            MockGateHardware gpio = service.mockGpio().orElseThrow();
            CompletableFuture<JsonObject> crossing = new CompletableFuture<>();
            service.vertx().eventBus().<JsonObject>consumer(GateAddresses.CROSSING,
                    message -> crossing.complete(message.body()));

            gpio.set(Sensor.ENTRY_BEAM, true); // the traveller steps in
            waitForTransaction(service);
            gpio.set(Sensor.ENTRY_BEAM, false);
            pty.send(TD3_1 + "\r\n" + TD3_2 + "\r\n");

            JsonObject decided = crossing.get(120, TimeUnit.SECONDS);
            // The MRZ is ICAO's specimen (9303-4 Appendix A), which expired in 2012: the standard policy rejects
            // an expired document; and the chip reader had no card.
            assertThat(decided.getString("outcome")).isEqualTo("REJECT");
            assertThat(decided.getJsonArray("reasons").getList())
                    .contains("CHIP_UNREADABLE", "DOCUMENT_EXPIRED")
                    .doesNotContain("MRZ_UNREADABLE", "MRZ_CHECK_DIGIT");
            assertThat(decided.getJsonObject("timingsMs").fieldNames()).contains("mrz", "chip", "face");
            // Not admitted: the exit stays locked on the GPIO output.
            assertThat(gpio.exitReleased()).isFalse();
        }
    }

    private static void waitForTransaction(GateService service) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (service.controller().machine().transactionId().isEmpty()) {
            if (System.nanoTime() > deadline) {
                fail("the entry beam on the GPIO mock started no transaction; gate is "
                        + service.controller().machine().state());
            }
            Thread.sleep(20);
        }
    }
}
