package org.openegate.mqtt;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * An inbound command for this gate, from {@code egate/v1/<site>/<gate>/cmd/<name>}. The payload is
 * untrusted bytes (the provisioning module verifies signed bundles); {@link #toString()} shows only its
 * length.
 *
 * @param name     the last topic level, validated like an id
 * @param payload  the raw payload, at most {@link #MAX_PAYLOAD_BYTES}
 * @param received when it arrived (the publisher's clock)
 */
public record Command(String name, byte[] payload, Instant received) {

    /** Larger commands are refused by the broker (we announce this as our Maximum Packet Size). */
    public static final int MAX_PAYLOAD_BYTES = 1024 * 1024;

    public Command {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(received, "received");
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Command c && name.equals(c.name) && Arrays.equals(payload, c.payload)
                && received.equals(c.received);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, received) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "Command[name=" + name + ", payload=<" + payload.length + " bytes>, received=" + received + "]";
    }

    /** Receives commands. Runs on the MQTT client's thread: hand long work off. */
    @FunctionalInterface
    public interface Listener {
        /**
         * Called once per delivery; the PUBACK goes to the broker after this returns, so a command the gate
         * crashes on is delivered again (at least once). Exceptions are logged and the command acknowledged.
         */
        void onCommand(Command command);
    }
}
