package org.openegate.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;

/**
 * One message waiting in the {@link Outbox}: a JSON object that carries its own {@code eventId}.
 *
 * <p>The payload is personal data (crossing records name travellers), so {@link #toString()} shows only
 * its length.
 *
 * @param eventId  a canonical lower-case UUID string, unique per event; consumers de-duplicate on it
 *                 (delivery is at least once)
 * @param stream   the stream, which fixes the topic and the priority class
 * @param priority must equal {@code stream.priority()}
 * @param payload  UTF-8 JSON object whose {@code "eventId"} member equals {@code eventId}
 * @param created  when the event was made (the gate's clock)
 */
public record OutboxEvent(String eventId, Stream stream, PriorityClass priority, byte[] payload, Instant created) {

    /** Largest payload accepted; a crossing record is a few KiB, and brokers commonly cap packets at 256 KiB. */
    public static final int MAX_PAYLOAD_BYTES = 192 * 1024;

    static final ObjectMapper JSON = new ObjectMapper();

    public OutboxEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(created, "created");
        checkUuid(eventId);
        if (stream == Stream.PRESENCE) {
            throw new IllegalArgumentException("presence is published by MqttPublisher itself, not through the outbox");
        }
        if (priority != stream.priority()) {
            throw new IllegalArgumentException("stream " + stream + " has priority " + stream.priority() + ", not " + priority);
        }
        if (payload.length == 0 || payload.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes is outside 1.." + MAX_PAYLOAD_BYTES);
        }
        payload = payload.clone();
    }

    /** An event with the priority of its stream. */
    public OutboxEvent(String eventId, Stream stream, byte[] payload, Instant created) {
        this(eventId, stream, stream.priority(), payload, created);
    }

    /**
     * A new event for {@code body}: draws a random (version 4) UUID from {@code random}, puts it into the
     * body as {@code "eventId"} (replacing any value there) and stamps {@code created} from {@code clock}.
     */
    public static OutboxEvent create(Stream stream, ObjectNode body, Clock clock, Random random) {
        Objects.requireNonNull(body, "body");
        String id = randomUuid(random).toString();
        ObjectNode copy = body.deepCopy();
        copy.put("eventId", id);
        try {
            return new OutboxEvent(id, stream, JSON.writeValueAsBytes(copy), clock.instant());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A copy of the payload. */
    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload without copying, for the publisher and the store. */
    byte[] payloadUnsafe() {
        return payload;
    }

    /**
     * Checks that the payload is a JSON object whose {@code eventId} equals {@link #eventId()}: the id must
     * travel in the payload as well as in the MQTT 5 user property, so it survives bridges that drop
     * properties.
     */
    void checkPayloadCarriesId() {
        JsonNode node;
        try {
            node = JSON.readTree(payload);
        } catch (java.io.IOException e) {
            throw new OutboxException(OutboxException.Reason.PAYLOAD_NOT_JSON,
                    "payload of event " + eventId + " is not JSON (" + e.getClass().getSimpleName() + ")", e);
        }
        if (node == null || !node.isObject()) {
            throw new OutboxException(OutboxException.Reason.PAYLOAD_NOT_JSON,
                    "payload of event " + eventId + " is not a JSON object", null);
        }
        JsonNode id = node.get("eventId");
        if (id == null || !id.isTextual() || !id.asText().equals(eventId)) {
            throw new OutboxException(OutboxException.Reason.EVENT_ID_MISMATCH,
                    "payload of event " + eventId + " has eventId "
                            + (id == null ? "missing" : Topics.quote(id.toString())), null);
        }
    }

    static UUID randomUuid(Random random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40); // RFC 9562 §5.4: version 4
        b[8] = (byte) ((b[8] & 0x3f) | 0x80); // variant 10
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (b[i] & 0xff);
            lsb = (lsb << 8) | (b[i + 8] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    private static void checkUuid(String id) {
        // UUID.fromString accepts short groups such as "1-1-1-1-1"; require the canonical 36-char form,
        // lower case (RFC 9562 §4), because consumers de-duplicate on the exact string.
        boolean ok = id.length() == 36;
        for (int i = 0; ok && i < 36; i++) {
            char c = id.charAt(i);
            ok = (i == 8 || i == 13 || i == 18 || i == 23) ? c == '-' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        }
        if (!ok) {
            throw new IllegalArgumentException("eventId " + Topics.quote(id) + " is not a canonical lower-case UUID string");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutboxEvent e && eventId.equals(e.eventId) && stream == e.stream
                && priority == e.priority && Arrays.equals(payload, e.payload) && created.equals(e.created);
    }

    @Override
    public int hashCode() {
        return eventId.hashCode();
    }

    /** Never shows the payload: it is personal data. */
    @Override
    public String toString() {
        return "OutboxEvent[eventId=" + eventId + ", stream=" + stream + ", priority=" + priority
                + ", payload=<" + payload.length + " bytes>, created=" + created + "]";
    }
}
