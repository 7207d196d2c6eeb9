package org.openegate.gate.service;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.openegate.crypto.trust.TrustStore;
import org.openegate.gate.config.GateConfig;
import org.openegate.gate.device.Camera;
import org.openegate.gate.device.ChipConnector;
import org.openegate.gate.device.DeviceException;
import org.openegate.gate.device.GateDevices;
import org.openegate.gate.device.MrzReader;
import org.openegate.gate.device.MrzRejection;
import org.openegate.gate.device.camera.OpenCvCamera;
import org.openegate.gate.device.gpio.GpioConfig;
import org.openegate.gate.device.gpio.MockGateHardware;
import org.openegate.gate.device.gpio.Pi4jGateIo;
import org.openegate.gate.device.pcsc.PcscCardMonitor;
import org.openegate.gate.device.pcsc.PcscChipConnector;
import org.openegate.gate.device.serial.SerialMrzReader;
import org.openegate.gate.device.serial.SerialMrzSettings;
import org.tinylog.Logger;

/**
 * The real drivers of a gate with {@code simulation: false}, opened from the validated {@code devices:} section:
 * the serial MRZ reader, the PC/SC chip reader, the OpenCV camera and the GPIO (libgpiod, or Pi4J's mock platform
 * on a test rig). Opening stops at the first driver that cannot start, closing those already open: a gate with a
 * missing device must not open its doors to anyone.
 */
final class GateHardware implements GateDevices, AutoCloseable {

    /** How long a capture waits for a fresh frame before the face step reports the camera TIMEOUT. */
    static final Duration FRAME_WAIT = Duration.ofSeconds(2);
    /** How often the chip reader's monitor lists the readers: card and hot-plug events come at most this late. */
    private static final Duration CARD_POLL = Duration.ofMillis(250);
    /** How long start-up waits for PC/SC's first listing of the readers. */
    private static final Duration FIRST_LISTING_WAIT = Duration.ofSeconds(5);

    private final SerialMrzReader mrz;
    private final PcscChipConnector chip;
    private final OpenCvCamera camera;
    private final Pi4jGateIo gpio;
    private final Optional<MockGateHardware> mock;
    private final TrustStore trust;
    private final PcscCardMonitor cardEvents;
    private final GateConfig.Devices config;
    private final Clock clock;
    private final Consumer<MrzRejection> rejections;

    private GateHardware(SerialMrzReader mrz, PcscChipConnector chip, OpenCvCamera camera, Pi4jGateIo gpio,
            Optional<MockGateHardware> mock, TrustStore trust, PcscCardMonitor cardEvents, GateConfig.Devices config,
            Clock clock, Consumer<MrzRejection> rejections) {
        this.cardEvents = cardEvents;
        this.config = config;
        this.clock = clock;
        this.rejections = rejections;
        this.mrz = mrz;
        this.chip = chip;
        this.camera = camera;
        this.gpio = gpio;
        this.mock = mock;
        this.trust = trust;
    }

