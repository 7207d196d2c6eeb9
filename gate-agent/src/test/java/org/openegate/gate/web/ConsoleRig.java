package org.openegate.gate.web;

import io.vertx.core.Vertx;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import io.vertx.core.json.JsonObject;
import org.openegate.gate.config.ConfigLoader;
import org.openegate.gate.config.GateConfig;
import org.openegate.gate.service.GateService;
import org.openegate.mqtt.Mosquitto;
import org.openegate.mqtt.OperatorKeys;
import org.openegate.mqtt.TestPki;

/**
 * A real supervised lane for tests: Mosquitto, {@code n} simulated gates (the whole {@link GateService}: emulated
 * chips, face engine, journal, outbox, MQTT) linked to one {@link ConsoleServer} over the broker, and accounts
 * for each role.
 */
final class ConsoleRig implements AutoCloseable {

    static final String PASSWORD = "correct horse battery staple";
    static final String SITE = "test-site";

    final Mosquitto broker;
    final TestPki pki;
    final List<GateService> gates = new ArrayList<>();
    ConsoleServer console;
    ConsoleConfig config;
    final KeyPair commandKey;

    ConsoleRig(Path dir, int gateCount, long travellerIntervalMs, ConsoleConfig.Security security) throws Exception {
        SecureRandom random = new SecureRandom();
        broker = Mosquitto.start(dir.resolve("broker"), false);
        try {
            pki = TestPki.create(dir.resolve("pki"), "console-test-ca");
            KeyPair e2e = p256(random);
            commandKey = p256(random);
            ConsoleKeys keys = new ConsoleKeys("console-e2e-1", (ECPublicKey) e2e.getPublic(),
                    OperatorKeys.of(Map.of("console-cmd-1", commandKey.getPublic())));
            List<ConsoleConfig.GateRef> refs = new ArrayList<>();
            for (int i = 1; i <= gateCount; i++) {
                refs.add(new ConsoleConfig.GateRef(SITE, "gate-0" + i));
            }
            String hash = PasswordHasher.hash(PASSWORD.toCharArray(), random);
            config = new ConsoleConfig("console-t", new ConsoleConfig.Http("127.0.0.1", 0, pki.serverCert,
                    pki.serverKey), broker.uri(), "console-e2e-1", e2e, "console-cmd-1", commandKey.getPrivate(), refs,
                    List.of(new ConsoleConfig.Account("officer.1", Role.OFFICER, hash),
                            new ConsoleConfig.Account("super.1", Role.SUPERVISOR, hash),
                            new ConsoleConfig.Account("ops.1", Role.OPERATOR, hash),
                            new ConsoleConfig.Account("victim.1", Role.SUPERVISOR, hash)), security);
            // The console first: its MQTT session must exist before the first referral is published (a case
            // published to nobody is not kept by the broker).
            console = ConsoleServer.start(config, Clock.systemUTC(), random);
            for (ConsoleConfig.GateRef ref : refs) {
                gates.add(GateService.start(gateConfig(dir.resolve(ref.gate()), ref.gate(), gates.size() + 1,
                        travellerIntervalMs), Clock.systemUTC(), random, Optional.of(keys)));
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    static KeyPair p256(SecureRandom random) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), random);
        return g.generateKeyPair();
    }

    private GateConfig gateConfig(Path home, String id, int seed, long intervalMs) throws Exception {
        Files.createDirectories(home);
        String yaml = Files.readString(Path.of("src/main/resources/gate-example.yaml"))
                .replace("id: gate-01", "id: " + id).replace("site: demo-site", "site: " + SITE)
                .replace("dataDir: gate-data", "dataDir: data").replace("port: 8088", "port: 0")
                .replace("# mqtt:\n#   broker: tcp://127.0.0.1:1883", "mqtt:\n  broker: " + broker.uri())
                .replace("seed: 1", "seed: " + seed)
                .replace("mrzDelayMs: 300", "mrzDelayMs: 0").replace("chipDelayMs: 800", "chipDelayMs: 0")
                .replace("faceDelayMs: 400", "faceDelayMs: 0")
                .replace("travellerIntervalMs: 1000", "travellerIntervalMs: " + intervalMs);
        if (!yaml.contains("broker: " + broker.uri())) {
            throw new IllegalStateException("gate-example.yaml changed: the rig could not set mqtt.broker");
        }
        Path file = home.resolve("gate.yaml");
        Files.writeString(file, yaml);
        Vertx loader = Vertx.vertx();
        try {
            return ConfigLoader.load(loader, file).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } finally {
            loader.close();
        }
    }

    String baseUrl() {
        return "https://127.0.0.1:" + console.port();
    }

    /** An HTTPS client that trusts the test CA and keeps cookies, like one browser. */
    HttpClient browser() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(pki.caCert)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), new SecureRandom());
        return HttpClient.newBuilder().sslContext(ssl).cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A request's answer: status and JSON body (or the text under "text"). */
    record Answer(int status, JsonObject body, HttpResponse<String> raw) {
    }

    Answer get(HttpClient http, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return answer(r);
    }

    Answer post(HttpClient http, String path, String csrf, JsonObject body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
        if (csrf != null) {
            b.header("x-csrf-token", csrf);
        }
        return answer(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    private static Answer answer(HttpResponse<String> r) {
        String type = r.headers().firstValue("content-type").orElse("");
        JsonObject body = type.startsWith("application/json") ? new JsonObject(r.body())
                : new JsonObject().put("text", r.body());
        return new Answer(r.statusCode(), body, r);
    }

    /** Logs {@code account} in on {@code http}; returns the session's CSRF token. */
    String login(HttpClient http, String account) throws Exception {
        String anonymous = get(http, "/api/csrf").body().getString("csrf");
        Answer a = post(http, "/api/login", anonymous, new JsonObject().put("account", account)
                .put("password", PASSWORD));
        if (a.status() != 200) {
            throw new AssertionError("login of " + account + " failed: " + a.status() + " " + a.body());
        }
        return a.body().getString("csrf");
    }

    @Override
    public void close() {
        if (console != null) {
            console.close();
        }
        for (GateService gate : gates) {
            gate.close();
        }
        broker.close();
    }
}
