package org.openegate.gate.sim;

import java.util.concurrent.atomic.AtomicReference;
import org.openegate.gate.device.GateIo;

/**
 * Doors and lights held in memory, as latches: what a GPIO board would be driving. The demo and the harness use
 * it in-process; {@code egate run} in simulation uses the drivers' Pi4J-mock GPIO when that is wired in.
 */
public final class LatchGateIo implements GateIo {

    private final AtomicReference<Door> entry = new AtomicReference<>(Door.LOCKED);
    private final AtomicReference<Door> exit = new AtomicReference<>(Door.LOCKED);
    private final AtomicReference<Light> light = new AtomicReference<>(Light.RED);

    @Override
    public void entryDoor(Door door) {
        entry.set(door);
    }

    @Override
    public void exitDoor(Door door) {
        exit.set(door);
    }

    @Override
    public void light(Light l) {
        light.set(l);
    }

    public Door entry() {
        return entry.get();
    }

    public Door exit() {
        return exit.get();
    }

    public Light light() {
        return light.get();
    }

    @Override
    public String toString() {
        return "LatchGateIo[entry " + entry.get() + ", exit " + exit.get() + ", " + light.get() + "]";
    }
}
