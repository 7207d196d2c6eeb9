package org.openegate.gate.device.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.time.Clock;
import org.openegate.gate.device.DeviceException;
import org.openegate.gate.device.GateIo;
import org.openegate.gate.device.Sensor;

/**
 * The simulated twin of the gate's GPIO: the real {@link Pi4jGateIo} on Pi4J's mock platform, plus the hand of the
 * simulation on the wires — break a beam, press the emergency button — and a look at the output pins as a meter
 * would see them (not through the driver's own view).
 */
public final class MockGateHardware implements AutoCloseable {

    private final Context pi4j;
    private final Pi4jGateIo gateIo;

    private MockGateHardware(Context pi4j, Pi4jGateIo gateIo) {
        this.pi4j = pi4j;
        this.gateIo = gateIo;
    }

    /** A fresh mock context with the gate's pins on it. */
    public static MockGateHardware create(GpioConfig config, Clock clock) throws DeviceException {
        Context pi4j = mockContext();
        try {
            return new MockGateHardware(pi4j, Pi4jGateIo.open(pi4j, config, clock));
        } catch (DeviceException | RuntimeException e) {
            pi4j.shutdown();
            throw e;
        }
    }

    static MockGateHardware create(GpioConfig config, Clock clock, Scheduler scheduler) throws DeviceException {
        Context pi4j = mockContext();
        return new MockGateHardware(pi4j, new Pi4jGateIo(pi4j, config, clock, scheduler));
    }

    static Context mockContext() {
        return Pi4J.newContextBuilder().noAutoDetect()
                .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance()).build();
    }

    /** The driver, as the gate uses it. */
    public Pi4jGateIo gateIo() {
        return gateIo;
    }

    /** Sets an input wire (true = active: beam broken, tailgate detected, emergency on). */
    public void set(Sensor sensor, boolean active) {
        MockDigitalInput input = pi4j.io(Pi4jGateIo.ioId(sensor));
        input.mockState(active ? DigitalState.HIGH : DigitalState.LOW);
    }

    /** Whether the entry door's lock pin is low (door free). */
    public boolean entryReleased() {
        DigitalOutput out = pi4j.io(Pi4jGateIo.ioId(Pi4jGateIo.Side.ENTRY));
        return out.state() == DigitalState.LOW;
    }

    /** Whether the exit door's release pin is high (door free). */
    public boolean exitReleased() {
        DigitalOutput out = pi4j.io(Pi4jGateIo.ioId(Pi4jGateIo.Side.EXIT));
        return out.state() == DigitalState.HIGH;
    }

    /** Whether the light's output pin is high. */
    public boolean lightOn(GateIo.Light light) {
        DigitalOutput out = pi4j.io(Pi4jGateIo.ioId(light));
        return out.state() == DigitalState.HIGH;
    }

    /** Closes the driver, then the mock context. */
    @Override
    public void close() {
        gateIo.close();
        pi4j.shutdown();
    }
}
