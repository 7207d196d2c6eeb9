package org.openegate.gate.device;

import java.util.function.Consumer;

/**
 * The gate's digital I/O: two doors, three lights, five inputs. Pi4J 2 on a gate, Pi4J's mock platform in
 * simulation and tests (the same implementation, {@code org.openegate.gate.device.gpio.Pi4jGateIo}).
 *
 * <p>Safety rules every implementation keeps (see {@link Door} for the wiring):
 * <ul>
 *   <li>It starts with both doors locked and the red light on.
 *   <li>While the {@link Sensor#EMERGENCY} input is active both doors are released (the hardware has done so; the
 *       outputs follow), {@link #open} still works and {@link #lock} / {@link #lockAll} are refused with
 *       {@link DeviceException.Reason#REFUSED}. When the emergency clears the doors stay released until the flow
 *       calls {@link #lockAll()}: re-arming the gate is a decision, not a side effect.
 *   <li>{@link #close()} locks the exit and releases the entry (the state of an unpowered gate).
 * </ul>
 *
 * <p>Thread-safe. Listeners are called on the driver's own thread, one event at a time, in order; they must not
 * block.
 */
public interface GateIo extends AutoCloseable {

    /** Locks both doors (the safe state on any fault). */
    void lockAll() throws DeviceException;

    /** Releases one door. */
    void open(Door door) throws DeviceException;

    /** Locks one door. */
    void lock(Door door) throws DeviceException;

    /** Whether the door is released now (as driven, i.e. the output state). */
    boolean isOpen(Door door);

    /** Lights one light and puts out the others. */
    void light(Light light) throws DeviceException;

    /** Puts out all lights. */
    void lightsOff() throws DeviceException;

    /** The light that is on, if any. */
    java.util.Optional<Light> lit();

    /** The debounced state of an input. */
    boolean isActive(Sensor sensor);

    /**
     * Registers a listener for debounced input changes.
     *
     * @return a handle that removes the listener when closed
     */
    AutoCloseable addListener(Consumer<SensorEvent> listener);

    /** Releases the I/O, leaving the gate as an unpowered gate would be (exit locked, entry released). */
    @Override
    void close();
}
