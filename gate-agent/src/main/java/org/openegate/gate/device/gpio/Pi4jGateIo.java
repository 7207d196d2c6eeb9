package org.openegate.gate.device.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.openegate.gate.device.DeviceException;
import org.openegate.gate.device.GateIo;
import org.openegate.gate.device.GateSignal;
import org.openegate.gate.device.Sensor;
import org.openegate.gate.device.SensorEvent;
import org.tinylog.Logger;

/**
 * The gate's GPIO on Pi4J 2: the flow's {@link GateIo} (doors, lights), plus the inputs as debounced
 * {@link SensorEvent}s and as the flow's {@link GateSignal}s. A real libgpiod context on a gate
 * ({@link #openGpiod}), Pi4J's mock platform in simulation ({@link MockGateHardware}).
 *
 * <p>Fail-safe wiring (pins in {@link GpioConfig}):
 * <ul>
 *   <li>Entry door: fail-safe. Its lock is energised to hold (pin high = locked); a power cut or a dead agent
 *       releases it, so a traveller inside the gate can always step back out to the side they came from.
 *   <li>Exit door: fail-secure. Its release is energised to open (pin high = released); a power cut, a dead agent or
 *       any fault leaves it locked, so nobody crosses the border without a decision.
 * </ul>
 * Outputs are created with a Pi4J shutdown state equal to the unpowered gate (entry released, exit locked, lights
 * off), and {@link #close()} leaves that state too.
 *
 * <p>Emergency: the emergency circuit releases both doors in hardware. When the input goes active the outputs
 * follow (both driven released) before any listener hears of it; while it is active a door may be driven OPEN or
 * RELEASED but never LOCKED (refused with {@link DeviceException.Reason#REFUSED}), and {@link #lockAll()} is
 * refused likewise. When it clears, the doors stay released until the flow locks them: re-arming the gate is a
 * decision, not a side effect.
 *
 * <p>Debounce: every raw edge (re)starts a timer of {@code debounce}; when it runs out the input is read again and,
 * if it differs from the last reported state, one {@link SensorEvent} is sent. A contact that chatters for less than
 * the debounce time produces no event, and a change is reported once. Timers and listeners run on one thread, so
 * listeners see events in order; they must not block. Thread-safe.
 */
public final class Pi4jGateIo implements GateIo, AutoCloseable {

    /** Which door; the flow's {@link GateIo.Door} is what it is driven to. */
    enum Side {
        ENTRY,
        EXIT
    }

    private final Context pi4j;
    private final Clock clock;
    private final Scheduler scheduler;
    private final long debounceMillis;
    private final Map<Side, DigitalOutput> doors = new EnumMap<>(Side.class);
    private final Map<GateIo.Light, DigitalOutput> lights = new EnumMap<>(GateIo.Light.class);
    private final Map<Sensor, DigitalInput> inputs = new EnumMap<>(Sensor.class);
    private final Map<Sensor, Boolean> stable = new EnumMap<>(Sensor.class);
    private final Map<Sensor, Runnable> pendingTimers = new EnumMap<>(Sensor.class);
    private final List<Consumer<SensorEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean emergency;
    private volatile boolean closed;
    private boolean ownedContext;

    /**
     * Creates the pins on the context and puts the gate in its safe starting state: both doors locked, red on. The
     * context stays the caller's to shut down.
     *
     * @throws DeviceException IO_ERROR if Pi4J cannot create a pin or drive it
     */
    public static Pi4jGateIo open(Context pi4j, GpioConfig config, Clock clock) throws DeviceException {
        return new Pi4jGateIo(pi4j, config, clock, Scheduler.singleThread("gate-io"));
    }

