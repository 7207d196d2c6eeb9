package org.openegate.gate.device;

/**
 * The gate's doors and lights (GPIO through Pi4J on a gate, Pi4J's mock platform in simulation). Sensor inputs
 * (beams, tailgating, emergency) arrive the other way, as {@link GateSignal}s.
 *
 * <p>Defined by the transaction state machine; the drivers' GPIO implementation provides it. Each call sets an
 * output and returns: a failure is a {@link DeviceException}, which the state machine treats as a fault (exit
 * locked).
 */
public interface GateIo {

    /** A door's drive. */
    enum Door {
        /** Held shut by the lock. */
        LOCKED,
        /** Unlocked for one passage. */
        OPEN,
        /** Lock de-energised by the emergency input: the door swings free (fire code). */
        RELEASED
    }

    /** The traffic light over the gate. */
    enum Light {
        RED,
        AMBER,
        GREEN
    }

    void entryDoor(Door door) throws DeviceException;

    void exitDoor(Door door) throws DeviceException;

    void light(Light light) throws DeviceException;
}
