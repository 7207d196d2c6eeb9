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
import org.openegate.gate.device.Door;
import org.openegate.gate.device.GateIo;
import org.openegate.gate.device.Light;
import org.openegate.gate.device.Sensor;
import org.openegate.gate.device.SensorEvent;
import org.tinylog.Logger;

/**
 * {@link GateIo} on Pi4J 2: a real GPIO context on a gate, Pi4J's mock platform in simulation (see
 * {@link MockGateHardware}). Wiring and fail-safe choices are in {@link GpioConfig} and {@link Door}.
 *
 * <p>Outputs are created with a Pi4J shutdown state equal to the unpowered gate (entry released, exit locked,
 * lights off), so a clean shutdown of the context leaves the gate as a power cut would.
 *
 * <p>Debounce: every raw edge (re)starts a timer of {@code debounce}; when it runs out the input is read again and,
 * if it differs from the last reported state, one {@link SensorEvent} is sent. A contact that chatters for less than
 * the debounce time produces no event, and a change is reported once. Timers and listeners run on one thread, so
 * listeners see events in order. The emergency input takes effect on that thread too, before listeners hear of it.
 */
public final class Pi4jGateIo implements GateIo {

    private final Context pi4j;
    private final Clock clock;
    private final Scheduler scheduler;
    private final long debounceMillis;
    private final Map<Door, DigitalOutput> doors = new EnumMap<>(Door.class);
    private final Map<Light, DigitalOutput> lights = new EnumMap<>(Light.class);
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
     * @throws DeviceException NOT_CONNECTED if this machine has no GPIO chip or the plugin's native library cannot
     *     load (any non-ARM machine), IO_ERROR if a line cannot be claimed
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
            doors.put(Door.ENTRY, output(ioId(Door.ENTRY), config.entryLock(), DigitalState.HIGH, DigitalState.LOW));
            doors.put(Door.EXIT, output(ioId(Door.EXIT), config.exitRelease(), DigitalState.LOW, DigitalState.LOW));
            lights.put(Light.RED, output(ioId(Light.RED), config.redLight(), DigitalState.HIGH, DigitalState.LOW));
            lights.put(Light.AMBER, output(ioId(Light.AMBER), config.amberLight(), DigitalState.LOW,
                    DigitalState.LOW));
            lights.put(Light.GREEN, output(ioId(Light.GREEN), config.greenLight(), DigitalState.LOW,
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
    static String ioId(Door door) {
        return door == Door.ENTRY ? "entry-lock" : "exit-release";
    }

    static String ioId(Light light) {
        return light.name().toLowerCase(Locale.ROOT) + "-light";
    }

    static String ioId(Sensor sensor) {
        return sensor.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public synchronized void lockAll() throws DeviceException {
        refuseInEmergency("lock both doors");
        // exit first: it is the one that guards the border
        drive(Door.EXIT, false);
        drive(Door.ENTRY, false);
    }

    @Override
    public synchronized void open(Door door) throws DeviceException {
        drive(door, true);
    }

    @Override
    public synchronized void lock(Door door) throws DeviceException {
        refuseInEmergency("lock the " + door + " door");
        drive(door, false);
    }

    @Override
    public boolean isOpen(Door door) {
        DigitalOutput out = doors.get(door);
        return door == Door.ENTRY ? out.isLow() : out.isHigh();
    }

    @Override
    public synchronized void light(Light light) throws DeviceException {
        for (Light other : Light.values()) {
            if (other != light) {
                set(lights.get(other), false, other + " light");
            }
        }
        set(lights.get(light), true, light + " light");
    }

    @Override
    public synchronized void lightsOff() throws DeviceException {
        for (Light light : Light.values()) {
            set(lights.get(light), false, light + " light");
        }
    }

    @Override
    public Optional<Light> lit() {
        for (Light light : Light.values()) {
            if (lights.get(light).isHigh()) {
                return Optional.of(light);
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean isActive(Sensor sensor) {
        synchronized (stable) {
            return stable.get(sensor);
        }
    }

    /** Whether the emergency input is active (both doors released, locking refused). */
    public boolean emergency() {
        return emergency;
    }

    @Override
    public AutoCloseable addListener(Consumer<SensorEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

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
        tryLow(doors.get(Door.EXIT), failures);
        tryLow(doors.get(Door.ENTRY), failures);
        lights.values().forEach(l -> tryLow(l, failures));
        for (String id : List.of(ioId(Door.ENTRY), ioId(Door.EXIT), ioId(Light.RED), ioId(Light.AMBER),
                ioId(Light.GREEN), ioId(Sensor.ENTRY_BEAM), ioId(Sensor.INSIDE_BEAM), ioId(Sensor.EXIT_BEAM),
                ioId(Sensor.TAILGATE), ioId(Sensor.EMERGENCY))) {
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

    private void refuseInEmergency(String what) throws DeviceException {
        if (emergency) {
            throw new DeviceException(DeviceException.Reason.REFUSED, "cannot " + what
                    + ": the emergency input is active and has released both doors");
        }
    }

    private void drive(Door door, boolean open) throws DeviceException {
        set(doors.get(door), door == Door.ENTRY ? !open : open, door + " door");
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
                drive(Door.ENTRY, true);
                drive(Door.EXIT, true);
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
        return "Pi4jGateIo[emergency=" + emergency + ", entry " + (isOpen(Door.ENTRY) ? "open" : "locked")
                + ", exit " + (isOpen(Door.EXIT) ? "open" : "locked") + "]";
    }
}
