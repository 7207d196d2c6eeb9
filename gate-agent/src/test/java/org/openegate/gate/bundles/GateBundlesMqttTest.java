package org.openegate.gate.bundles;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.biometrics.DemoFaces;
import org.openegate.gate.cli.FleetPushCommand;
import org.openegate.gate.config.GateConfig;
import org.openegate.gate.decision.Outcome;
import org.openegate.gate.decision.ReasonCode;
import org.openegate.gate.flow.CrossingPipeline;
import org.openegate.gate.service.GateService;
import org.openegate.gate.sim.ScenarioGenerator;
import org.openegate.gate.sim.SimulatedTraveller;
import org.openegate.gate.sim.TravellerKind;
import org.openegate.mqtt.AsyncApiContract;
import org.openegate.mqtt.CommandSigner;
import org.openegate.mqtt.CommandType;
import org.openegate.mqtt.MessageCallbacks;
import org.openegate.mqtt.Mosquitto;
import org.openegate.mqtt.Stream;
import org.openegate.mqtt.Topics;
import org.openegate.provisioning.bundle.BundleCommands;
import org.openegate.provisioning.bundle.BundleType;

/**
 * Issues #10 and #8 on a running gate: the simulated gate of {@code egate run} with {@code mqtt:} and
 * {@code bundles:}, a real Mosquitto, and bundles pushed with {@code egate fleet push} (in-process, as an operator
 * runs it) or, for the tampered and unsigned ones, sent as correctly signed commands by a hand-made operator
 * client. What the gate does is observed where it shows: referrals and their checks, {@code /health}, the
 * command replies, and the alarms on the health topic checked against the AsyncAPI document.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GateBundlesMqttTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The simulation's seed in the example configuration. */
    private static final long SEED = 1;

    @TempDir
    static Path dir;
    static BundleRig rig;
    static Mosquitto mosquitto;
    static GateService gate;
    static GateConfig config;
    static MqttAsyncClient tap;
    static final List<JsonNode> health = new ArrayList<>();
    static final List<String> offContract = new ArrayList<>();
    static final List<CrossingPipeline.Crossing> referrals = new ArrayList<>();
    static List<SimulatedTraveller> travellers;
    static final Map<String, Integer> indexOf = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        rig = new BundleRig(dir, Clock.systemUTC());
        mosquitto = Mosquitto.start(dir.resolve("mosq"), false);
        AsyncApiContract contract = AsyncApiContract.load();
        tap = new MqttAsyncClient(mosquitto.uri(), "tap-" + System.nanoTime(), new MemoryPersistence());
        tap.setCallback(MessageCallbacks.onMessage((topic, message) -> {
            synchronized (health) {
                health.add(JSON.readTree(message.getPayload()));
                List<String> v = contract.violations(topic, message.getPayload());
                if (!v.isEmpty()) {
                    offContract.add(topic + ": " + v);
                }
                health.notifyAll();
            }
        }));
        tap.connect(new MqttConnectionOptions()).waitForCompletion(30_000);
        tap.subscribe(new MqttSubscription(Topics.of(BundleRig.SITE, BundleRig.GATE).topic(Stream.HEALTH), 1))
                .waitForCompletion(30_000);

        // The travellers of the example's seed, in the order the simulated gate sends them.
        ScenarioGenerator generator = new ScenarioGenerator(SEED, Clock.systemUTC(), DemoFaces.persons().size());
        travellers = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            SimulatedTraveller t = generator.next();
            travellers.add(t);
            indexOf.put(t.documentNumber(), i);
        }
        Files.writeString(dir.resolve("gate.yaml"), rig.yaml(mosquitto.uri()));
        config = rig.config(Files.readString(dir.resolve("gate.yaml")));
        startGate();
    }

    static void startGate() throws Exception {
        gate = GateService.start(config, Clock.systemUTC(), new SecureRandom());
        gate.controller().observeReferrals(crossing -> {
            synchronized (referrals) {
                referrals.add(crossing);
                referrals.notifyAll();
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (gate != null) {
            gate.close();
        }
        if (tap != null) {
            tap.disconnect().waitForCompletion(10_000);
            tap.close();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    record Push(int status, JsonObject json, String err) {
        JsonObject device() {
            return json.getJsonArray("devices").getJsonObject(0);
        }
    }

    /** {@code egate fleet push TYPE FILE --to gate-01 ...} against the test broker. */
    static Push push(String type, Path file, long version, String... extra) {
        List<String> args = new ArrayList<>(List.of(type, file.toString()));
        if (extra.length == 0) {
            args.addAll(List.of("--to", BundleRig.GATE, "--site", BundleRig.SITE));
        } else {
            args.addAll(List.of(extra));
        }
        args.addAll(List.of("--version", Long.toString(version), "--dir", dir.resolve("fleet").toString(),
                "--broker", mosquitto.uri(), "--passphrase-file", dir.resolve("passphrase").toString(),
                "--wait", "120", "--json"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        picocli.CommandLine cl = new picocli.CommandLine(new FleetPushCommand());
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setExecutionExceptionHandler((e, c, p) -> {
            c.getErr().println("egate: " + e.getMessage());
            return 99;
        });
        int status = cl.execute(args.toArray(String[]::new));
        String printed = out.toString(StandardCharsets.UTF_8).strip();
        return new Push(status, printed.isEmpty() ? new JsonObject() : new JsonObject(printed),
                err.toString(StandardCharsets.UTF_8));
    }

    static Path write(String name, byte[] content) throws Exception {
        return Files.write(dir.resolve(name), content);
    }

    static JsonObject healthNow() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gate.httpPort() + "/health")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        return new JsonObject(r.body());
    }

    static CrossingPipeline.Crossing awaitReferral(Predicate<CrossingPipeline.Crossing> p, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (referrals) {
            while (true) {
                for (CrossingPipeline.Crossing c : referrals) {
                    if (p.test(c)) {
                        return c;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no such referral within " + timeout + "; " + referrals.size() + " seen");
                }
                referrals.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    static JsonNode awaitHealth(Predicate<JsonNode> p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (health) {
            while (true) {
                for (JsonNode m : health) {
                    if (p.test(m)) {
                        return m;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no such health event within " + timeout + "; seen " + health);
                }
                health.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    static int travellerIndex(CrossingPipeline.Crossing c) {
        Integer i = indexOf.get(c.record().personal().getString("documentNumber", "").replace("<", ""));
        return i == null ? -1 : i;
    }

    static String watchlistCheck(CrossingPipeline.Crossing c) {
        return c.record().checks().getJsonObject("documentWatchlist", new JsonObject()).getString("reason");
    }

    /** The first traveller of {@code kind} at least {@code ahead} places after {@code from}, whose index passes. */
    static int upcoming(int from, int ahead, TravellerKind kind, Predicate<Integer> index) {
        for (int k = ahead; k < 1000; k++) {
            int i = (from + k) % 1000;
            if (travellers.get(i).kind() == kind && index.test(i)) {
                return i;
            }
        }
        throw new AssertionError("no " + kind + " traveller in the scenario");
    }

    /** The reply to a bundle command signed correctly by the operator, carrying {@code bundle} as given. */
    static JsonNode sendBundleCommand(BundleType type, byte[] bundle) throws Exception {
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(
                rig.fleet.operatorKey().getEncoded())); // mqtt-bridge's ES256 signer takes the JDK's key class
        CommandSigner signer = new CommandSigner(BundleCommands.operatorKeyId(rig.fleet.operatorCertificate()), key,
                Clock.systemUTC(), new SecureRandom());
        Topics topics = Topics.of(BundleRig.SITE, BundleRig.GATE);
        CommandType command = BundleCommands.commandType(type);
        byte[] payload = signer.sign(topics, command, BundleCommands.args(bundle), Duration.ofMinutes(10));
        String replyId = "test-" + System.nanoTime();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        MqttAsyncClient client = new MqttAsyncClient(mosquitto.uri(), replyId, new MemoryPersistence());
        client.setCallback(MessageCallbacks.onMessage((topic, m) -> reply.complete(JSON.readTree(m.getPayload()))));
        try {
            client.connect(new MqttConnectionOptions()).waitForCompletion(30_000);
            client.subscribe(new MqttSubscription(topics.reply(replyId), 1)).waitForCompletion(30_000);
            MqttProperties p = new MqttProperties();
            p.setResponseTopic(topics.reply(replyId));
            p.setCorrelationData(replyId.getBytes(StandardCharsets.UTF_8));
            client.publish(topics.command(command.segment()), new MqttMessage(payload, 1, false, p))
                    .waitForCompletion(30_000);
            return reply.get(120, TimeUnit.SECONDS);
        } finally {
            client.disconnect().waitForCompletion(10_000);
            client.close();
        }
    }

    // ---- the scenarios -------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void atStart_theTrustListIsMissing_andTheGateSaysSoOnMqttAndInHealth() throws Exception {
        JsonNode alarm = awaitHealth(m -> m.path("alarm").asText().equals("TRUST_LIST_AGE"), Duration.ofMinutes(2));
        assertThat(alarm.get("state").asText()).isEqualTo("MISSING");
        assertThat(alarm.get("previousState").asText()).isEqualTo("UNKNOWN");
        JsonObject bundles = healthNow().getJsonObject("bundles");
        assertThat(bundles.getJsonObject("trustList").getString("state")).isEqualTo("MISSING");
        assertThat(bundles.getJsonObject("config").getValue("running")).isEqualTo("file");
    }

    @Test
    @Order(2)
    void pushedWatchlist_refersItsTravellers_andADeltaAddsOneAndRemovesOne() throws Exception {
        CrossingPipeline.Crossing first = awaitReferral(c -> travellerIndex(c) >= 0, Duration.ofMinutes(5));
        int now = travellerIndex(first);
        // Snapshot: every impostor (referred anyway: their referrals show the list check) and the genuine
        // travellers at even places. Genuine travellers at odd places stay off the list, for the delta.
        List<String> listed = new ArrayList<>();
        for (int i = 0; i < travellers.size(); i++) {
            SimulatedTraveller t = travellers.get(i);
            if (t.kind() == TravellerKind.IMPOSTOR || (t.kind() == TravellerKind.GENUINE && i % 2 == 0)) {
                listed.add(t.documentNumber());
            }
        }
        Push snapshot = push("watchlist", write("snapshot.oedw", BundleRig.snapshot(1, listed)), 10);
        assertThat(snapshot.status()).as(snapshot.err() + snapshot.json()).isZero();
        assertThat(snapshot.device().getString("status")).isEqualTo("OK");
        Instant pushed = Instant.now();

        // A genuine traveller, who would have passed, is now referred for the lost-and-stolen list.
        CrossingPipeline.Crossing hit = awaitReferral(c -> c.record().startedAt().isAfter(pushed)
                && travellerIndex(c) >= 0 && travellerIndex(c) % 2 == 0
                && travellers.get(travellerIndex(c)).kind() == TravellerKind.GENUINE, Duration.ofMinutes(5));
        assertThat(hit.decision().outcome()).isEqualTo(Outcome.REFER);
        assertThat(hit.decision().reasons()).containsExactly(ReasonCode.WATCHLIST_DOCUMENT);
        assertThat(watchlistCheck(hit)).isEqualTo("HIT");

        // Delta: add a genuine traveller still to come, remove an impostor still to come.
        now = Math.max(now, travellerIndex(hit));
        int added = upcoming(now, 25, TravellerKind.GENUINE, i -> i % 2 == 1);
        int removed = upcoming(now, 25, TravellerKind.IMPOSTOR, i -> true);
        Push delta = push("watchlist", write("delta.oedw", BundleRig.delta(1, 2,
                List.of(travellers.get(removed).documentNumber()), List.of(travellers.get(added).documentNumber()))), 11);
        assertThat(delta.device().getString("status")).as(delta.json().encode()).isEqualTo("OK");
        Instant deltaAt = Instant.now();
        CrossingPipeline.Crossing nowListed = awaitReferral(c -> travellerIndex(c) == added
                && c.record().startedAt().isAfter(deltaAt), Duration.ofMinutes(6));
        assertThat(nowListed.decision().reasons()).containsExactly(ReasonCode.WATCHLIST_DOCUMENT);
        CrossingPipeline.Crossing noLonger = awaitReferral(c -> travellerIndex(c) == removed
                && c.record().startedAt().isAfter(deltaAt), Duration.ofMinutes(6));
        assertThat(watchlistCheck(noLonger)).isEqualTo("NO_HIT");
        assertThat(noLonger.decision().reasons()).doesNotContain(ReasonCode.WATCHLIST_DOCUMENT);

        // A delta that no longer fits (its base is list version 1, the gate is at 2) is refused, nothing changes.
        Push stale = push("watchlist", write("stale.oedw", BundleRig.delta(1, 3, List.of(),
                List.of(travellers.get(upcoming(now, 1, TravellerKind.GENUINE, i -> i % 2 == 1)).documentNumber()))),
                12);
        assertThat(stale.device().getString("status")).isEqualTo("REJECTED");
        assertThat(stale.device().getString("reason")).isEqualTo("INVALID_CONTENT");
        assertThat(stale.device().getString("detail")).contains("VERSION_GAP");
        JsonObject bundles = healthNow().getJsonObject("bundles");
        assertThat(bundles.getJsonObject("active").getLong("watchlist")).isEqualTo(11);
        assertThat(bundles.getLong("watchlistListVersion")).isEqualTo(2);
        assertThat(bundles.getLong("watchlistEntries")).isEqualTo(listed.size());
    }

    @Test
    @Order(3)
    void pushedTrustList_replacesTheGatesTrustList_andClearsTheAlarm() throws Exception {
        Path trust = Files.createDirectories(dir.resolve("trust"));
        Path pki = Path.of(System.getProperty("testdata.dir"), "pki", "port-py-server");
        for (String f : List.of("csca_de_1.cer", "csca_de_3e8.cer", "lcsca_de_9d.cer")) {
            Files.copy(pki.resolve(f), trust.resolve(f));
        }
        Push push = push("trustlist", trust, 1);
        assertThat(push.status()).as(push.err() + push.json()).isZero();
        JsonNode cleared = awaitHealth(m -> m.path("alarm").asText().equals("TRUST_LIST_AGE")
                && m.path("state").asText().equals("OK"), Duration.ofMinutes(2));
        assertThat(cleared.get("previousState").asText()).isEqualTo("MISSING");
        assertThat(cleared.get("trustListVersion").asLong()).isEqualTo(1);
        JsonObject bundles = healthNow().getJsonObject("bundles");
        assertThat(bundles.getJsonObject("trustList").getString("state")).isEqualTo("OK");
        assertThat(bundles.getLong("trustListCertificates")).isEqualTo(3); // the simulated world's CSCA is gone
        synchronized (health) {
            assertThat(offContract).isEmpty();
        }
    }

    @Test
    @Order(4)
    void olderVersion_wrongTarget_tamperedAndUnsigned_areEachRefusedWithTheirReason() throws Exception {
        Path rules = write("rules.json", BundleRig.rules("seniors", "\"age\": {\"min\": 80}"));
        assertThat(push("policy", rules, 5).device().getString("status")).isEqualTo("OK");
        Push older = push("policy", rules, 4);
        assertThat(older.status()).isNotZero();
        assertThat(older.device().getString("status")).isEqualTo("REJECTED");
        assertThat(older.device().getString("reason")).isEqualTo("OLDER_VERSION");
        assertThat(older.device().getString("detail")).contains("v4", "v5");

        // egate fleet push sends a bundle only to the gates it names, so a wrongly targeted one is hand-delivered
        JsonNode elsewhere = sendBundleCommand(BundleType.POLICY, rig.operator.sign(BundleType.POLICY, 6, "gate-99",
                Files.readAllBytes(rules)));
        assertThat(elsewhere.path("status").asText()).isEqualTo("REJECTED");
        assertThat(elsewhere.path("result").path("reason").asText()).isEqualTo("WRONG_TARGET");
        assertThat(elsewhere.path("detail").asText()).contains("gate-99");

        byte[] signed = rig.sign(BundleType.POLICY, 7, BundleRig.rules("everyone", "\"age\": {\"min\": 0}"));
        int at = new String(signed, StandardCharsets.ISO_8859_1).indexOf("everyone");
        signed[at] ^= 0x01;
        JsonNode tampered = sendBundleCommand(BundleType.POLICY, signed);
        assertThat(tampered.path("status").asText()).isEqualTo("REJECTED");
        assertThat(tampered.path("result").path("reason").asText()).isEqualTo("BAD_SIGNATURE");

        JsonNode unsigned = sendBundleCommand(BundleType.POLICY, BundleRig.rules("everyone", "\"age\": {\"min\": 0}"));
        assertThat(unsigned.path("status").asText()).isEqualTo("REJECTED");
        assertThat(unsigned.path("result").path("reason").asText()).isEqualTo("MALFORMED");

        // a policy bundle on the watchlist command
        JsonNode wrongType = sendBundleCommand(BundleType.WATCHLIST, rig.sign(BundleType.POLICY, 8, Files.readAllBytes(rules)));
        assertThat(wrongType.path("result").path("reason").asText()).isEqualTo("WRONG_TYPE");

        JsonObject bundles = healthNow().getJsonObject("bundles");
        assertThat(bundles.getJsonObject("active").getLong("policy")).isEqualTo(5);
        assertThat(healthNow().getString("status")).isEqualTo("UP");
    }

    @Test
    @Order(5)
    void config_invalidIsRefused_validRunsAfterARestart_andOneThatCannotStartRollsBackWithAnAlarm() throws Exception {
        String yaml = Files.readString(dir.resolve("gate.yaml"));
        int referralsBefore;
        synchronized (referrals) {
            referralsBefore = referrals.size();
        }
        Push invalid = push("config", write("bad.yaml", yaml.replace("faceThreshold: 0.34", "faceThreshold: 1.7")
                .getBytes(StandardCharsets.UTF_8)), 1);
        assertThat(invalid.device().getString("status")).isEqualTo("REJECTED");
        assertThat(invalid.device().getString("reason")).isEqualTo("INVALID_CONTENT");
        assertThat(invalid.device().getString("detail")).contains("policy.faceThreshold");
        // the gate is unaffected: still up, still deciding travellers
        assertThat(healthNow().getString("status")).isEqualTo("UP");
        awaitReferral(c -> {
            synchronized (referrals) {
                return referrals.size() > referralsBefore + 2;
            }
        }, Duration.ofMinutes(3));

        Push good = push("config", write("good.yaml", yaml.replace("faceThreshold: 0.34", "faceThreshold: 0.4")
                .getBytes(StandardCharsets.UTF_8)), 2);
        assertThat(good.device().getString("status")).as(good.json().encode()).isEqualTo("OK");
        assertThat(healthNow().getJsonObject("bundles").getJsonObject("config").getBoolean("restartPending")).isTrue();

        // Valid, but the gate cannot start on it: its HTTP port is taken.
        try (ServerSocket taken = new ServerSocket(0)) {
            Push unstartable = push("config", write("port.yaml", yaml.replace("port: 0", "port: " + taken.getLocalPort())
                    .getBytes(StandardCharsets.UTF_8)), 3);
            assertThat(unstartable.device().getString("status")).isEqualTo("OK");
            gate.close();
            startGate(); // the same configuration file: the bundle decides
        }
        JsonObject status = healthNow().getJsonObject("bundles").getJsonObject("config");
        assertThat(status.getValue("running")).isEqualTo(2);
        assertThat(status.getValue("failed")).isEqualTo(3);
        JsonNode alarm = awaitHealth(m -> m.path("alarm").asText().equals("CONFIG_ROLLED_BACK"), Duration.ofMinutes(2));
        assertThat(alarm.get("failedVersion").asLong()).isEqualTo(3);
        assertThat(alarm.get("runningVersion").asLong()).isEqualTo(2);
        assertThat(alarm.get("reason").asText()).contains("did not start");
        // after the restart the watchlist, trust list and policy are those pushed before it
        JsonObject bundles = healthNow().getJsonObject("bundles");
        assertThat(bundles.getLong("watchlistListVersion")).isEqualTo(2);
        assertThat(bundles.getLong("trustListCertificates")).isEqualTo(3);
        synchronized (health) {
            assertThat(offContract).isEmpty();
        }
        assertThat(healthNow().getString("status")).isEqualTo("UP");
    }
}
