package org.openegate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped JSON schemas describe what the code actually sends. Checks the keywords these flat schemas
 * use (required, enum, pattern, additionalProperties false); not a general JSON Schema validator.
 */
class SchemaTest {

    private static JsonNode schema(String name) throws Exception {
        try (InputStream in = SchemaTest.class.getResourceAsStream("/schema/" + name)) {
            assertThat(in).as(name).isNotNull();
            return OutboxEvent.JSON.readTree(in);
        }
    }

    static List<String> violations(JsonNode schema, JsonNode doc) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : schema.path("required")) {
            if (!doc.has(r.asText())) {
                out.add("missing " + r.asText());
            }
        }
        JsonNode props = schema.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode p = props.get(f.getKey());
            if (p == null) {
                if (!schema.path("additionalProperties").asBoolean(true)) {
                    out.add("unexpected " + f.getKey());
                }
                continue;
            }
            if (p.has("enum")) {
                boolean found = false;
                for (JsonNode e : p.get("enum")) {
                    found |= e.equals(f.getValue());
                }
                if (!found) {
                    out.add(f.getKey() + " not in enum");
                }
            }
            if (p.has("pattern") && !Pattern.compile(p.get("pattern").asText()).matcher(f.getValue().asText()).find()) {
                out.add(f.getKey() + " does not match pattern");
            }
        }
        return out;
    }

    @Test
    void presencePayloads_matchTheirSchema() throws Exception {
        JsonNode schema = schema("egate-presence.schema.json");
        Topics t = Topics.of("lhr-t5", "gate_07");
        for (String state : List.of("online", "offline")) {
            JsonNode doc = OutboxEvent.JSON.readTree(MqttPublisher.presencePayload(t, state, Instant.EPOCH));
            assertThat(violations(schema, doc)).as(state).isEmpty();
        }
        JsonNode bad = OutboxEvent.JSON.readTree("{\"state\":\"sleeping\",\"site\":\"a/b\",\"extra\":1}");
        assertThat(violations(schema, bad)).containsExactlyInAnyOrder(
                "missing gate", "state not in enum", "site does not match pattern", "unexpected extra");
    }

    @Test
    void events_matchTheEnvelopeSchema() throws Exception {
        JsonNode schema = schema("egate-event-envelope.schema.json");
        Random random = new Random(1);
        for (Stream s : Stream.values()) {
            if (s == Stream.PRESENCE) {
                continue;
            }
            OutboxEvent e = TestEvents.event(s, 1, random);
            assertThat(violations(schema, OutboxEvent.JSON.readTree(e.payload()))).as(s.name()).isEmpty();
        }
        assertThat(violations(schema, OutboxEvent.JSON.readTree("{\"eventId\":\"1-1-1-1-1\"}")))
                .containsExactly("eventId does not match pattern");
    }

    @Test
    void idPattern_inTheSchema_equalsTheCodesRule() throws Exception {
        String pattern = schema("egate-presence.schema.json").at("/properties/site/pattern").asText();
        Pattern p = Pattern.compile(pattern);
        for (String id : List.of("a", "_x", "gate-7", "g.1", "A".repeat(64))) {
            assertThat(p.matcher(id).matches()).as(id).isTrue();
            Topics.validId("id", id);
        }
        for (String id : List.of("", "-a", ".a", "a/b", "a+", "A".repeat(65))) {
            assertThat(p.matcher(id).matches()).as(id).isFalse();
        }
    }
}
