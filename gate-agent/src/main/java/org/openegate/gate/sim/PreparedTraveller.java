package org.openegate.gate.sim;

import org.openegate.gate.device.Camera;
import org.openegate.gate.device.ChipConnector;
import org.openegate.gate.device.MrzReader;

/** A simulated traveller with the devices that will see them: their document on the readers, their face at the camera. */
public record PreparedTraveller(SimulatedTraveller traveller, MrzReader mrzReader, ChipConnector chip, Camera camera) {

    @Override
    public String toString() {
        return "PreparedTraveller[" + traveller + "]";
    }
}
