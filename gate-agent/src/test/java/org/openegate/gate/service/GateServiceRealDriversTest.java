package org.openegate.gate.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
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
import org.openegate.biometrics.DemoPerson;
import org.openegate.crypto.chip.BacKey;
import org.openegate.crypto.chip.internal.ChipAuthCrypto;
import org.openegate.crypto.emulator.EmrtdEmulator;
import org.openegate.crypto.mrz.Mrz;
import org.openegate.crypto.mrz.MrzWriter;
import org.openegate.crypto.testpassport.ChipFeatures;
import org.openegate.crypto.testpassport.ChipKeys;
import org.openegate.crypto.testpassport.CscaCredentials;
import org.openegate.crypto.testpassport.DocumentSigner;
import org.openegate.crypto.testpassport.KeyAlgorithm;
import org.openegate.crypto.testpassport.TestPassport;
import org.openegate.crypto.testpassport.TestPassportFactory;
import org.openegate.gate.config.ConfigLoader;
import org.openegate.gate.config.GateConfig;
import org.openegate.gate.device.Sensor;
import org.openegate.gate.device.gpio.MockGateHardware;
import org.openegate.gate.device.pcsc.VpcdCard;
import org.openegate.gate.device.serial.PtyPair;
import org.openegate.gate.flow.GateState;
import org.openegate.gate.journal.DataKey;
import org.openegate.gate.journal.Journal;

/**
 * {@code egate run} with {@code simulation: false}: the real drivers from the config behind their verticles, no
 * simulated twin. The MRZ comes over a socat pseudo-terminal into the serial driver, the camera is OpenCV playing a
 * video file, the GPIO is Pi4J's mock platform whose beams the test breaks as a traveller would, and the chip
 * reader is PC/SC: pcscd with vsmartcard-vpcd, our eMRTD emulator plugged into vpcd's first reader (shared with
 * the other PC/SC tests: {@link VpcdCard} waits its turn). Needs pcscd with vpcd and socat ({@code ./egate test}
 * starts them); without them the tests FAIL, saying so.
 */
class GateServiceRealDriversTest {

    /** Bound on every wait for the gate; generous, a shared CI machine can be slow. */
    private static final long WAIT_S = 60;
    private static final String SURNAME = "HOPPERTEST";

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

