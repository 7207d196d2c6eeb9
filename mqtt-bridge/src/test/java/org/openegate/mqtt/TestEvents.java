package org.openegate.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic events for tests: no personal data, deterministic ids. */
final class TestEvents {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    private TestEvents() {
    }

    static OutboxEvent event(Stream stream, int n, Random random) {
        ObjectNode body = OutboxEvent.JSON.createObjectNode();
        body.put("n", n);
        body.put("stream", stream.segment());
        body.put("outcome", n % 3 == 0 ? "REFER" : "OPEN_EXIT");
        return OutboxEvent.create(stream, body, CLOCK, random);
    }

    static List<OutboxEvent> events(Stream stream, int count, long seed) {
        Random random = new Random(seed);
        List<OutboxEvent> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(event(stream, i, random));
        }
        return out;
    }

    static List<String> ids(List<OutboxEvent> events) {
        return events.stream().map(OutboxEvent::eventId).toList();
    }
}
