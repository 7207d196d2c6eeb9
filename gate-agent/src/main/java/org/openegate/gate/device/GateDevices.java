package org.openegate.gate.device;

/** The readers and camera the flow uses for the traveller in the gate: the drivers on a gate, simulated twins otherwise. */
public interface GateDevices {

    MrzReader mrzReader();

    ChipConnector chipConnector();

    Camera camera();
}
