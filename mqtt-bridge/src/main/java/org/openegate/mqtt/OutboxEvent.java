package org.openegate.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
     * A new event for {@code body}: a fresh {@link #newEventId time-ordered id}, put into the body as
     * {@code "eventId"} (replacing any value there); {@code created} is stamped from {@code clock}.
     */
    public static OutboxEvent create(Stream stream, ObjectNode body, Clock clock, Random random) {
        Objects.requireNonNull(body, "body");
        Instant now = clock.instant();
        String id = newEventId(now, random);
        ObjectNode copy = body.deepCopy();
        copy.put("eventId", id);
        try {
            return new OutboxEvent(id, stream, JSON.writeValueAsBytes(copy), now);
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
        // A streaming pass, not a tree: this runs for every event on the enqueue path, and building a tree of a
        // crossing record cost more than storing it. The whole payload is still read, so malformed JSON anywhere
        // is refused.
        String id = null;
        boolean duplicateId = false;
        try (JsonParser p = JSON.getFactory().createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new OutboxException(OutboxException.Reason.PAYLOAD_NOT_JSON,
                        "payload of event " + eventId + " is not a JSON object", null);
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                boolean isId = "eventId".equals(p.currentName());
                JsonToken value = p.nextToken();
                if (isId) {
                    duplicateId |= id != null;
                    id = value == JsonToken.VALUE_STRING ? p.getText() : p.readValueAsTree().toString();
                } else {
                    p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new OutboxException(OutboxException.Reason.PAYLOAD_NOT_JSON,
                        "payload of event " + eventId + " is not a single JSON object", null);
            }
        } catch (java.io.IOException e) {
            throw new OutboxException(OutboxException.Reason.PAYLOAD_NOT_JSON,
                    "payload of event " + eventId + " is not JSON (" + e.getClass().getSimpleName() + ")", e);
        }
        if (id == null || duplicateId || !id.equals(eventId)) {
            throw new OutboxException(OutboxException.Reason.EVENT_ID_MISMATCH,
                    "payload of event " + eventId + " has eventId "
                            + (id == null ? "missing" : duplicateId ? "more than once" : Topics.quote(id)), null);
        }
    }

    /**
     * A new event id: a version 7 UUID (RFC 9562 §5.7), 48 bits of Unix milliseconds from {@code at} followed by
     * 74 random bits. Ids made later sort later, so each commit's inserts land at the right-hand edge of the
     * outbox's unique index instead of on a random page each: with version 4 ids, a group commit of 256 events
     * dirtied up to 256 index pages, all written to the WAL. The millisecond it reveals is in the payload's own
     * timestamps anyway.
     */
    public static String newEventId(Instant at, Random random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        long ms = at.toEpochMilli();
        for (int i = 0; i < 6; i++) {
            b[i] = (byte) (ms >>> (40 - 8 * i));
        }
        b[6] = (byte) ((b[6] & 0x0f) | 0x70); // version 7
        b[8] = (byte) ((b[8] & 0x3f) | 0x80); // variant 10
        return uuidOf(b).toString();
    }

    static UUID randomUuid(Random random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40); // RFC 9562 §5.4: version 4
        b[8] = (byte) ((b[8] & 0x3f) | 0x80); // variant 10
        return uuidOf(b);
    }

    private static UUID uuidOf(byte[] b) {
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