    /**
     * Acceptance 2 of #7 on the service path: a traveller whose passport chip is on the vpcd reader, whose MRZ the
     * serial reader sends and whose face is in front of the camera walks through. The chip is read through pcscd,
     * Passive Authentication and Chip Authentication pass against the configured trust store, the live face
     * matches the chip portrait, the exit door opens on the GPIO, the crossing is journalled OPEN_EXIT, and the bus
     * carried each driver's contract (card inserted, document presented with an opaque id, frames, health UP),
     * never the MRZ.
     */
    @Test
    void realDriverPath_chipOverVpcd_mrzOverSerial_cameraVideo_gpioMock_gateOpens() throws Exception {
        VpcdCard.requirePcscdWithVpcd();
        SecureRandom random = new SecureRandom();
        TestPassportFactory factory = new TestPassportFactory(random, Clock.systemUTC());
        CscaCredentials csca = factory.createCsca("UT", KeyAlgorithm.EC_P256);
        csca.save(dir.resolve("pki"));
        DocumentSigner signer = factory.createDocumentSigner(csca, KeyAlgorithm.EC_P256);
        DemoPerson person = DemoFaces.person("grace-hopper");
        List<String> mrz = MrzWriter.td3().documentCode("P").issuingState("UTO").nationality("UTO")
                .surname(SURNAME).givenNames("GRACE").documentNumber("GH7741029").dateOfBirth(LocalDate.of(1980, 12, 9))
                .sex(Mrz.Sex.FEMALE).dateOfExpiry(LocalDate.now().plusYears(5)).write().lines();
        // Chip Authentication in DG14, as on most passports since 2009 (and as the simulation's genuine travellers)
        ChipKeys keys = factory.createChipKeys(new ChipFeatures(false, true, Optional.empty()));
        TestPassport passport = factory.issue(csca, signer, mrz, DemoFaces.chipPortraitJpeg(person),
                keys.dataGroups());
        EmrtdEmulator chip = EmrtdEmulator.builder().files(passport.files())
                .bacKey(BacKey.fromMrzInformation(Mrz.parse(passport.mrzLines()).mrzInformation()))
                .chipAuthentication(keys.chipAuthentication().orElseThrow().getPrivate(),
                        ChipAuthCrypto.OID_CA_ECDH_AES_128)
                .random(random).build();
        // the camera sees another photo of the same person (a live capture), not the chip's portrait
        byte[] live = person.liveCaptures().isEmpty() ? person.portrait().bytes()
                : person.liveCaptures().get(0).bytes();
        GateConfig config = config(VpcdCard.READER, video(live), "20000");

        String transactionId;
        List<JsonObject> bus = new CopyOnWriteArrayList<>();
        try (GateService service = GateService.start(config, Clock.systemUTC(), random)) {
            for (String address : List.of(GateAddresses.CHIP, GateAddresses.MRZ_DOCUMENT, GateAddresses.CAMERA,
                    GateAddresses.DEVICE_HEALTH)) {
                service.vertx().eventBus().<JsonObject>consumer(address, m -> bus.add(m.body().copy()
                        .put("address", address)));
            }
            MockGateHardware gpio = service.mockGpio().orElseThrow();
            awaitHealth(service, 200, "UP");
            try (VpcdCard card = VpcdCard.insert(chip)) { // the traveller's passport on the reader
                transactionId = crossWithTheCardOnTheReader(service, gpio, card, mrz, bus);
            }
        }

        // the bus carried the contract, and nothing personal
        assertThat(bus).anySatisfy(m -> {
            assertThat(m.getString("address")).isEqualTo(GateAddresses.MRZ_DOCUMENT);
            assertThat(m.getString("event")).isEqualTo("DOCUMENT_PRESENTED");
            assertThat(m.getString("transactionId")).isEqualTo(transactionId);
            assertThat(m.getString("readId")).matches("[0-9a-f]{24}");
        });
        assertThat(bus).anySatisfy(m -> assertThat(m.getString("event")).isEqualTo("FRAMES"));
        assertThat(bus).anySatisfy(m -> assertThat(m).isEqualTo(new JsonObject().put("device", "chip")
                .put("event", "CARD_REMOVED").put("reader", VpcdCard.READER).put("address", GateAddresses.CHIP)));
        assertThat(bus).noneMatch(m -> "DOWN".equals(m.getString("status")));
        String everything = bus.toString();
        assertThat(everything).doesNotContain(SURNAME).doesNotContain("GH7741029").doesNotContain(mrz.get(1));

        // journalled OPEN_EXIT, the transaction COMPLETED
        Path data = dir.resolve("data");
        try (Journal journal = Journal.open(data.resolve("journal.db"),
                DataKey.loadOrCreate(data.resolve("data.key"), random), Clock.systemUTC(), Duration.ofDays(90))) {
            assertThat(journal.status(transactionId)).contains(Journal.Status.COMPLETED);
            List<String> outcomes = new ArrayList<>();
            journal.forEachStatistics(Instant.EPOCH, Instant.now().plusSeconds(60), row -> outcomes.add(row.outcome()));
            assertThat(outcomes).containsExactly("OPEN_EXIT");
        }
    }

    /** The traveller steps in, presents the document, is checked and walks out through the exit. */
    private String crossWithTheCardOnTheReader(GateService service, MockGateHardware gpio, VpcdCard card,
            List<String> mrz, List<JsonObject> bus) throws Exception {
        await("the chip reader's verticle reports the card", () -> bus.stream().anyMatch(m ->
                "CARD_INSERTED".equals(m.getString("event")) && VpcdCard.READER.equals(m.getString("reader"))));
        CompletableFuture<JsonObject> crossing = new CompletableFuture<>();
        service.vertx().eventBus().<JsonObject>consumer(GateAddresses.CROSSING,
                message -> crossing.complete(message.body()));

        gpio.set(Sensor.ENTRY_BEAM, true); // the traveller steps in
        String transactionId = awaitTransaction(service);
        gpio.set(Sensor.ENTRY_BEAM, false);
        pty.send(mrz.get(0) + "\r\n" + mrz.get(1) + "\r\n");

        JsonObject decided = crossing.get(WAIT_S * 2, TimeUnit.SECONDS);
        org.tinylog.Logger.info("crossing over pcscd + vpcd, socat, OpenCV and the Pi4J mock: {}", decided.encode());
        assertThat(decided.getString("outcome")).as(decided.encode()).isEqualTo("OPEN_EXIT");
        assertThat(decided.getJsonArray("reasons").getList()).as(decided.encode()).isEmpty();
        // the doors moved: exit released on the GPIO output, then locked again once the traveller is through
        await("the exit door opens", gpio::exitReleased);
        assertThat(service.controller().machine().state()).isEqualTo(GateState.EXIT_OPEN);
        walkThrough(gpio, Sensor.EXIT_BEAM);
        await("the gate is idle again", () -> service.controller().machine().state() == GateState.IDLE);
        assertThat(gpio.exitReleased()).isFalse();

        card.close(); // the traveller takes the passport: the chip reader's verticle reports it
        await("the card removal is on the bus", () -> bus.stream().anyMatch(m ->
                "CARD_REMOVED".equals(m.getString("event")) && VpcdCard.READER.equals(m.getString("reader"))));
        return transactionId;
    }

