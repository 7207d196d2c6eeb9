package org.openegate.gate.config;

/**
 * One thing wrong with a configuration or policy file.
 *
 * @param path    the offending field, dotted from the root, e.g. {@code policy.faceThreshold} or
 *                {@code devices.gpio.exitDoor}
 * @param problem what is wrong, naming the bad value
 */
public record ConfigError(String path, String problem) {

    @Override
    public String toString() {
        return path + ": " + problem;
    }
}
