package org.openegate.gate.sim;

import java.util.concurrent.atomic.AtomicReference;
import org.openegate.gate.device.Camera;
import org.openegate.gate.device.ChipConnector;
import org.openegate.gate.device.DeviceException;
import org.openegate.gate.device.GateDevices;
import org.openegate.gate.device.MrzReader;

/** The simulated readers and camera: they see whichever traveller the simulation last put in the gate. */
public final class SimulatedDesk implements GateDevices {

    private final AtomicReference<PreparedTraveller> current = new AtomicReference<>();

    public void present(PreparedTraveller traveller) {
        current.set(traveller);
    }

    private PreparedTraveller traveller() throws DeviceException {
        PreparedTraveller t = current.get();
        if (t == null) {
            throw new DeviceException(DeviceException.Reason.NO_DOCUMENT, "no simulated traveller at the gate");
        }
        return t;
    }

    @Override
    public MrzReader mrzReader() {
        return () -> traveller().mrzReader().readLines();
    }

    @Override
    public ChipConnector chipConnector() {
        return () -> traveller().chip().connect();
    }

    @Override
    public Camera camera() {
        return () -> traveller().camera().capture();
    }
}
