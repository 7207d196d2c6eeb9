package org.openegate.gate.enrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.gate.cli.EgateCommand;
import org.openegate.gate.config.ConfigLoader;
import org.openegate.gate.config.GateConfig;
import org.openegate.gate.service.GateAddresses;
import org.openegate.gate.service.GateService;
import org.openegate.mqtt.MessageCallbacks;
import org.openegate.provisioning.enrol.Credentials;
import org.openegate.provisioning.enrol.DeviceRecord;
import org.openegate.provisioning.enrol.DeviceStore;
import org.openegate.provisioning.enrol.EnrolmentBundle;
import org.openegate.provisioning.enrol.EnrolmentClient;
import org.openegate.provisioning.enrol.EnrolmentException;

/**
 * Issue #10 on the running gate, end to end against a real Mosquitto with the fleet's ACL and CRL and a real
 * registrar: {@code GateService} starts with only a claim (and a token the registrar refuses), waits in
 * MAINTENANCE until {@code approve}, enrols, reconnects with its own certificate, receives its configuration and
 * publishes crossings (acceptance 1); its two-minute certificate is rotated on the running gate without losing a
 * crossing; {@code egate fleet revoke} makes it wipe and stop, the broker refuses its certificate and it will not
 * start again (acceptance 4). Every log line of the run is then searched for the private keys, the token and the
 * passphrases (acceptance 5).
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class GateEnrolmentEndToEndTest {

    private static final Path LOG = Path.of("target/gate-agent-test.log");
    private static final String GATE = "gate-01";
    private static final String SITE = "demo-site";

    @TempDir
    Path dir;

    @Test
    void freshGate_enrolsRotatesAndObeysRevocation_loggingNoSecret() throws Exception {
        long logStart = Files.exists(LOG) ? Files.size(LOG) : 0;
        List<String> secrets = new ArrayList<>();
        List<PrivateKey> keys = new ArrayList<>();
        Credentials[] revokedCredentials = new Credentials[1];
        try (FleetRig fleet = new FleetRig(dir, Duration.ofMinutes(2))) {
            keys.add(fleet.fleet.operatorKey());
            Path factory = dir.resolve("factory");
            Credentials claim = fleet.claim("gate01");
            keys.add(claim.key());
            fleet.installFactoryFiles(factory, claim);
            // A token of the right form that the registry never issued: refused, then the gate waits for approval.
            String badToken = "egt_00112233aabb_" + "7e".repeat(16);
            Files.writeString(factory.resolve("token"), badToken + "\n");
            secrets.add(badToken);
            secrets.add("7e".repeat(16));
            // A real token made for another gate: it must never be logged either (the registrar logs its use).
            secrets.add(fleet.registry.createToken(Optional.empty(), Duration.ofHours(1), fleet.random));

            GateConfig config = config(fleet, factory);
            try (Observer crossings = Observer.start(fleet, "egate/v1/" + SITE + "/" + GATE + "/crossings");
                    GateService service = GateService.start(config, Clock.systemUTC(), new SecureRandom())) {
                GateEnrolment enrolment = service.enrolment().orElseThrow();
                HttpClient http = HttpClient.newHttpClient();

                // 1. Not approved yet: MAINTENANCE, and /health says why.
                awaitTrue(() -> enrolment.state() == EnrolmentState.PENDING_APPROVAL, Duration.ofMinutes(2));
                JsonObject health = health(http, service);
                assertThat(health.getString("mode")).isEqualTo("MAINTENANCE");
                assertThat(health.getJsonObject("enrolment").getString("state")).isEqualTo("PENDING_APPROVAL");
                assertThat(health.getJsonObject("enrolment").getString("detail")).contains("egate fleet approve " + GATE);
                assertThat(health.encode()).doesNotContain(badToken.substring(4));
                assertThat(fleet.registry.pending()).extracting(p -> p.serial()).contains(GATE);
                assertThat(factory.resolve("token")).as("a refused token is kept, not used again").exists();

                // 2. The operator approves (egate fleet approve): the gate enrols on its next attempt.
                fleet.registry.approve(GATE, Optional.empty());
                X509Certificate first = enrolment.enrolled().get(2, TimeUnit.MINUTES);
                assertThat(first.getSubjectX500Principal().getName()).contains("CN=" + GATE).contains("OU=" + SITE);
                first.verify(fleet.fleet.caCertificate().getPublicKey());
                DeviceStore store = DeviceStore.encrypted(config.dataDir().resolve("provisioning"),
                        Files.readString(factory.resolve("key-passphrase")).strip().toCharArray(), fleet.random);
                Credentials own = store.credentials().orElseThrow();
                keys.add(own.key());
                secrets.add(Files.readString(factory.resolve("key-passphrase")).strip());
                assertThat(own.certificate()).isEqualTo(first);
                assertThat(Files.readString(config.dataDir().resolve("provisioning/device.key")))
                        .contains("ENCRYPTED PRIVATE KEY");
                assertThat(Files.getPosixFilePermissions(config.dataDir().resolve("provisioning/device.key")))
                        .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
                // its configuration: the initial CONFIG bundle, verified against the operator certificate and kept
                List<EnrolmentBundle> bundles = enrolment.initialBundles();
                assertThat(bundles).extracting(EnrolmentBundle::type).containsExactly("CONFIG");
                // reporting over TLS with its OWN certificate, and admitting travellers
                awaitTrue(() -> enrolment.publisher().map(p -> p.isConnected()).orElse(false), Duration.ofMinutes(1));
                awaitTrue(() -> health(http, service).getString("mode").equals("OPEN"), Duration.ofSeconds(30));
                assertThat(fleet.registry.device(GATE).orElseThrow().certificateSerial())
                        .isEqualTo(first.getSerialNumber());
                assertThat(crossings.awaitCount(1, Duration.ofMinutes(3))).as("a crossing reached the broker")
                        .isGreaterThanOrEqualTo(1);

                // 3. Rotation on the running gate: the two-minute certificate is renewed, reporting carries on.
                awaitTrue(() -> enrolment.rotations() >= 1, Duration.ofMinutes(2));
                X509Certificate second = enrolment.certificate().orElseThrow();
                assertThat(second.getSerialNumber()).isNotEqualTo(first.getSerialNumber());
                assertThat(second.getPublicKey()).isNotEqualTo(first.getPublicKey());
                Credentials renewed = store.credentials().orElseThrow();
                keys.add(renewed.key());
                assertThat(renewed.certificate()).isEqualTo(second);
                awaitTrue(() -> fleet.registry.device(GATE).orElseThrow().certificateSerial()
                        .equals(second.getSerialNumber()), Duration.ofSeconds(30));
                long beforeRotation = crossings.count();
                awaitTrue(() -> enrolment.publisher().map(p -> p.isConnected()).orElse(false), Duration.ofMinutes(1));
                assertThat(crossings.awaitCount(beforeRotation + 1, Duration.ofMinutes(2)))
                        .as("crossings published on the renewed certificate").isGreaterThan(beforeRotation);
                // No crossing lost across the reconnection: stop admitting, let the outbox drain, and every crossing
                // in the journal was received by the broker's subscriber.
                service.vertx().eventBus().request(GateAddresses.COMMAND, new JsonObject().put("command", "MODE")
                        .put("mode", "CLOSED")).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                awaitTrue(() -> service.controller().machine().state().name().equals("CLOSED"), Duration.ofMinutes(2));
                service.controller().awaitRecorded();
                assertThat(enrolment.publisher().orElseThrow().awaitDrained(Duration.ofMinutes(1))).isZero();
                List<String> journalled = journalledCrossings(config.dataDir().resolve("journal.db"));
                assertThat(journalled).isNotEmpty();
                awaitTrue(() -> crossings.eventIds().containsAll(journalled), Duration.ofSeconds(30));

                // 4. Revocation: egate fleet revoke tells the gate, which wipes its keys, confirms and goes out of
                // service; then the CRL and ACL are rewritten and the broker reloaded.
                Credentials atRevocation = store.credentials().orElseThrow();
                keys.add(atRevocation.key());
                revokedCredentials[0] = atRevocation;
                Path fleetPassphrase = Files.writeString(dir.resolve("fleet-passphrase"), new String(FleetRig.PASSPHRASE));
                int status = EgateCommand.execute("fleet", "revoke", GATE, "--dir", fleet.fleet.dir().toString(),
                        "--passphrase-file", fleetPassphrase.toString(), "--broker", fleet.mosquitto.uri(),
                        "--broker-access", "ACL_FILE",
                        "--broker-pid", Long.toString(fleet.brokerPid()), "--ack-timeout", "30");
                assertThat(status).isZero();
                GateEnrolment.Revocation revocation = enrolment.revoked().get(1, TimeUnit.MINUTES);
                assertThat(revocation.keys().complete()).as(revocation.keys().failures().toString()).isTrue();
                assertThat(enrolment.state()).isEqualTo(EnrolmentState.REVOKED);
                assertThat(fleet.registry.device(GATE).orElseThrow().status()).isEqualTo(DeviceRecord.Status.REVOKED);
                assertThat(service.controller().machine().mode().name()).isEqualTo("MAINTENANCE");
                health = health(http, service);
                assertThat(health.getString("exitDoor")).isEqualTo("LOCKED");
                assertThat(health.getJsonObject("enrolment").getString("state")).isEqualTo("REVOKED");
                for (String gone : List.of("provisioning/device.key", "provisioning/device.pem", "data.key")) {
                    assertThat(config.dataDir().resolve(gone)).as(gone).doesNotExist();
                }
                assertThat(factory.resolve("claim.key")).doesNotExist();
                assertThat(factory.resolve("key-passphrase")).doesNotExist();
                assertThat(config.dataDir().resolve("provisioning/REVOKED")).exists();
            }
            // The service has closed: the journal and outbox went with it.
            assertThat(config.dataDir().resolve("journal.db")).doesNotExist();
            assertThat(config.dataDir().resolve("outbox.db")).doesNotExist();
            assertThat(config.dataDir().resolve("provisioning/bundles")).doesNotExist();
            assertThat(Files.readString(config.dataDir().resolve("provisioning/REVOKED")))
                    .contains("revoked by the operator").doesNotContain("PRIVATE");

            // The broker refuses the revoked certificate at the TLS handshake (CRL reloaded).
            Credentials revoked = revokedCredentials[0];
            EnrolmentClient client = new EnrolmentClient(fleet.mosquitto.uri(), fleet.fleet.caCertificate(),
                    Duration.ofSeconds(20), Clock.systemUTC(), fleet.random);
            assertThatThrownBy(() -> client.fetchBundles(revoked)).isInstanceOf(EnrolmentException.class)
                    .extracting(e -> ((EnrolmentException) e).reason()).isEqualTo(EnrolmentException.Reason.BROKER);

            // A wiped gate refuses to start again.
            assertThatThrownBy(() -> GateService.start(config, Clock.systemUTC(), new SecureRandom()))
                    .isInstanceOf(EnrolmentException.class)
                    .satisfies(e -> assertThat(((EnrolmentException) e).reason())
                            .isEqualTo(EnrolmentException.Reason.REVOKED))
                    .hasMessageContaining("revoked");
        }

        // Acceptance 5: nothing secret in any log line of the whole run.
        String logged = readFrom(logStart);
        assertThat(logged).as("the run was logged").contains("enrolled by claim").contains("renewed its certificate")
                .contains("REVOKED");
        assertThat(logged).doesNotContain("PRIVATE KEY").doesNotContain("egt_");
        for (String secret : secrets) {
            assertThat(logged).doesNotContain(secret);
        }
        for (PrivateKey key : keys) {
            byte[] pkcs8 = key.getEncoded();
            String b64 = Base64.getEncoder().encodeToString(pkcs8);
            byte[] d = ((ECPrivateKey) key).getS().toByteArray();
            byte[] d32 = java.util.Arrays.copyOfRange(d, Math.max(0, d.length - 32), d.length);
            assertThat(logged).doesNotContain(b64.substring(40, 80))
                    .doesNotContain(b64.substring(b64.length() - 40, b64.length() - 4))
                    .doesNotContain(Base64.getEncoder().encodeToString(d32).substring(0, 40))
                    .doesNotContainIgnoringCase(HexFormat.of().formatHex(d32).substring(0, 32));
        }
    }

    private GateConfig config(FleetRig fleet, Path factory) throws Exception {
        String yaml = Files.readString(Path.of("src/main/resources/gate-example.yaml"))
                .replace("dataDir: gate-data", "dataDir: data").replace("port: 8088", "port: 0")
                .replace("mrzDelayMs: 300", "mrzDelayMs: 0").replace("chipDelayMs: 800", "chipDelayMs: 0")
                .replace("faceDelayMs: 400", "faceDelayMs: 0")
                .replace("travellerIntervalMs: 1000", "travellerIntervalMs: 200")
                + "mqtt:\n  broker: " + fleet.mosquitto.uri() + "\n"
                + FleetRig.provisioningYaml(factory, true, 0.95);
        Path file = dir.resolve("gate.yaml");
        Files.writeString(file, yaml);
        Vertx loader = Vertx.vertx();
        try {
            return ConfigLoader.load(loader, file).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } finally {
            loader.close();
        }
    }

    private static List<String> journalledCrossings(Path journal) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + journal);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT transaction_id FROM crossing")) {
            while (r.next()) {
                ids.add(r.getString(1));
            }
        }
        return ids;
    }

    private static JsonObject health(HttpClient http, GateService service) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + service.httpPort() + "/health")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new JsonObject(response.body());
        } catch (Exception e) {
            throw new AssertionError("GET /health failed: " + e, e);
        }
    }

    /** Polls a condition the gate reaches on its own threads (MQTT, registrar); fails with what was awaited. */
    private static void awaitTrue(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        Instant end = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("condition not reached within " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private static String readFrom(long offset) throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(LOG.toFile(), "r")) {
            file.seek(offset);
            byte[] bytes = new byte[(int) (file.length() - offset)];
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The central side: a subscriber with its own fleet certificate (ACL: read egate/v1/#), collecting event ids. */
    static final class Observer implements AutoCloseable {
        private final MqttAsyncClient client;
        private final Set<String> eventIds = ConcurrentHashMap.newKeySet();

        private Observer(MqttAsyncClient client) {
            this.client = client;
        }

        static Observer start(FleetRig fleet, String topic) throws Exception {
            MqttAsyncClient client = new MqttAsyncClient(fleet.mosquitto.uri(), "observer", new MemoryPersistence());
            Observer observer = new Observer(client);
            client.setCallback(MessageCallbacks.onMessage((t, message) -> observer.eventIds.add(new JsonObject(
                    new String(message.getPayload(), StandardCharsets.UTF_8)).getString("eventId"))));
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setSocketFactory(fleet.tls(fleet.fleet.issueServiceCredentials("observer", Duration.ofHours(1),
                    fleet.clock, fleet.random)).getSocketFactory());
            options.setAutomaticReconnect(true);
            client.connect(options).waitForCompletion(30_000);
            client.subscribe(topic, 1).waitForCompletion(30_000);
            return observer;
        }

        long count() {
            return eventIds.size();
        }

        Set<String> eventIds() {
            return Set.copyOf(eventIds);
        }

        long awaitCount(long n, Duration timeout) throws InterruptedException {
            awaitTrue(() -> eventIds.size() >= n, timeout);
            return eventIds.size();
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(10_000);
            }
            client.close();
        }
    }
}
