package org.openegate.gate.device;

/** The gate's face camera: OpenCV capture on a gate, image files in simulation. */
public interface Camera {

    /** One encoded frame (JPEG or PNG) of the traveller in front of the gate. */
    byte[] capture() throws DeviceException;
}
