package org.openegate.gate.device;

/**
 * The gate's two doors. How each fails is fixed by the wiring {@link GateIo} assumes:
 *
 * <ul>
 *   <li>{@link #ENTRY}: fail-safe. Its lock is energised to hold; a power cut or a dead agent releases it, so a
 *       traveller inside the gate can always step back out to the side they came from.
 *   <li>{@link #EXIT}: fail-secure. Its release is energised to open; a power cut, a dead agent or any fault leaves
 *       it locked, so nobody crosses the border without a decision. Only the emergency input opens it without one.
 * </ul>
 */
public enum Door {
    ENTRY,
    EXIT
}
