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
import org.openegate.gate.device.pcsc.PcscChipConnector;
import org.openegate.gate.device.serial.SerialMrzReader;
import org.openegate.gate.device.serial.SerialMrzSettings;

/**
 * The real drivers of a gate with {@code simulation: false}, opened from the validated {@code devices:} section:
 * the serial MRZ reader, the PC/SC chip reader, the OpenCV camera and the GPIO (libgpiod, or Pi4J's mock platform
 * on a test rig). Opening stops at the first driver that cannot start, closing those already open: a gate with a
 * missing device must not open its doors to anyone.
 */
final class GateHardware implements GateDevices, AutoCloseable {

    /** How long a capture waits for a fresh frame before the face step reports the camera TIMEOUT. */
    static final Duration FRAME_WAIT = Duration.ofSeconds(2);

    private final SerialMrzReader mrz;
    private final PcscChipConnector chip;
    private final OpenCvCamera camera;
    private final Pi4jGateIo gpio;
    private final Optional<MockGateHardware> mock;
    private final TrustStore trust;

    private GateHardware(SerialMrzReader mrz, PcscChipConnector chip, OpenCvCamera camera, Pi4jGateIo gpio,
            Optional<MockGateHardware> mock, TrustStore trust) {
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
            SerialMrzSettings serial = SerialMrzSettings.defaults(devices.mrzSerialPort());
            SerialMrzReader mrz = SerialMrzReader.open(new SerialMrzSettings(serial.port(), devices.mrzBaud(),
                    serial.interLineTimeout(), serial.maxLineLength(), serial.blockCheck(), serial.documentWait()),
                    clock, rejections);
            opened.add(mrz);
            PcscChipConnector chip = new PcscChipConnector(devices.chipReader(), devices.chipWait(), clock);
            opened.add(chip);
            GateConfig.CameraSource source = devices.camera();
            OpenCvCamera camera = source.video().isPresent()
                    ? OpenCvCamera.file(Path.of(source.video().get()), true, FRAME_WAIT, clock)
                    : OpenCvCamera.device(source.index(), FRAME_WAIT, clock);
            opened.add(camera);
            return new GateHardware(mrz, chip, camera, gpio, mock, trust.build());
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