    /**
     * The gate's real GPIO: the pins as lines of the kernel's GPIO character device through libgpiod (Pi4J's gpiod
     * plugin; Raspberry Pi and other Linux boards, armhf or aarch64). The context is made here and shut down by
     * {@link #close()}.
     *
     * @throws DeviceException NOT_CONNECTED if the plugin cannot start, IO_ERROR if the lines cannot be claimed
     *     (on a machine without a GPIO chip Pi4J says "No gpio chip yet initialized!"; or a line is in use)
     */
    public static Pi4jGateIo openGpiod(GpioConfig config, Clock clock) throws DeviceException {
        Context pi4j;
        try {
            pi4j = Pi4J.newContextBuilder().noAutoDetect().add(GpioDDigitalInputProvider.newInstance(),
                    GpioDDigitalOutputProvider.newInstance()).build();
        } catch (RuntimeException | LinkageError e) {
            throw new DeviceException(DeviceException.Reason.NOT_CONNECTED, "no GPIO through libgpiod on this "
                    + "machine (" + System.getProperty("os.arch") + "): " + e, e);
        }
        try {
            Pi4jGateIo io = new Pi4jGateIo(pi4j, config, clock, Scheduler.singleThread("gate-io"));
            io.ownedContext = true;
            return io;
        } catch (DeviceException | RuntimeException e) {
            pi4j.shutdown();
            throw e;
        }
    }

    Pi4jGateIo(Context pi4j, GpioConfig config, Clock clock, Scheduler scheduler) throws DeviceException {
        this.pi4j = Objects.requireNonNull(pi4j, "pi4j");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.debounceMillis = config.debounce().toMillis();
        try {
            // entry: high = locked, released when unpowered; exit: high = released, locked when unpowered
            doors.put(Side.ENTRY, output(ioId(Side.ENTRY), config.entryLock(), DigitalState.HIGH,
                    DigitalState.LOW));
            doors.put(Side.EXIT, output(ioId(Side.EXIT), config.exitRelease(), DigitalState.LOW, DigitalState.LOW));
            lights.put(GateIo.Light.RED, output(ioId(GateIo.Light.RED), config.redLight(), DigitalState.HIGH,
                    DigitalState.LOW));
            lights.put(GateIo.Light.AMBER, output(ioId(GateIo.Light.AMBER), config.amberLight(), DigitalState.LOW,
                    DigitalState.LOW));
            lights.put(GateIo.Light.GREEN, output(ioId(GateIo.Light.GREEN), config.greenLight(), DigitalState.LOW,
                    DigitalState.LOW));
            Map<Sensor, Integer> pins = Map.of(Sensor.ENTRY_BEAM, config.entryBeam(), Sensor.INSIDE_BEAM,
                    config.insideBeam(), Sensor.EXIT_BEAM, config.exitBeam(), Sensor.TAILGATE, config.tailgate(),
                    Sensor.EMERGENCY, config.emergency());
            for (Sensor sensor : Sensor.values()) {
                DigitalInput input = pi4j.create(DigitalInput.newConfigBuilder(pi4j).id(ioId(sensor))
                        .name(sensor.name()).address(pins.get(sensor)).pull(PullResistance.PULL_DOWN).build());
                inputs.put(sensor, input);
                stable.put(sensor, Boolean.FALSE);
                input.addListener(event -> edge(sensor));
            }
        } catch (RuntimeException | LinkageError e) {
            // com.pi4j.io.exception.IOException and friends are unchecked; a plugin's missing native is a LinkageError
            scheduler.close();
            throw new DeviceException(DeviceException.Reason.IO_ERROR, "cannot set up the gate's GPIO: "
                    + e.getMessage(), e);
        }
        // an input already active at start (someone in a beam, the emergency on) is reported like any change
        for (Sensor sensor : Sensor.values()) {
            edge(sensor);
        }
    }

    private DigitalOutput output(String id, int pin, DigitalState initial, DigitalState shutdown) {
        return pi4j.create(DigitalOutput.newConfigBuilder(pi4j).id(id).name(id).address(pin).initial(initial)
                .shutdown(shutdown).build());
    }

    /** The Pi4J IO id of a door's output. */
    static String ioId(Side side) {
        return side == Side.ENTRY ? "entry-lock" : "exit-release";
    }

    static String ioId(GateIo.Light light) {
        return light.name().toLowerCase(Locale.ROOT) + "-light";
    }

