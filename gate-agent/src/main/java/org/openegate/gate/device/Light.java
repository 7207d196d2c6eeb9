package org.openegate.gate.device;

/** The signal lights over the gate; at most one is lit at a time. */
public enum Light {
    RED,
    AMBER,
    GREEN
}
