package org.openegate.gate.service;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.openegate.gate.device.Camera;
import org.openegate.gate.device.CameraFrame;
import org.openegate.gate.device.ChipConnector;
import org.openegate.gate.device.DeviceException;
import org.openegate.gate.device.GateDevices;
import org.openegate.gate.device.LiveCamera;
import org.openegate.gate.device.MrzReader;
import org.openegate.gate.device.serial.SerialMrzReader;
import org.openegate.gate.flow.GateStateMachine;
import org.openegate.gate.sim.SimulatedCardReader;
import org.openegate.gate.sim.SimulatedDesk;

/**
 * The driver verticles of one gate, real or simulated, and the devices the pipeline reads from through them: the MRZ
 * from the MRZ verticle's slot, captures from the camera verticle's current camera, the chip through its connector.
 * Both kinds publish the same messages ({@link GateAddresses#MRZ_DOCUMENT}, {@link GateAddresses#CHIP},
 * {@link GateAddresses#CAMERA}, {@link GateAddresses#DEVICE_HEALTH}); a {@link DeviceSupervisor} turns their health
 * into the gate's FAULT and recovery.
 */
final class GateDrivers {

    /** How often presence and frames are checked and a lost device reopened. */
    static final long PERIOD_MS = 1000;
    /** No new frame from a live camera for this long: the camera is lost. */
    static final Duration CAMERA_STALL = Duration.ofSeconds(3);

    private final MrzReaderVerticle mrz;
    private final ChipReaderVerticle chip;
    private final CameraVerticle camera;
    private final DeviceSupervisor supervisor;
    private final GateDevices devices;
    private final Optional<SimulatedCardReader> simulatedCards;

    private GateDrivers(MrzReaderVerticle mrz, MrzSlot slot, ChipReaderVerticle chip, ChipConnector connector,
            CameraVerticle camera, Optional<SimulatedCardReader> simulatedCards) {
        this.mrz = mrz;
        this.chip = chip;
        this.camera = camera;
        this.simulatedCards = simulatedCards;
        this.supervisor = new DeviceSupervisor(Set.of(MrzReaderVerticle.DEVICE, ChipReaderVerticle.DEVICE,
                CameraVerticle.DEVICE));
        MrzReader fromSlot = slot.reader();
        Camera capture = camera.camera();
        this.devices = new GateDevices() {
            @Override
            public MrzReader mrzReader() {
                return fromSlot;
            }

            @Override
            public ChipConnector chipConnector() {
                return connector;
            }

            @Override
            public Camera camera() {
                return capture;
            }
        };
    }

    /** The real drivers: serial MRZ reader, PC/SC chip reader and its monitor, OpenCV camera. */
    static GateDrivers real(GateHardware hardware, GateStateMachine gate, Duration documentWait, Clock clock,
            SecureRandom random) {
        MrzSlot slot = new MrzSlot(gate::transactionId, documentWait);
        MrzReaderVerticle mrz = new MrzReaderVerticle(hardware.mrzReader(), Optional.of(hardware.mrzOpener()),
                reader -> !(reader instanceof SerialMrzReader serial) || serial.present(), slot, PERIOD_MS, random);
        ChipReaderVerticle chip = new ChipReaderVerticle(hardware.cardEvents(), hardware.chipReaderName());
        CameraVerticle camera = new CameraVerticle(hardware.liveCamera(), Optional.of(hardware.cameraOpener()),
                PERIOD_MS, Optional.of(CAMERA_STALL), clock);
        return new GateDrivers(mrz, slot, chip, hardware.chipConnector(), camera, Optional.empty());
    }

    /**
     * The simulated twins behind the same verticles: the desk's scripted MRZ reader, a {@link SimulatedCardReader}
     * on which the traveller puts the passport when the gate asks for the document (and takes it back when they
     * leave), and the desk's camera, which grabs when the pipeline captures.
     */
    static GateDrivers simulated(SimulatedDesk desk, GateStateMachine gate, Duration documentWait, Clock clock,
            SecureRandom random) {
        MrzSlot slot = new MrzSlot(gate::transactionId, documentWait);
        MrzReaderVerticle mrz = new MrzReaderVerticle(desk.mrzReader(), Optional.empty(), reader -> true, slot,
                PERIOD_MS, random);
        SimulatedCardReader cards = new SimulatedCardReader(clock);
        ChipReaderVerticle chip = new ChipReaderVerticle(cards, Optional.of(SimulatedCardReader.READER));
        CameraVerticle camera = new CameraVerticle(new DeskCamera(desk.camera()), Optional.empty(), PERIOD_MS,
                Optional.empty(), clock);
        return new GateDrivers(mrz, slot, chip, desk.chipConnector(), camera, Optional.of(cards));
    }

    /** What the pipeline reads from. */
    GateDevices devices() {
        return devices;
    }

    /** Deploys the supervisor, then each driver's verticle (after the gate's verticle, which takes their faults). */
    Future<Void> deploy(Vertx vertx) {
        simulatedCards.ifPresent(cards -> vertx.eventBus().<JsonObject>consumer(GateAddresses.STATE, message -> {
            // the simulated traveller's hand: passport on the reader for the checks, taken back on leaving
            switch (message.body().getString("state", "")) {
                case "DOCUMENT" -> cards.insert();
                case "IDLE", "EXIT_OPEN", "REJECTED", "REFERRED", "FAULT" -> cards.remove();
                default -> {
                }
            }
        }));
        return vertx.deployVerticle(supervisor)
                .compose(id -> Future.all(List.of(vertx.deployVerticle(mrz), vertx.deployVerticle(chip),
                        vertx.deployVerticle(camera))))
                .mapEmpty();
    }

    /** Each device's health for {@code /health}. */
    JsonObject health() {
        return supervisor.snapshot();
    }

    /** Whether every device reports UP. */
    boolean allUp() {
        return supervisor.allUp();
    }

    /**
     * The simulated desk's camera as a camera that grabs only when captured: its frames are the captures, so the
     * camera verticle reports the same FRAMES messages without a grab thread spending a core on a simulated lane.
     */
    private static final class DeskCamera implements LiveCamera {
        private final Camera desk;
        private final AtomicLong grabbed = new AtomicLong();

        DeskCamera(Camera desk) {
            this.desk = desk;
        }

        @Override
        public byte[] capture() throws DeviceException {
            byte[] frame = desk.capture();
            grabbed.incrementAndGet();
            return frame;
        }

        @Override
        public long grabbed() {
            return grabbed.get();
        }

        @Override
        public Optional<CameraFrame> latest() {
            return Optional.empty(); // no frame is kept: the desk's picture belongs to the traveller of the moment
        }

        @Override
        public CameraFrame next(Duration timeout) throws DeviceException {
            throw new DeviceException(DeviceException.Reason.REFUSED, "the simulated camera has no frame stream");
        }

        @Override
        public AutoCloseable stream(Consumer<CameraFrame> listener) {
            return () -> {
            };
        }

        @Override
        public void close() {
        }
    }
}
