package org.openegate.gate.sim;

import org.openegate.gate.device.Camera;

/** The simulated camera: it returns a prepared image of whoever stands in front of the gate. */
public final class ImageCamera implements Camera {

    private final byte[] frame;

    public ImageCamera(byte[] frame) {
        this.frame = frame.clone();
    }

    @Override
    public byte[] capture() {
        return frame.clone();
    }

    @Override
    public String toString() {
        return "ImageCamera[" + frame.length + " bytes]";
    }
}
