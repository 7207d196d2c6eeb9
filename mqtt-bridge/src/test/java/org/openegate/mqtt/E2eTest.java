package org.openegate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end protection of traveller fields: sealed at the gate, opened only with central's private key. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class E2eTest {

    private static final String SURNAME = "ERIKSSON";
    private static final String GIVEN = "ANNA MARIA";
    private static final String DOC = "L898902C3";
    private static final String DOB = "1974-08-12";

    static ObjectNode crossing(String eventId) {
        ObjectNode r = OutboxEvent.JSON.createObjectNode();
        r.put("eventId", eventId);
        r.put("gateId", "g1");
        r.put("outcome", "OPEN_EXIT");
        r.putArray("reasons");
        r.put("documentNumber", DOC);
        r.put("surname", SURNAME);
        r.put("givenNames", GIVEN);
        r.put("dateOfBirth", DOB);
        r.put("faceImage", "/9j/4AAQSkZJRgABAQ");
        return r;
    }

    private final KeyPair central = uncheck(() -> CommandsTest.p256(31));
    private final E2eSealer sealer = new E2eSealer("central-1", (ECPublicKey) central.getPublic(), new SecureRandom());
    private final E2eOpener opener = new E2eOpener(Map.of("central-1", central));

    private static <T> T uncheck(java.util.concurrent.Callable<T> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void seal_thenOpen_restoresTheRecord_andLeavesMetadataClear() throws Exception {
        ObjectNode record = crossing("9b0a1e0e-8f3b-4a8e-9d7a-2c1f7f1e0a11");
        ObjectNode sealed = sealer.seal(record, E2eSealer.TRAVELLER_FIELDS);
        assertThat(sealed.get("outcome").asText()).isEqualTo("OPEN_EXIT");
        assertThat(sealed.has("surname")).isFalse();
        JsonNode env = sealed.get(E2eSealer.MEMBER);
        assertThat(env.get("alg").asText()).isEqualTo("ECDH-ES+HKDF-SHA256+A256GCM");
        assertThat(env.get("kid").asText()).isEqualTo("central-1");
        assertThat(env.get("epk").get("crv").asText()).isEqualTo("P-256");
        assertThat(opener.open(sealed)).isEqualTo(record);
        // A fresh ephemeral key per record: sealing twice gives different ciphertexts.
        assertThat(sealer.seal(record, E2eSealer.TRAVELLER_FIELDS).get(E2eSealer.MEMBER).get("epk"))
                .isNotEqualTo(env.get("epk"));
    }

    @Test
    void open_refusesTamperedMovedOrForeignEnvelopes() throws Exception {
        ObjectNode sealed = sealer.seal(crossing("9b0a1e0e-8f3b-4a8e-9d7a-2c1f7f1e0a11"), E2eSealer.TRAVELLER_FIELDS);

        ObjectNode tampered = sealed.deepCopy();
        String ct = tampered.get("personal").get("ct").asText();
        ((ObjectNode) tampered.get("personal")).put("ct", (ct.charAt(0) == 'A' ? "B" : "A") + ct.substring(1));
        assertReason(tampered, E2eException.Reason.DECRYPT_FAILED);

        ObjectNode moved = sealed.deepCopy();
        moved.put("eventId", "00000000-0000-4000-8000-000000000000");
        assertReason(moved, E2eException.Reason.DECRYPT_FAILED);

        ObjectNode foreign = sealed.deepCopy();
        ((ObjectNode) foreign.get("personal")).put("kid", "central-0");
        assertReason(foreign, E2eException.Reason.UNKNOWN_KEY);

        ObjectNode offCurve = sealed.deepCopy();
        ((ObjectNode) offCurve.get("personal").get("epk")).put("y", CommandCodec.base64Url(new byte[32]));
        assertReason(offCurve, E2eException.Reason.BAD_POINT);

        ObjectNode shortIv = sealed.deepCopy();
        ((ObjectNode) shortIv.get("personal")).put("iv", "AAAA");
        assertReason(shortIv, E2eException.Reason.MALFORMED);

        ObjectNode otherAlg = sealed.deepCopy();
        ((ObjectNode) otherAlg.get("personal")).put("alg", "none");
        assertReason(otherAlg, E2eException.Reason.UNSUPPORTED_ALGORITHM);

        KeyPair wrong = CommandsTest.p256(32);
        E2eOpener wrongOpener = new E2eOpener(Map.of("central-1", wrong));
        assertThatThrownBy(() -> wrongOpener.open(sealed)).isInstanceOf(E2eException.class)
                .extracting(e -> ((E2eException) e).reason()).isEqualTo(E2eException.Reason.DECRYPT_FAILED);
    }

    private void assertReason(ObjectNode record, E2eException.Reason reason) {
        assertThatThrownBy(() -> opener.open(record)).isInstanceOf(E2eException.class)
                .extracting(e -> ((E2eException) e).reason()).isEqualTo(reason);
    }

    @Test
    void sealerAndOpener_doNotPrintKeys() {
        assertThat(sealer.toString()).isEqualTo("E2eSealer[kid=central-1]");
        assertThat(opener.toString()).isEqualTo("E2eOpener[kids=[central-1]]");
    }

    /** Through the outbox and a real Mosquitto: the bytes the broker relays hold no personal field. */
    @Test
    void onTheWire_theBrokerSeesNoPersonalField(@TempDir Path dir) throws Exception {
        Random random = new Random(8);
        ObjectNode record = crossing(OutboxEvent.randomUuid(random).toString());
        ObjectNode sealed = sealer.seal(record, E2eSealer.TRAVELLER_FIELDS);
        OutboxEvent event = new OutboxEvent(record.get("eventId").asText(), Stream.CROSSINGS,
                sealed.toString().getBytes(StandardCharsets.UTF_8), TestEvents.CLOCK.instant());
        try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosq"), false);
             WireTap tap = new WireTap(mosquitto.uri(), Topics.fleetFilter(Stream.CROSSINGS));
             Outbox outbox = Outbox.open(dir.resolve("o.db"));
             MqttPublisher publisher = MqttPublisher.start(MqttOptions.builder(mosquitto.uri(),
                     Topics.of("e2e-site", "g1")).build(), outbox, TestEvents.CLOCK, new Random(9))) {
            outbox.enqueue(event);
            assertThat(publisher.awaitDrained(Duration.ofSeconds(60))).isZero();
            WireTap.Message m = tap.await(x -> true, Duration.ofSeconds(30));
            assertThat(m).isNotNull();
            String wire = new String(m.payload(), StandardCharsets.UTF_8);
            for (String personal : List.of(SURNAME, "ANNA", DOC, DOB, "1974", "/9j/", "surname", "documentNumber",
                    "dateOfBirth", "faceImage")) {
                assertThat(wire).as("the wire payload").doesNotContain(personal);
            }
            assertThat(wire).contains("OPEN_EXIT");
            ObjectNode received = (ObjectNode) OutboxEvent.JSON.readTree(m.payload());
            assertThat(opener.open(received)).isEqualTo(record);
        }
    }
}