    /**
     * Opens every driver.
     *
     * @param rejections told of each MRZ read the reader did not take (no personal data in it)
     * @throws DeviceException naming the device that did not start
     */
    static GateHardware open(GateConfig.Devices devices, Clock clock, Consumer<MrzRejection> rejections)
            throws DeviceException {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            TrustStore.Builder trust = TrustStore.builder(clock);
            for (Path path : devices.trust()) {
                trust.load(path);
            }
            Map<String, Integer> pins = devices.gpio();
            GpioConfig gpioConfig = new GpioConfig(pins.get("entryDoor"), pins.get("exitDoor"), pins.get("red"),
                    pins.get("amber"), pins.get("green"), pins.get("entryBeam"), pins.get("insideBeam"),
                    pins.get("exitBeam"), pins.get("tailgate"), pins.get("emergency"), devices.gpioDebounce());
            // GPIO first: the doors are driven locked before any other device can fail or report.
            Optional<MockGateHardware> mock = Optional.empty();
            Pi4jGateIo gpio;
            if (devices.gpioPlatform() == GateConfig.GpioPlatform.MOCK) {
                MockGateHardware hardware = MockGateHardware.create(gpioConfig, clock);
                opened.add(hardware);
                mock = Optional.of(hardware);
                gpio = hardware.gateIo();
            } else {
                gpio = Pi4jGateIo.openGpiod(gpioConfig, clock);
                opened.add(gpio);
            }
            SerialMrzReader mrz = openMrz(devices, clock, rejections);
            opened.add(mrz);
            PcscChipConnector chip = new PcscChipConnector(devices.chipReader(), devices.chipWait(), clock);
            opened.add(chip);
            // Card and reader events for the chip reader's verticle; its first listing is awaited so the gate
            // starts with the reader's real state (a reader that is not there is DOWN, not "not looked yet").
            // Polling, not waiting in pcscd: a wait there would hold up the pipeline's APDUs (one PC/SC context).
            PcscCardMonitor cardEvents = PcscCardMonitor.startPolling(CARD_POLL, clock);
            opened.add(cardEvents);
            try {
                if (!cardEvents.awaitFirstListing(FIRST_LISTING_WAIT)) {
                    Logger.warn("PC/SC did not list its readers within {} ms", FIRST_LISTING_WAIT.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeviceException(DeviceException.Reason.NOT_CONNECTED, "interrupted listing PC/SC readers");
            }
            OpenCvCamera camera = openCamera(devices, clock);
            opened.add(camera);
            return new GateHardware(mrz, chip, camera, gpio, mock, trust.build(), cardEvents, devices, clock,
                    rejections);
        } catch (DeviceException | RuntimeException e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    private static SerialMrzReader openMrz(GateConfig.Devices devices, Clock clock,
            Consumer<MrzRejection> rejections) throws DeviceException {
        SerialMrzSettings serial = SerialMrzSettings.defaults(devices.mrzSerialPort());
        return SerialMrzReader.open(new SerialMrzSettings(serial.port(), devices.mrzBaud(), serial.interLineTimeout(),
                serial.maxLineLength(), serial.blockCheck(), serial.documentWait()), clock, rejections);
    }

    private static OpenCvCamera openCamera(GateConfig.Devices devices, Clock clock) throws DeviceException {
        GateConfig.CameraSource source = devices.camera();
        return source.video().isPresent()
                ? OpenCvCamera.file(Path.of(source.video().get()), true, FRAME_WAIT, clock)
                : OpenCvCamera.device(source.index(), FRAME_WAIT, clock);
    }

    /** Opens the serial MRZ reader again, as configured (after it was unplugged). */
    DriverOpener<SerialMrzReader> mrzOpener() {
        return () -> openMrz(config, clock, rejections);
    }

    /** Opens the camera again, as configured (after it was lost). */
    DriverOpener<OpenCvCamera> cameraOpener() {
        return () -> openCamera(config, clock);
    }

    /** Card insert/remove and reader hot-plug on PC/SC. */
    PcscCardMonitor cardEvents() {
        return cardEvents;
    }

    /** The configured chip reader's name, if one is named. */
    Optional<String> chipReaderName() {
        return config.chipReader();
    }

    @Override
    public MrzReader mrzReader() {
        return mrz;
    }

    @Override
    public ChipConnector chipConnector() {
        return chip;
    }

    @Override
    public Camera camera() {
        return camera;
    }

    /** The camera with its grab thread, for the camera's verticle. */
    OpenCvCamera liveCamera() {
        return camera;
    }

    Pi4jGateIo gpio() {
        return gpio;
    }

    Optional<MockGateHardware> mock() {
        return mock;
    }

    TrustStore trust() {
        return trust;
    }

    /** Camera, chip and MRZ reader closed; the GPIO last, leaving the doors as an unpowered gate would. */
    @Override
    public void close() {
        cardEvents.close();
        camera.close();
        chip.close();
        mrz.close();
        if (mock.isPresent()) {
            mock.get().close();
        } else {
            gpio.close();
        }
    }

    @Override
    public String toString() {
        return "GateHardware[mrz=" + mrz + ", chip=" + chip + ", camera=" + camera + ", gpio=" + gpio + "]";
    }
}