    static String ioId(Sensor sensor) {
        return sensor.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Drives the entry door: LOCKED holds it, OPEN and RELEASED free it (one pin: they differ only in intent). */
    @Override
    public synchronized void entryDoor(GateIo.Door door) throws DeviceException {
        drive(Side.ENTRY, door);
    }

    /** Drives the exit door: LOCKED holds it, OPEN and RELEASED free it. */
    @Override
    public synchronized void exitDoor(GateIo.Door door) throws DeviceException {
        drive(Side.EXIT, door);
    }

    /** Locks both doors, the exit first (it guards the border): the safe state on any fault. */
    public synchronized void lockAll() throws DeviceException {
        drive(Side.EXIT, GateIo.Door.LOCKED);
        drive(Side.ENTRY, GateIo.Door.LOCKED);
    }

    /** Whether the entry door is free now, as driven (its lock pin is low). */
    public boolean entryReleased() {
        return doors.get(Side.ENTRY).isLow();
    }

    /** Whether the exit door is free now, as driven (its release pin is high). */
    public boolean exitReleased() {
        return doors.get(Side.EXIT).isHigh();
    }

    /** Lights one light and puts out the others. */
    @Override
    public synchronized void light(GateIo.Light light) throws DeviceException {
        for (GateIo.Light other : GateIo.Light.values()) {
            if (other != light) {
                set(lights.get(other), false, other + " light");
            }
        }
        set(lights.get(light), true, light + " light");
    }

    /** Puts out all lights. */
    public synchronized void lightsOff() throws DeviceException {
        for (GateIo.Light light : GateIo.Light.values()) {
            set(lights.get(light), false, light + " light");
        }
    }

    /** The light that is on, if any (as driven). */
    public Optional<GateIo.Light> lit() {
        for (GateIo.Light light : GateIo.Light.values()) {
            if (lights.get(light).isHigh()) {
                return Optional.of(light);
            }
        }
        return Optional.empty();
    }

    /** The debounced state of an input. */
    public boolean isActive(Sensor sensor) {
        synchronized (stable) {
            return stable.get(sensor);
        }
    }

    /** Whether the emergency input is active (both doors released, locking refused). */
    public boolean emergency() {
        return emergency;
    }

    /**
     * Registers a listener for debounced input changes (all five inputs, both edges).
     *
     * @return a handle that removes the listener when closed
     */
    public AutoCloseable addListener(Consumer<SensorEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * The same inputs as the flow's {@link GateSignal}s: beam broken/clear for the entry and exit beams, TAILGATE
     * when the tailgating sensor fires, EMERGENCY_ON/OFF. (The inside beam has no signal; use
     * {@link #addListener} or {@link #isActive} for it.)
     *
     * @return a handle that removes the listener when closed
     */
    public AutoCloseable addSignalListener(Consumer<GateSignal> listener) {
        Objects.requireNonNull(listener, "listener");
        return addListener(event -> signal(event).ifPresent(listener));
    }

    /** The flow's signal for a sensor event, if it has one. */
    static Optional<GateSignal> signal(SensorEvent event) {
        boolean on = event.active();
        return switch (event.sensor()) {
            case ENTRY_BEAM -> Optional.of(on ? GateSignal.ENTRY_BEAM_BROKEN : GateSignal.ENTRY_BEAM_CLEAR);
            case EXIT_BEAM -> Optional.of(on ? GateSignal.EXIT_BEAM_BROKEN : GateSignal.EXIT_BEAM_CLEAR);
            case TAILGATE -> on ? Optional.of(GateSignal.TAILGATE) : Optional.empty();
            case EMERGENCY -> Optional.of(on ? GateSignal.EMERGENCY_ON : GateSignal.EMERGENCY_OFF);
            case INSIDE_BEAM -> Optional.empty();
        };
    }

    /** Releases the I/O, leaving the gate as an unpowered gate would be (exit locked, entry released). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        scheduler.close();
        listeners.clear();
        // the unpowered state: exit locked, entry released, lights off (even in an emergency the exit relock is
        // the hardware's business once the agent has gone)
        List<String> failures = new ArrayList<>();
        tryLow(doors.get(Side.EXIT), failures);
        tryLow(doors.get(Side.ENTRY), failures);
        lights.values().forEach(l -> tryLow(l, failures));
        for (String id : List.of(ioId(Side.ENTRY), ioId(Side.EXIT), ioId(GateIo.Light.RED),
                ioId(GateIo.Light.AMBER), ioId(GateIo.Light.GREEN), ioId(Sensor.ENTRY_BEAM),
                ioId(Sensor.INSIDE_BEAM), ioId(Sensor.EXIT_BEAM), ioId(Sensor.TAILGATE), ioId(Sensor.EMERGENCY))) {
            try {
                if (pi4j.hasIO(id)) {
                    pi4j.shutdown(id);
                }
            } catch (RuntimeException e) {
                failures.add(id + ": " + e.getMessage());
            }
        }
        if (ownedContext) {
            try {
                pi4j.shutdown();
            } catch (RuntimeException e) {
                failures.add("context: " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            Logger.warn("gate GPIO close: {}", failures);
        }
    }

    private static void tryLow(DigitalOutput out, List<String> failures) {
        try {
            out.low();
        } catch (RuntimeException e) {
            failures.add(out.id() + ": " + e.getMessage());
        }
    }

    private void drive(Side side, GateIo.Door door) throws DeviceException {
        boolean free = door != GateIo.Door.LOCKED;
        if (!free && emergency) {
            throw new DeviceException(DeviceException.Reason.REFUSED, "cannot lock the " + side
                    + " door: the emergency input is active and has released both doors");
        }
        // entry: pin high = locked; exit: pin high = released
        set(doors.get(side), side == Side.ENTRY ? !free : free, side + " door");
    }

    private void set(DigitalOutput out, boolean high, String what) throws DeviceException {
        if (closed) {
            throw new DeviceException(DeviceException.Reason.NOT_CONNECTED, "gate GPIO is closed; cannot drive the "
                    + what);
        }
        try {
            out.state(high ? DigitalState.HIGH : DigitalState.LOW);
        } catch (RuntimeException e) {
            throw new DeviceException(DeviceException.Reason.IO_ERROR, "cannot drive the " + what + " (pin "
                    + out.config().address() + "): " + e.getMessage(), e);
        }
    }

    /** A raw edge from Pi4J (any thread): (re)start the debounce timer. */
    private void edge(Sensor sensor) {
        synchronized (pendingTimers) {
            if (closed) {
                return;
            }
            Runnable cancel = pendingTimers.remove(sensor);
            if (cancel != null) {
                cancel.run();
            }
            pendingTimers.put(sensor, scheduler.schedule(() -> settle(sensor), debounceMillis));
        }
    }

    /** The debounce time has passed since the last edge: report the input if it has really changed. */
    private void settle(Sensor sensor) {
        synchronized (pendingTimers) {
            pendingTimers.remove(sensor);
        }
        if (closed) {
            return;
        }
        boolean now = inputs.get(sensor).isHigh();
        synchronized (stable) {
            if (stable.get(sensor) == now) {
                return;
            }
            stable.put(sensor, now);
        }
        if (sensor == Sensor.EMERGENCY) {
            followEmergency(now);
        }
        SensorEvent event = new SensorEvent(sensor, now, clock.instant());
        for (Consumer<SensorEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                Logger.error(e, "gate I/O listener failed on {}", event);
            }
        }
    }

    /** The hardware has released both doors: the outputs follow, so the software's view matches the doors. */
    private synchronized void followEmergency(boolean active) {
        emergency = active;
        if (active) {
            Logger.warn("emergency input active: both doors released");
            try {
                drive(Side.ENTRY, GateIo.Door.RELEASED);
                drive(Side.EXIT, GateIo.Door.RELEASED);
            } catch (DeviceException e) {
                Logger.error("emergency: could not drive the door outputs ({}); the hardware release stands",
                        e.getMessage());
            }
        } else {
            Logger.warn("emergency input cleared: doors stay released until the gate is re-armed (lockAll)");
        }
    }

    @Override
    public String toString() {
        if (closed) {
            return "Pi4jGateIo[closed]";
        }
        return "Pi4jGateIo[emergency=" + emergency + ", entry " + (entryReleased() ? "free" : "locked")
                + ", exit " + (exitReleased() ? "free" : "locked") + "]";
    }
}
