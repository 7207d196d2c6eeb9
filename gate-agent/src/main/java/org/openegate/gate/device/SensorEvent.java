package org.openegate.gate.device;

import java.time.Instant;
import java.util.Objects;

/**
 * A debounced change of one input.
 *
 * @param sensor which input
 * @param active its new state (see {@link Sensor} for what active means)
 * @param at when the change was confirmed (after the debounce time), from the driver's clock
 */
public record SensorEvent(Sensor sensor, boolean active, Instant at) {

    public SensorEvent {
        Objects.requireNonNull(sensor, "sensor");
        Objects.requireNonNull(at, "at");
    }
}