    /**
     * A chip reader that is not attached is a device DOWN: /health says so with the reason, the gate is faulted
     * (exit locked, red) and a traveller breaking the entry beam starts nothing.
     */
    @Test
    void chipReaderNotAttached_healthDown_gateSafe() throws Exception {
        GateConfig config = config("egate test reader that is not there", video(DemoFaces.person("grace-hopper")
                .portrait().bytes()), "200");
        try (GateService service = GateService.start(config, Clock.systemUTC(), new SecureRandom())) {
            JsonObject health = awaitHealth(service, 503, "DOWN");
            assertThat(health.getJsonObject("devices").getJsonObject("chip").getString("reason"))
                    .isEqualTo("NOT_CONNECTED");
            assertThat(health.getJsonObject("devices").getJsonObject("chip").getString("detail"))
                    .contains("egate test reader that is not there");
            assertThat(health.getJsonObject("devices").getJsonObject("mrz").getString("status")).isEqualTo("UP");
            await("the gate is faulted", () -> service.controller().machine().state() == GateState.FAULT);
            MockGateHardware gpio = service.mockGpio().orElseThrow();
            walkThrough(gpio, Sensor.ENTRY_BEAM);
            assertThat(service.controller().machine().state()).isEqualTo(GateState.FAULT);
            assertThat(service.controller().machine().transactionId()).isEmpty();
            assertThat(gpio.exitReleased()).isFalse();
            assertThat(health.getString("exitDoor")).isEqualTo("LOCKED");
        }
    }

    /**
     * The serial MRZ reader pulled out (socat stopped: both ptys vanish) is DOWN with NOT_CONNECTED and the gate
     * faulted with the exit locked; plugged in again (a new pty pair at the same path) the verticle reopens the
     * port, reports UP, and the gate serves again without anyone resetting it. The chip reader is vpcd's second
     * reader, which no test puts a card on: it is attached, so the chip is UP, and the shared first reader is free.
     */
    @Test
    void serialReaderUnplugged_isDownAndSafe_thenRecoversWhenPluggedBackIn() throws Exception {
        VpcdCard.requirePcscdWithVpcd();
        GateConfig config = config("Virtual PCD 00 01", video(DemoFaces.person("grace-hopper").portrait().bytes()),
                "200");
        try (GateService service = GateService.start(config, Clock.systemUTC(), new SecureRandom())) {
            awaitHealth(service, 200, "UP");
            await("the gate is idle", () -> service.controller().machine().state() == GateState.IDLE);

            pty.close();
            JsonObject down = awaitHealth(service, 503, "DOWN");
            assertThat(down.getJsonObject("devices").getJsonObject("mrz").getString("reason"))
                    .isEqualTo("NOT_CONNECTED");
            await("the gate is faulted", () -> service.controller().machine().state() == GateState.FAULT);
            assertThat(service.mockGpio().orElseThrow().exitReleased()).isFalse();

            pty = plugBackIn(config.devices().orElseThrow().mrzSerialPort());
            awaitHealth(service, 200, "UP");
            await("the gate serves again", () -> service.controller().machine().state() == GateState.IDLE);
        }
    }

    /**
     * A new pty pair on the same /dev/pts node as the configured one, as a USB reader plugged back into the same
     * port. Linux gives a new pty the lowest free number, which is the old one once the gate closed it (it does on
     * DOWN); another process may take it meanwhile, so a few tries.
     */
    private PtyPair plugBackIn(String port) throws Exception {
        for (int attempt = 1; attempt <= 20; attempt++) {
            PtyPair pair = PtyPair.start(dir);
            if (pair.readerEnd().toRealPath().toString().equals(port)) {
                return pair;
            }
            pair.close();
        }
        fail("no new pty got the number of " + port + " in 20 tries (another process holds it)");
        return null;
    }

