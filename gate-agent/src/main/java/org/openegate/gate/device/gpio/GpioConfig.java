package org.openegate.gate.device.gpio;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The gate's pin numbers (BCM / gpiochip line numbers) and input debounce. Validated whole at construction: a pin
 * outside 0..53 or a pin used twice is refused, naming both fields; nothing is corrected.
 *
 * <p>Wiring assumed (see {@link Pi4jGateIo} for why): {@code entryLock} high = entry locked (energised
 * to hold, so it releases without power); {@code exitRelease} high = exit released (energised to open, so it stays
 * locked without power); lights high = on; inputs high = active (beam interrupted, tailgate detected, emergency on),
 * with pull-down so a cut wire reads inactive. The emergency circuit releases the doors in hardware; the input only
 * tells the software to follow.
 */
public record GpioConfig(int entryLock, int exitRelease, int redLight, int amberLight, int greenLight,
        int entryBeam, int insideBeam, int exitBeam, int tailgate, int emergency, Duration debounce) {

    /** Highest line number accepted: the BCM2711/BCM2835 GPIO bank has lines 0..53. */
    public static final int MAX_PIN = 53;

    public GpioConfig {
        Objects.requireNonNull(debounce, "debounce");
        if (debounce.isNegative() || debounce.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("debounce " + debounce + " outside 0..1 s");
        }
        Map<Integer, String> used = new LinkedHashMap<>();
        check(used, "entryLock", entryLock);
        check(used, "exitRelease", exitRelease);
        check(used, "redLight", redLight);
        check(used, "amberLight", amberLight);
        check(used, "greenLight", greenLight);
        check(used, "entryBeam", entryBeam);
        check(used, "insideBeam", insideBeam);
        check(used, "exitBeam", exitBeam);
        check(used, "tailgate", tailgate);
        check(used, "emergency", emergency);
    }

    private static void check(Map<Integer, String> used, String field, int pin) {
        if (pin < 0 || pin > MAX_PIN) {
            throw new IllegalArgumentException(field + " pin " + pin + " outside 0.." + MAX_PIN);
        }
        String other = used.putIfAbsent(pin, field);
        if (other != null) {
            throw new IllegalArgumentException(field + " pin " + pin + " is already used by " + other);
        }
    }

    /** A layout for the simulated gate (any distinct pins do on the mock), debounce 20 ms. */
    public static GpioConfig simulated() {
        return new GpioConfig(5, 6, 13, 19, 26, 16, 20, 21, 12, 25, Duration.ofMillis(20));
    }
}
