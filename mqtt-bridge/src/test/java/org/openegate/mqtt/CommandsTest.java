package org.openegate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 4: signed inbound commands over a real Mosquitto, MQTT 5 request/response. Every bad command
 * gets its reason code on the response topic (with the request's correlation data) and the handler is never
 * called for it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CommandsTest {

    private static final Topics GATE = Topics.of("cmd-site", "g1");
    private static final Clock NOW = TestEvents.CLOCK;

    @TempDir
    static Path dir;
    private static Mosquitto mosquitto;
    private static Outbox outbox;
    private static MqttPublisher gate;
    private static Operator operator;
    private static KeyPair trusted;
    private static KeyPair stranger;
    private static final BlockingQueue<SignedCommand> handled = new LinkedBlockingQueue<>();
    private static volatile boolean handlerThrows;

    static KeyPair p256(long seed) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
        r.setSeed(seed);
        g.initialize(new ECGenParameterSpec("secp256r1"), r);
        return g.generateKeyPair();
    }

    static CommandSigner signer(KeyPair pair, String kid, Clock clock) {
        return new CommandSigner(kid, pair.getPrivate(), clock, new SecureRandom());
    }

    @BeforeAll
    static void start() throws Exception {
        trusted = p256(1);
        stranger = p256(2);
        mosquitto = Mosquitto.start(dir.resolve("mosq"), false);
        outbox = Outbox.open(dir.resolve("outbox.db"));
        gate = startGate();
        operator = new Operator(mosquitto.uri(), GATE);
        // Regression (a ping sent before the gate had subscribed was lost, and the test timed out): wait for the
        // PUBACK of an event. The gate sends SUBSCRIBE before its birth message and events follow the birth's PUBACK
        // on the same connection, which the broker handles in order, so the subscription is in place by then.
        outbox.enqueue(TestEvents.event(Stream.HEALTH, 0, new Random(0)));
        assertThat(gate.awaitDrained(Duration.ofSeconds(60))).isZero();
        assertThat(send(CommandType.PING, null).status()).isEqualTo("OK");
    }

    private static MqttPublisher startGate() {
        return MqttPublisher.start(MqttOptions.builder(mosquitto.uri(), GATE)
                        .backoff(Duration.ofMillis(50), Duration.ofMillis(500)).build(),
                outbox, NOW, new Random(7), OperatorKeys.of(Map.of("ops-1", trusted.getPublic())), c -> {
                    if (handlerThrows) {
                        throw new IllegalStateException("bundle for traveller X failed");
                    }
                    handled.add(c);
                    return CommandReply.ok();
                });
    }

    @AfterAll
    static void stop() throws Exception {
        operator.close();
        gate.close();
        outbox.close();
        mosquitto.close();
    }

    @BeforeEach
    void clear() {
        handled.clear();
        handlerThrows = false;
    }

    private static Operator.Reply send(CommandType type, ObjectNode args) throws Exception {
        return operator.send(GATE.command(type.segment()),
                signer(trusted, "ops-1", NOW).sign(GATE, type, args, Duration.ofMinutes(5)));
    }

    private static ObjectNode mode(String m) {
        ObjectNode a = OutboxEvent.JSON.createObjectNode();
        a.put("mode", m);
        return a;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void signedModeCommand_runsOnce_andIsAnsweredOnTheResponseTopic() throws Exception {
        Operator.Reply r = send(CommandType.MODE, mode("maintenance"));
        assertThat(r.status()).isEqualTo("OK");
        assertThat(r.topic()).isEqualTo(GATE.reply("ops"));
        assertThat(r.body().get("command").asText()).isEqualTo("mode");
        SignedCommand c = handled.poll();
        assertThat(c).isNotNull();
        assertThat(c.mode()).contains(CommandType.Mode.MAINTENANCE);
        assertThat(c.keyId()).isEqualTo("ops-1");
        assertThat(r.body().get("nonce").asText()).isEqualTo(c.nonce());
        assertThat(handled).isEmpty();
    }

    @Test
    void everyCommandType_reachesTheHandler_exceptPing() throws Exception {
        for (CommandType t : CommandType.values()) {
            Operator.Reply r = send(t, t == CommandType.MODE ? mode("open") : OutboxEvent.JSON.createObjectNode());
            assertThat(r.status()).as(t.segment()).isEqualTo("OK");
        }
        assertThat(handled.stream().map(SignedCommand::type)).containsExactly(CommandType.CONFIG, CommandType.POLICY,
                CommandType.TRUST_LIST, CommandType.WATCHLIST, CommandType.MODE, CommandType.OFFICER_DECISION);
    }

    @Test
    void ping_isAnsweredByTheBridge() throws Exception {
        Operator.Reply r = send(CommandType.PING, null);
        assertThat(r.status()).isEqualTo("OK");
        assertThat(r.body().get("result").get("pong").asText()).isEqualTo(NOW.instant().toString());
        assertThat(handled).isEmpty();
    }

    @Test
    void malformedJson_isRefused() throws Exception {
        assertRefused(GATE.command("mode"), utf8("{\"v\":1,\"type\":"), "MALFORMED");
        assertRefused(GATE.command("mode"), utf8("[1,2]"), "MALFORMED");
        assertRefused(GATE.command("mode"), new byte[] {'{', (byte) 0xC3, '}'}, "MALFORMED");
        assertRefused(GATE.command("mode"), utf8("{\"v\":1,\"v\":1}"), "MALFORMED"); // duplicate member
        assertRefused(GATE.command("mode"), utf8("[".repeat(5000)), "MALFORMED");     // nesting bomb
    }

    @Test
    void oversizedPayload_isRefusedBeforeParsing() throws Exception {
        byte[] big = new byte[CommandCodec.MAX_PAYLOAD_BYTES + 1];
        Arrays.fill(big, (byte) '{');
        Operator.Reply r = assertRefused(GATE.command("watchlist"), big, "TOO_LARGE");
        assertThat(r.body().get("detail").asText()).contains(String.valueOf(big.length));
    }

    @Test
    void unknownCommandAndUnknownTopic_areRefused() throws Exception {
        byte[] valid = signer(trusted, "ops-1", NOW).sign(GATE, CommandType.PING, null, Duration.ofMinutes(5));
        assertRefused(GATE.command("reboot"), valid, "UNKNOWN_COMMAND");
        assertRefused("egate/v1/cmd-site/g1/cmd/", valid, "UNKNOWN_TOPIC");
        assertRefused("egate/v1/cmd-site/g1/cmd/.hidden", valid, "UNKNOWN_TOPIC");
    }

    @Test
    void unsigned_isRefused() throws Exception {
        ObjectNode cmd = (ObjectNode) OutboxEvent.JSON.readTree(
                signer(trusted, "ops-1", NOW).sign(GATE, CommandType.MODE, mode("open"), Duration.ofMinutes(5)));
        cmd.remove("sig");
        assertRefused(GATE.command("mode"), utf8(cmd.toString()), "UNSIGNED");
    }

    @Test
    void wronglySigned_isRefused() throws Exception {
        // A stranger's key claiming a trusted key id.
        assertRefused(GATE.command("mode"), signer(stranger, "ops-1", NOW)
                .sign(GATE, CommandType.MODE, mode("open"), Duration.ofMinutes(5)), "BAD_SIGNATURE");
        // A key id the gate does not know.
        assertRefused(GATE.command("mode"), signer(stranger, "ops-9", NOW)
                .sign(GATE, CommandType.MODE, mode("open"), Duration.ofMinutes(5)), "UNKNOWN_KEY");
        // Arguments altered after signing.
        ObjectNode cmd = (ObjectNode) OutboxEvent.JSON.readTree(signer(trusted, "ops-1", NOW)
                .sign(GATE, CommandType.MODE, mode("closed"), Duration.ofMinutes(5)));
        cmd.set("args", mode("open"));
        assertRefused(GATE.command("mode"), utf8(cmd.toString()), "BAD_SIGNATURE");
        // A truncated signature value.
        ObjectNode cut = (ObjectNode) OutboxEvent.JSON.readTree(signer(trusted, "ops-1", NOW)
                .sign(GATE, CommandType.MODE, mode("closed"), Duration.ofMinutes(5)));
        ((ObjectNode) cut.get("sig")).put("value", "AAAA");
        assertRefused(GATE.command("mode"), utf8(cut.toString()), "BAD_SIGNATURE");
    }

    @Test
    void signedForAnotherGateOrCommand_isRefused() throws Exception {
        CommandSigner s = signer(trusted, "ops-1", NOW);
        assertRefused(GATE.command("mode"), s.sign(Topics.of("cmd-site", "g2"), CommandType.MODE, mode("open"),
                Duration.ofMinutes(5)), "WRONG_TARGET");
        assertRefused(GATE.command("mode"), s.sign(GATE, CommandType.CONFIG, null, Duration.ofMinutes(5)), "WRONG_TARGET");
    }

    @Test
    void expiredAndFutureCommands_areRefused() throws Exception {
        Clock past = Clock.offset(NOW, Duration.ofHours(-1));
        assertRefused(GATE.command("mode"), signer(trusted, "ops-1", past)
                .sign(GATE, CommandType.MODE, mode("open"), Duration.ofMinutes(5)), "EXPIRED");
        Clock future = Clock.offset(NOW, Duration.ofHours(1));
        assertRefused(GATE.command("mode"), signer(trusted, "ops-1", future)
                .sign(GATE, CommandType.MODE, mode("open"), Duration.ofMinutes(5)), "NOT_YET_VALID");
        assertRefused(GATE.command("mode"), signer(trusted, "ops-1", NOW)
                .sign(GATE, CommandType.MODE, mode("open"), Duration.ofDays(60)), "EXPIRED");
    }

    @Test
    void replayedCommand_isRefused_evenAfterTheGateRestarts() throws Exception {
        byte[] once = signer(trusted, "ops-1", NOW).sign(GATE, CommandType.MODE, mode("closed"), Duration.ofMinutes(5));
        assertThat(operator.send(GATE.command("mode"), once).status()).isEqualTo("OK");
        assertThat(handled.poll()).isNotNull();
        assertRefused(GATE.command("mode"), once, "REPLAYED");

        // Restart the gate on the same outbox file: the seen nonce is on disk.
        gate.close();
        outbox.close();
        outbox = Outbox.open(dir.resolve("outbox.db"));
        gate = startGate();
        assertRefused(GATE.command("mode"), once, "REPLAYED");
    }

    @Test
    void badArguments_areRefused() throws Exception {
        Operator.Reply r = send(CommandType.MODE, mode("sideways"));
        assertThat(r.status()).isEqualTo("BAD_ARGUMENTS");
        assertThat(handled).isEmpty();
    }

    @Test
    void failingHandler_isReportedAsFailed_withoutItsMessage() throws Exception {
        handlerThrows = true;
        Operator.Reply r = send(CommandType.CONFIG, null);
        assertThat(r.status()).isEqualTo("FAILED");
        assertThat(r.body().get("detail").asText()).contains("IllegalStateException").doesNotContain("traveller");
    }

    @Test
    void responseTopicOutsideTheGatesReplyTopics_isNotUsed() throws Exception {
        byte[] cmd = signer(trusted, "ops-1", NOW).sign(GATE, CommandType.PING, null, Duration.ofMinutes(5));
        Operator.Reply r = operator.sendUnaddressed(GATE.command("ping"), cmd);
        assertThat(r.topic()).isEqualTo(GATE.reply(Topics.UNADDRESSED_REPLY));
        assertThat(r.status()).isEqualTo("OK");
    }

    private static Operator.Reply assertRefused(String topic, byte[] payload, String status) throws Exception {
        Operator.Reply r = operator.send(topic, payload);
        assertThat(r.status()).as(r.body().toString()).isEqualTo(status);
        assertThat(r.topic()).isEqualTo(GATE.reply("ops"));
        assertThat(handled).as("nothing runs for " + status).isEmpty();
        return r;
    }
}