    private GateConfig config(String chipReader, Path video, String chipWaitMs) throws Exception {
        String yaml = Files.readString(Path.of("src/main/resources/gate-example.yaml"))
                .replace("simulation: true", "simulation: false")
                .replace("dataDir: gate-data", "dataDir: data").replace("port: 8088", "port: 0")
                // A shared CI machine can be slow: the step timeouts are not what these tests are about.
                .replace("chipMs: 10000", "chipMs: 120000").replace("faceMs: 15000", "faceMs: 120000")
                .replace("decidingMs: 5000", "decidingMs: 120000")
                + "devices:\n"
                + "  mrzSerialPort: " + pty.readerEnd().toRealPath() + "\n" // the config takes /dev paths only
                + "  mrzBaud: 9600\n"
                + "  chipReader: \"" + chipReader + "\"\n"
                + "  chipWaitMs: " + chipWaitMs + "\n"
                + "  camera: " + video + "\n"
                + "  gpioPlatform: mock\n"
                + "  gpioDebounceMs: 5\n"
                + "  gpio: {entryDoor: 17, exitDoor: 27, red: 5, amber: 6, green: 13, entryBeam: 19, insideBeam: 16,"
                + " exitBeam: 26, tailgate: 20, emergency: 21}\n"
                + "  trust: [pki/csca.pem]\n";
        if (!Files.exists(dir.resolve("pki/csca.pem"))) {
            new TestPassportFactory(new SecureRandom(), Clock.systemUTC()).createCsca("UT", KeyAlgorithm.EC_P256)
                    .save(dir.resolve("pki"));
        }
        Path file = dir.resolve("gate.yaml");
        Files.writeString(file, yaml);
        Vertx loader = Vertx.vertx();
        try {
            return ConfigLoader.load(loader, file).toCompletionStage().toCompletableFuture().get(WAIT_S,
                    TimeUnit.SECONDS);
        } finally {
            loader.close();
        }
    }

    /** A short MJPG video of one photo, at its own aspect ratio, as the rig's camera. */
    private Path video(byte[] photo) throws Exception {
        nu.pattern.OpenCV.loadLocally(); // as the camera driver loads it
        Mat image = Imgcodecs.imdecode(new MatOfByte(photo), Imgcodecs.IMREAD_COLOR);
        Size size = new Size(image.cols() - image.cols() % 2, image.rows() - image.rows() % 2);
        Mat frame = new Mat();
        Imgproc.resize(image, frame, size);
        Path video = dir.resolve("traveller.avi");
        VideoWriter writer = new VideoWriter(video.toString(), VideoWriter.fourcc('M', 'J', 'P', 'G'), 25, size,
                true);
        assertThat(writer.isOpened()).as("OpenCV can write MJPG .avi").isTrue();
        for (int i = 0; i < 50; i++) {
            writer.write(frame);
        }
        writer.release();
        image.release();
        frame.release();
        return video;
    }

    /** Polls /health until it answers with this status code and status, bounded; returns the body. */
    private static JsonObject awaitHealth(GateService service, int code, String status) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort()
                + "/health")).timeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        HttpResponse<String> last = null;
        do {
            try {
                last = http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (java.net.http.HttpTimeoutException e) {
                last = null; // a loaded machine: ask again until the deadline
                continue;
            }
            JsonObject body = new JsonObject(last.body());
            if (last.statusCode() == code && status.equals(body.getString("status"))) {
                return body;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        fail("/health never answered " + code + " " + status + "; last " + (last == null ? "timed out"
                : last.statusCode() + " " + last.body()));
        return null;
    }

    /** Someone passes through a beam: broken, then clear, each held until the debounced input shows it. */
    private static void walkThrough(MockGateHardware gpio, Sensor beam) throws InterruptedException {
        gpio.set(beam, true);
        await(beam + " broken", () -> gpio.gateIo().isActive(beam));
        gpio.set(beam, false);
        await(beam + " clear", () -> !gpio.gateIo().isActive(beam));
    }

    private static String awaitTransaction(GateService service) throws InterruptedException {
        await("the entry beam on the GPIO mock starts a transaction",
                () -> service.controller().machine().transactionId().isPresent());
        return service.controller().machine().transactionId().orElseThrow();
    }

    /** Polls until the condition holds, bounded by {@link #WAIT_S}; fails naming what did not happen. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + ": not within " + WAIT_S + " s");
            }
            Thread.sleep(20);
        }
    }
}
