package org.openegate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OutboxEventTest {

    @Test
    void create_putsTheIdIntoThePayload_andStampsTheClock() throws Exception {
        ObjectNode body = OutboxEvent.JSON.createObjectNode().put("outcome", "OPEN_EXIT").put("eventId", "stale");
        OutboxEvent e = OutboxEvent.create(Stream.CROSSINGS, body, TestEvents.CLOCK, new Random(1));
        JsonNode payload = OutboxEvent.JSON.readTree(e.payload());
        assertThat(payload.get("eventId").asText()).isEqualTo(e.eventId());
        assertThat(payload.get("outcome").asText()).isEqualTo("OPEN_EXIT");
        assertThat(e.created()).isEqualTo(TestEvents.CLOCK.instant());
        assertThat(e.priority()).isEqualTo(PriorityClass.RECORD);
        assertThat(body.get("eventId").asText()).as("caller's body untouched").isEqualTo("stale");
        e.checkPayloadCarriesId();
    }

    @Test
    void create_makesVersion7Uuids_reproducibleFromTheSeed() {
        ObjectNode body = OutboxEvent.JSON.createObjectNode();
        String a = OutboxEvent.create(Stream.HEALTH, body, TestEvents.CLOCK, new Random(42)).eventId();
        String b = OutboxEvent.create(Stream.HEALTH, body, TestEvents.CLOCK, new Random(42)).eventId();
        assertThat(a).isEqualTo(b);
        UUID u = UUID.fromString(a);
        assertThat(u.version()).isEqualTo(7);
        assertThat(u.variant()).isEqualTo(2);
        assertThat(u.getMostSignificantBits() >>> 16).as("Unix milliseconds of the clock")
                .isEqualTo(TestEvents.CLOCK.millis());
    }

    @Test
    void newEventId_sortsByTime_soInsertsAppendToTheIndex() {
        Random random = new Random(7);
        java.time.Instant t = java.time.Instant.parse("2026-11-29T04:00:00Z");
        String earlier = OutboxEvent.newEventId(t, random);
        String later = OutboxEvent.newEventId(t.plusMillis(1), random);
        String muchLater = OutboxEvent.newEventId(t.plusSeconds(86_400L * 365 * 30), random);
        assertThat(earlier).isLessThan(later);
        assertThat(later).isLessThan(muchLater);
        assertThat(earlier).startsWith("01a22575-b200-7");
    }

    @Test
    void toString_neverShowsThePayload() {
        ObjectNode body = OutboxEvent.JSON.createObjectNode().put("surname", "ERIKSSON").put("documentNumber", "L898902C");
        OutboxEvent e = OutboxEvent.create(Stream.CROSSINGS, body, TestEvents.CLOCK, new Random(3));
        assertThat(e.toString()).doesNotContain("ERIKSSON").doesNotContain("L898902C")
                .contains(e.eventId()).contains("bytes>");
    }

    @Test
    void constructor_rejectsBadIdsPrioritiesAndSizes() {
        byte[] p = "{}".getBytes(StandardCharsets.UTF_8);
        Instant t = Instant.EPOCH;
        assertThatThrownBy(() -> new OutboxEvent("1-1-1-1-1", Stream.CROSSINGS, p, t)).hasMessageContaining("canonical lower-case UUID");
        assertThatThrownBy(() -> new OutboxEvent("not a uuid", Stream.CROSSINGS, p, t)).hasMessageContaining("not a uuid");
        assertThatThrownBy(() -> new OutboxEvent("0A0B0C0D-0000-4000-8000-000000000001", Stream.CROSSINGS, p, t))
                .hasMessageContaining("lower-case");
        String id = UUID.randomUUID().toString();
        assertThatThrownBy(() -> new OutboxEvent(id, Stream.CROSSINGS, PriorityClass.TELEMETRY, p, t))
                .hasMessageContaining("CROSSINGS has priority RECORD");
        assertThatThrownBy(() -> new OutboxEvent(id, Stream.PRESENCE, p, t)).hasMessageContaining("presence");
        assertThatThrownBy(() -> new OutboxEvent(id, Stream.CROSSINGS, new byte[0], t)).hasMessageContaining("0 bytes");
        assertThatThrownBy(() -> new OutboxEvent(id, Stream.CROSSINGS, new byte[OutboxEvent.MAX_PAYLOAD_BYTES + 1], t))
                .hasMessageContaining((OutboxEvent.MAX_PAYLOAD_BYTES + 1) + " bytes");
    }

    @Test
    void payload_isCopiedInAndOut() {
        byte[] p = ("{\"eventId\":\"" + "0a0b0c0d-0000-4000-8000-000000000001" + "\"}").getBytes(StandardCharsets.UTF_8);
        OutboxEvent e = new OutboxEvent("0a0b0c0d-0000-4000-8000-000000000001", Stream.DECISIONS, p, Instant.EPOCH);
        p[0] = 'X';
        e.payload()[1] = 'Y';
        e.checkPayloadCarriesId();
    }

    @Test
    void checkPayloadCarriesId_reasons() {
        String id = "0a0b0c0d-0000-4000-8000-000000000002";
        assertReason(new OutboxEvent(id, Stream.CROSSINGS, "not json".getBytes(StandardCharsets.UTF_8), Instant.EPOCH),
                OutboxException.Reason.PAYLOAD_NOT_JSON);
        assertReason(new OutboxEvent(id, Stream.CROSSINGS, "[1,2]".getBytes(StandardCharsets.UTF_8), Instant.EPOCH),
                OutboxException.Reason.PAYLOAD_NOT_JSON);
        assertReason(new OutboxEvent(id, Stream.CROSSINGS, "{}".getBytes(StandardCharsets.UTF_8), Instant.EPOCH),
                OutboxException.Reason.EVENT_ID_MISMATCH);
        assertReason(new OutboxEvent(id, Stream.CROSSINGS,
                "{\"eventId\":\"0a0b0c0d-0000-4000-8000-000000000003\"}".getBytes(StandardCharsets.UTF_8), Instant.EPOCH),
                OutboxException.Reason.EVENT_ID_MISMATCH);
    }

    @Test
    void checkPayloadCarriesId_readsTheWholePayload_andOnlyTheTopLevelId() {
        String id = "0a0b0c0d-0000-4000-8000-000000000004";
        String good = "{\"a\":{\"eventId\":\"x\"},\"eventId\":\"" + id + "\",\"b\":[1,{\"c\":null}]}";
        new OutboxEvent(id, Stream.CROSSINGS, good.getBytes(StandardCharsets.UTF_8), Instant.EPOCH).checkPayloadCarriesId();
        for (String bad : List.of(good + "{}", good + "x", good.substring(0, good.length() - 1),
                "{\"eventId\":\"" + id + "\",\"b\":[1,}")) {
            assertReason(new OutboxEvent(id, Stream.CROSSINGS, bad.getBytes(StandardCharsets.UTF_8), Instant.EPOCH),
                    OutboxException.Reason.PAYLOAD_NOT_JSON);
        }
        for (String bad : List.of("{\"a\":{\"eventId\":\"" + id + "\"}}",
                "{\"eventId\":\"" + id + "\",\"eventId\":\"" + id + "\"}", "{\"eventId\":[\"" + id + "\"]}",
                "{\"eventId\":null}")) {
            assertReason(new OutboxEvent(id, Stream.CROSSINGS, bad.getBytes(StandardCharsets.UTF_8), Instant.EPOCH),
                    OutboxException.Reason.EVENT_ID_MISMATCH);
        }
    }

    private static void assertReason(OutboxEvent e, OutboxException.Reason reason) {
        assertThatThrownBy(e::checkPayloadCarriesId)
                .isInstanceOfSatisfying(OutboxException.class, x -> assertThat(x.reason()).isEqualTo(reason))
                .hasMessageContaining(e.eventId());
    }
}
