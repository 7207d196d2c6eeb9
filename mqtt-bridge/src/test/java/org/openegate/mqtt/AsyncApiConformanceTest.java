package org.openegate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 5 (bridge side): every message the bridge and an operator exchange through a real Mosquitto, on
 * every channel, has a topic that matches a channel address of the AsyncAPI document and a payload valid
 * against that channel's message schema. The demo's own crossings are checked in gate-agent's DemoBrokerTest.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AsyncApiConformanceTest {

    private final AsyncApiContract contract = AsyncApiContract.load();

    @Test
    void document_isAsyncApi3_withEveryStreamAndTheCommandChannels() {
        Map<String, String> ch = contract.channels();
        for (Stream s : Stream.values()) {
            assertThat(ch).containsValue("egate/v1/{site}/{gate}/" + s.segment());
        }
        assertThat(ch).containsEntry("command", "egate/v1/{site}/{gate}/cmd/{command}")
                .containsEntry("reply", "egate/v1/{site}/{gate}/reply/{replyId}");
        Topics t = Topics.of("s", "g");
        for (CommandType c : CommandType.values()) {
            assertThat(contract.channelOf(t.command(c.segment()))).contains("command");
        }
        assertThat(contract.channelOf(t.command("reboot"))).isEmpty();
        assertThat(contract.channelOf("egate/v2/s/g/crossings")).isEmpty();
    }

    @Test
    void checker_catchesOffContractPayloads() {
        String crossings = Topics.of("s", "g").topic(Stream.CROSSINGS);
        ObjectNode clear = E2eTest.crossing("9b0a1e0e-8f3b-4a8e-9d7a-2c1f7f1e0a11");
        clear.put("startedAt", "2026-11-28T12:00:00Z").put("finishedAt", "2026-11-28T12:00:09Z");
        assertThat(contract.violations(crossings, bytes(clear.toString())))
                .anyMatch(v -> v.contains("must not"));
        assertThat(contract.violations(crossings, bytes("{\"eventId\":\"x\"}"))).isNotEmpty();
        assertThat(contract.violations("egate/v1/s/g/elsewhere", bytes("{}"))).isNotEmpty();
    }

    @Test
    void everyMessageOnTheWire_matchesTheDocument(@TempDir Path dir) throws Exception {
        Topics gateTopics = Topics.of("conf-site", "gate-1");
        KeyPair ops = CommandsTest.p256(41);
        KeyPair central = CommandsTest.p256(42);
        E2eSealer sealer = new E2eSealer("central-1", (ECPublicKey) central.getPublic(), new SecureRandom());
        SecureRandom alarmRandom = SecureRandom.getInstance("SHA1PRNG");
        alarmRandom.setSeed(43);
        Outbox.Config bounded = new Outbox.Config(1_000_000, 512, 1_000_000, 200_000);
        Random random = new Random(44);
        Set<String> seenChannels = new LinkedHashSet<>();
        try (Mosquitto mosquitto = Mosquitto.start(dir.resolve("mosq"), false);
             WireTap tap = new WireTap(mosquitto.uri(), "egate/#");
             Outbox outbox = Outbox.open(dir.resolve("o.db"), bounded, TestEvents.CLOCK, alarmRandom)) {
            List<OutboxEvent> events = new ArrayList<>();
            // A realistic crossing, personal fields sealed for central.
            ObjectNode crossing = E2eTest.crossing(OutboxEvent.randomUuid(random).toString());
            crossing.put("startedAt", "2026-11-28T12:00:00Z").put("finishedAt", "2026-11-28T12:00:09.5Z");
            crossing.putObject("checks").putObject("face").put("status", "PASSED").put("score", 0.71);
            crossing.putObject("timingsMs").put("chip", 812);
            crossing.putObject("versions").put("agent", "0.1.0");
            crossing.putObject("traveller").put("ageBand", "30-39").put("nationality", "UTO");
            ObjectNode sealed = sealer.seal(crossing, E2eSealer.TRAVELLER_FIELDS);
            events.add(new OutboxEvent(crossing.get("eventId").asText(), Stream.CROSSINGS,
                    bytes(sealed.toString()), TestEvents.CLOCK.instant()));
            for (Stream s : List.of(Stream.REFERRALS, Stream.DECISIONS)) {
                events.add(TestEvents.event(s, 1, random));
            }
            // Enough telemetry to pass 95% of the bound: the outbox raises its alarm on the health stream.
            for (int i = 0; i < 900; i++) {
                ObjectNode t = OutboxEvent.JSON.createObjectNode().put("n", i).put("pad", "x".repeat(1000));
                events.add(OutboxEvent.create(Stream.TELEMETRY, t, TestEvents.CLOCK, random));
            }
            outbox.enqueueAll(events);
            assertThat(outbox.capacity().level()).isEqualTo(Outbox.Capacity.Level.HIGH);
            // Newest telemetry survives shedding.
            outbox.enqueueAll(List.of(OutboxEvent.create(Stream.STATS, stats(), TestEvents.CLOCK, random),
                    TestEvents.event(Stream.HEALTH, 1, random)));
            // The gate's bundle alarms (gate-agent GateBundles): trust-list age and configuration roll-back.
            outbox.enqueueAll(List.of(OutboxEvent.create(Stream.HEALTH, trustListAlarm(), TestEvents.CLOCK, random),
                    OutboxEvent.create(Stream.HEALTH, configAlarm(), TestEvents.CLOCK, random)));

            MqttPublisher gate = MqttPublisher.start(MqttOptions.builder(mosquitto.uri(), gateTopics).build(), outbox,
                    TestEvents.CLOCK, random, OperatorKeys.of(Map.of("ops", ops.getPublic())), c -> CommandReply.ok());
            try (Operator operator = new Operator(mosquitto.uri(), gateTopics)) {
                assertThat(gate.awaitDrained(Duration.ofSeconds(120))).isZero();
                CommandSigner signer = CommandsTest.signer(ops, "ops", TestEvents.CLOCK);
                ObjectNode mode = OutboxEvent.JSON.createObjectNode().put("mode", "maintenance");
                byte[] cmd = signer.sign(gateTopics, CommandType.MODE, mode, Duration.ofMinutes(5));
                assertThat(operator.send(gateTopics.command("mode"), cmd).status()).isEqualTo("OK");
                assertThat(operator.send(gateTopics.command("mode"), cmd).status()).isEqualTo("REPLAYED");
                assertThat(operator.send(gateTopics.command("ping"),
                        signer.sign(gateTopics, CommandType.PING, null, Duration.ofMinutes(5))).status()).isEqualTo("OK");
            } finally {
                gate.close(); // the broker publishes the offline Will
            }
            assertThat(tap.await(m -> new String(m.payload(), StandardCharsets.UTF_8).contains("\"offline\""),
                    Duration.ofSeconds(30))).isNotNull();

            List<WireTap.Message> wire = tap.messages();
            assertThat(wire.size()).isGreaterThan(events.size() / 10);
            for (WireTap.Message m : wire) {
                assertThat(contract.violations(m.topic(), m.payload())).as(m.topic() + " "
                        + new String(m.payload(), 0, Math.min(300, m.payload().length), StandardCharsets.UTF_8)).isEmpty();
                seenChannels.add(contract.channelOf(m.topic()).orElseThrow());
            }
            assertThat(wire).anyMatch(m -> new String(m.payload(), StandardCharsets.UTF_8).contains("OUTBOX_CAPACITY"));
            assertThat(wire).anyMatch(m -> new String(m.payload(), StandardCharsets.UTF_8).contains("TRUST_LIST_AGE"));
            assertThat(wire).anyMatch(m -> new String(m.payload(), StandardCharsets.UTF_8).contains("CONFIG_ROLLED_BACK"));
        }
        assertThat(seenChannels).containsExactlyInAnyOrderElementsOf(contract.channels().keySet());
    }

    /** A trust-list age alarm as the gate sends it (GateBundles): stale, 73 working hours against 3 days. */
    static ObjectNode trustListAlarm() {
        ObjectNode a = OutboxEvent.JSON.createObjectNode().put("kind", "alarm").put("alarm", "TRUST_LIST_AGE")
                .put("state", "STALE").put("previousState", "OK").put("issuedAt", "2026-11-27T10:00:00Z")
                .put("trustListVersion", 20261127100000L).put("ageHours", 121.0).put("workingAgeHours", 73.0)
                .put("limitWorkingDays", 3).put("at", "2026-12-02T11:00:00Z");
        return a;
    }

    static ObjectNode configAlarm() {
        return OutboxEvent.JSON.createObjectNode().put("kind", "alarm").put("alarm", "CONFIG_ROLLED_BACK")
                .put("failedVersion", 3).put("runningVersion", 2)
                .put("reason", "the gate did not start on it: BindException: Address already in use")
                .put("at", "2026-12-02T11:00:00Z");
    }

    @Test
    void checker_catchesOffContractBundleAlarms() {
        String topic = Topics.of("s", "g").topic(Stream.HEALTH);
        String id = "9b0a1e0e-8f3b-4a8e-9d7a-2c1f7f1e0a11";
        assertThat(contract.violations(topic, bytes(trustListAlarm().put("eventId", id).toString()))).isEmpty();
        assertThat(contract.violations(topic, bytes(configAlarm().put("eventId", id).toString()))).isEmpty();
        ObjectNode missing = trustListAlarm().put("eventId", id).put("state", "MISSING").putNull("issuedAt")
                .putNull("trustListVersion");
        assertThat(contract.violations(topic, bytes(missing.toString()))).isEmpty();
        // Off contract: an unknown state, a field missing, a field it must not carry; the generic health message
        // does not take an alarm that has a message of its own.
        assertThat(contract.violations(topic, bytes(trustListAlarm().put("eventId", id).put("state", "OLD")
                .toString()))).isNotEmpty();
        ObjectNode noLimit = trustListAlarm().put("eventId", id);
        noLimit.remove("limitWorkingDays");
        assertThat(contract.violations(topic, bytes(noLimit.toString()))).isNotEmpty();
        assertThat(contract.violations(topic, bytes(configAlarm().put("eventId", id).put("documentNumber", "X")
                .toString()))).isNotEmpty();
        assertThat(contract.violations(topic, bytes("{\"eventId\":\"" + id + "\",\"alarm\":\"TRUST_LIST_AGE\"}")))
                .isNotEmpty();
        // other health events still pass
        assertThat(contract.violations(topic, bytes("{\"eventId\":\"" + id + "\",\"status\":\"ok\"}"))).isEmpty();
    }

    @Test
    void checker_catchesOffContractStatistics() {
        String topic = Topics.of("s", "g").topic(Stream.STATS);
        ObjectNode good = stats().put("eventId", "9b0a1e0e-8f3b-4a8e-9d7a-2c1f7f1e0a11");
        assertThat(contract.violations(topic, bytes(good.toString()))).isEmpty();
        ObjectNode smallCell = good.deepCopy();
        ((ObjectNode) smallCell.withArray("cells").get(0)).put("count", 1);
        assertThat(contract.violations(topic, bytes(smallCell.toString()))).anyMatch(v -> v.contains("below"));
        ObjectNode personal = good.deepCopy().put("dateOfBirth", "740812");
        assertThat(contract.violations(topic, bytes(personal.toString()))).isNotEmpty();
        ObjectNode halfHour = good.deepCopy().put("periodStart", "2026-11-28T11:30:00Z");
        assertThat(contract.violations(topic, bytes(halfHour.toString()))).isNotEmpty();
    }

    /** An hour of statistics as gate-agent's HourlyStatistics makes it (the outbox adds eventId). */
    static ObjectNode stats() {
        ObjectNode body = OutboxEvent.JSON.createObjectNode().put("schemaVersion", 1).put("gateId", "gate-1")
                .put("periodStart", "2026-11-28T11:00:00Z").put("periodEnd", "2026-11-28T12:00:00Z").put("k", 5)
                .put("total", 9).put("suppressed", 3);
        body.putArray("cells").addObject().put("direction", "ENTRY").put("nationality", "UTO").put("sex", "F")
                .put("ageBand", "30-44").put("outcome", "OPEN_EXIT").put("referralReason", "NONE").put("count", 6);
        ObjectNode totals = body.putObject("totals");
        for (String[] d : new String[][] {{"direction", "ENTRY"}, {"nationality", "UTO"}, {"sex", "F"},
                {"ageBand", "30-44"}, {"outcome", "OPEN_EXIT"}, {"referralReason", "NONE"}}) {
            ObjectNode t = totals.putObject(d[0]);
            t.putObject("values").put(d[1], 6);
            t.put("suppressed", 3);
        }
        ObjectNode times = body.putObject("processingMs").put("count", 9).put("p50", 840.0).put("p90", 1900.0)
                .put("p95", 2100.0).put("suppressed", 2);
        times.putArray("histogram").addObject().put("fromMs", 500).put("toMs", 1000).put("count", 7);
        times.putObject("stepsP50").put("chip", 610.5);
        return body;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
