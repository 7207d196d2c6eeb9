package org.openegate.gate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.crypto.trust.TrustStore;
import org.openegate.mqtt.CommandReply;
import org.openegate.mqtt.Mosquitto;
import org.openegate.mqtt.MqttOptions;
import org.openegate.mqtt.MqttPublisher;
import org.openegate.mqtt.Outbox;
import org.openegate.mqtt.OutboxEvent;
import org.openegate.mqtt.Stream;
import org.openegate.mqtt.TestPki;
import org.openegate.mqtt.TlsOptions;
import org.openegate.mqtt.Topics;
import org.openegate.provisioning.bundle.BundleCommands;
import org.openegate.provisioning.bundle.BundleStore;
import org.openegate.provisioning.bundle.BundleType;
import org.openegate.provisioning.bundle.BundleValidator;
import org.openegate.provisioning.bundle.BundleVerifier;
import org.openegate.provisioning.bundle.TrustListValidator;

/**
 * {@code egate fleet push} end to end: a real Mosquitto with mutual TLS, a gate running mqtt-bridge's publisher with
 * the bundle handler and a real {@link BundleStore}, and the command run in-process as an operator would run it.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FleetPushCommandTest {

    static final String PASSPHRASE = "fleet passphrase 42";

    @TempDir
    static Path dir;
    static TestPki pki;
    static Mosquitto mosquitto;
    static Outbox outbox;
    static MqttPublisher gate;
    static BundleStore store;
    static Path fleet;
    static Path passphraseFile;
    static final AtomicReference<String> appliedConfig = new AtomicReference<>();
    static final AtomicReference<TrustStore> appliedTrust = new AtomicReference<>();

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir.resolve("pki"), "Fleet CA");
        // the fleet directory as egate fleet init lays it out; TestPki's client certificate stands in for the operator's
        fleet = Files.createDirectories(dir.resolve("fleet"));
        Files.copy(pki.caCert, fleet.resolve("fleet-ca.pem"));
        Files.copy(pki.clientCert, fleet.resolve("operator.pem"));
        Files.writeString(fleet.resolve("operator.key"), encryptedPem(readKey(pki.clientKey), PASSPHRASE.toCharArray()));
        passphraseFile = Files.writeString(dir.resolve("passphrase"), PASSPHRASE + "\n");

        mosquitto = Mosquitto.startTls(dir.resolve("mosq"), pki);
        X509Certificate ca = certificate(pki.caCert);
        X509Certificate operator = certificate(pki.clientCert);
        BundleValidator config = new BundleValidator() {
            @Override
            public void validate(byte[] content) throws InvalidContentException {
                if (!new String(content, StandardCharsets.UTF_8).startsWith("gate:")) {
                    throw new InvalidContentException("configuration must start with \"gate:\" (offset 0)");
                }
            }

            @Override
            public void apply(byte[] content) {
                appliedConfig.set(new String(content, StandardCharsets.UTF_8));
            }
        };
        store = BundleStore.open(dir.resolve("store"), new BundleVerifier(Clock.systemUTC(), List.of(ca)), "gate-7",
                "LHR", Map.of(BundleType.CONFIG, config,
                        BundleType.TRUSTLIST, new TrustListValidator(Clock.systemUTC(), List.of(), appliedTrust::set)));
        outbox = Outbox.open(dir.resolve("outbox.db"));
        gate = MqttPublisher.start(MqttOptions.builder(mosquitto.uri(), Topics.of("LHR", "gate-7"))
                        .tls(TlsOptions.mutual(pki.caCert, pki.clientCert, pki.clientKey))
                        .backoff(Duration.ofMillis(50), Duration.ofMillis(500)).build(),
                outbox, Clock.systemUTC(), new Random(7), BundleCommands.operatorKeys(List.of(operator)),
                BundleCommands.handler(store, c -> CommandReply.rejected("not handled in this test")));
        // The gate subscribes to its commands before it publishes; an acknowledged event proves the subscription.
        outbox.enqueue(OutboxEvent.create(Stream.HEALTH, io(), Clock.systemUTC(), new Random(1)));
        assertThat(gate.awaitDrained(Duration.ofSeconds(60))).isZero();
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode io() {
        return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("status", "ok");
    }

    @AfterAll
    static void stop() throws Exception {
        gate.close();
        outbox.close();
        store.close();
        mosquitto.close();
    }

    static CliTestSupport.Run push(String... args) {
        List<String> line = new java.util.ArrayList<>(List.of("fleet-push"));
        line.addAll(List.of(args));
        line.addAll(List.of("--dir", fleet.toString(), "--broker", mosquitto.uri(), "--cafile", pki.caCert.toString(),
                "--cert", pki.clientCert.toString(), "--key", pki.clientKey.toString(),
                "--passphrase-file", passphraseFile.toString(), "--wait", "60", "--json"));
        return run(line.subList(1, line.size()).toArray(String[]::new));
    }

    /** Runs the push command the way egate runs its subcommands (exit codes, error handling), capturing output. */
    static synchronized CliTestSupport.Run run(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        picocli.CommandLine cl = new picocli.CommandLine(new FleetPushCommand());
        cl.setOut(new java.io.PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setExecutionExceptionHandler((e, c, p) -> {
            c.getErr().println("egate: " + e.getMessage());
            return e instanceof EgateCommand.UsageException ? EgateCommand.USAGE : 99;
        });
        int status = cl.execute(args);
        return new CliTestSupport.Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void push_config_toADevice_isInstalled_andAnOlderVersionIsRefusedWithItsReason() throws Exception {
        Path file = Files.writeString(dir.resolve("config.yaml"), "gate:\n  mode: open\n");
        CliTestSupport.Run first = push("config", file.toString(), "--to", "gate-7", "--site", "LHR", "--version", "5");
        assertThat(first.status()).as(first.err()).isZero();
        JsonObject json = new JsonObject(first.out().strip());
        assertThat(json.getString("type")).isEqualTo("config");
        assertThat(json.getJsonArray("devices").getJsonObject(0).getString("status")).isEqualTo("OK");
        assertThat(json.getJsonArray("devices").getJsonObject(0).getLong("version")).isEqualTo(5L);
        assertThat(store.active(BundleType.CONFIG).orElseThrow().version()).isEqualTo(5);
        assertThat(appliedConfig.get()).isEqualTo("gate:\n  mode: open\n");

        Files.writeString(file, "gate:\n  mode: closed\n");
        CliTestSupport.Run older = push("config", file.toString(), "--to", "gate-7", "--site", "LHR", "--version", "4");
        assertThat(older.status()).isEqualTo(EgateCommand.CHECK_FAILED);
        JsonObject refused = new JsonObject(older.out().strip()).getJsonArray("devices").getJsonObject(0);
        assertThat(refused.getString("status")).isEqualTo("REJECTED");
        assertThat(refused.getString("reason")).isEqualTo("OLDER_VERSION");
        assertThat(appliedConfig.get()).contains("mode: open");

        Files.writeString(file, "not a configuration");
        CliTestSupport.Run invalid = push("config", file.toString(), "--to", "gate-7", "--site", "LHR", "--version", "6");
        assertThat(new JsonObject(invalid.out().strip()).getJsonArray("devices").getJsonObject(0).getString("reason"))
                .isEqualTo("INVALID_CONTENT");
        assertThat(store.active(BundleType.CONFIG).orElseThrow().version()).isEqualTo(5);

        // nothing secret in what the operator sees
        for (CliTestSupport.Run r : List.of(first, older, invalid)) {
            assertThat(r.out() + r.err()).doesNotContain(PASSPHRASE)
                    .doesNotContain(Base64.getEncoder().encodeToString(readKey(pki.clientKey).getEncoded()).substring(40, 80));
        }
    }

    @Test
    void push_trustList_toTheSiteFromTheRegistry_loadsIntoTheGatesTrustStore() throws Exception {
        Path registry = fleet.resolve("registry.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + registry)) {
            c.getMetaData(); // creates the file, which Registry.openFleet expects
        }
        // The schema is the registry's own; the rows stand for three enrolled gates (one since revoked).
        org.openegate.provisioning.enrol.Registry.openFleet(fleet, java.time.Clock.systemUTC()).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + registry); Statement s = c.createStatement()) {
            s.execute("INSERT OR REPLACE INTO devices VALUES ('gate-7', 'LHR', 'x86', 'ACTIVE', 0)");
            s.execute("INSERT OR REPLACE INTO devices VALUES ('gate-9', 'LHR', 'x86', 'REVOKED', 0)");
            s.execute("INSERT OR REPLACE INTO devices VALUES ('gate-1', 'CDG', 'x86', 'ACTIVE', 0)");
            for (String[] cert : new String[][] {{"0a", "gate-7"}, {"0b", "gate-9"}, {"0c", "gate-1"}}) {
                s.execute("INSERT OR REPLACE INTO certificates(serial, device_id, not_before, not_after, issued_at,"
                        + " revoked_at, der) VALUES ('" + cert[0] + "', '" + cert[1] + "', 0, 4102444800000, 0, NULL,"
                        + " x'00')");
            }
        }
        Path trust = Files.createDirectories(dir.resolve("trust"));
        Path pkiData = Path.of(System.getProperty("testdata.dir"), "pki", "port-py-server");
        for (String f : List.of("csca_de_1.cer", "csca_de_3e8.cer", "lcsca_de_9d.cer")) {
            Files.copy(pkiData.resolve(f), trust.resolve(f));
        }
        CliTestSupport.Run r = push("trustlist", trust.toString(), "--to", "site:LHR");
        assertThat(r.status()).as(r.err()).isZero();
        JsonObject json = new JsonObject(r.out().strip());
        assertThat(json.getJsonArray("devices")).hasSize(1);
        assertThat(json.getJsonArray("devices").getJsonObject(0).getString("gate")).isEqualTo("gate-7");
        assertThat(appliedTrust.get().certificates()).hasSize(3);
        assertThat(store.active(BundleType.TRUSTLIST).orElseThrow().target()).isEqualTo("site:LHR");
    }

    @Test
    void push_refusesBadUsageWithExitStatus2() throws Exception {
        Path file = Files.writeString(dir.resolve("x.yaml"), "gate:\n");
        assertThat(push("firmware", file.toString(), "--to", "gate-7", "--site", "LHR").status()).isEqualTo(2);
        CliTestSupport.Run noSite = run("config", file.toString(), "--to", "gate-7", "--dir",
                Files.createDirectories(dir.resolve("empty-fleet")).toString(), "--broker", mosquitto.uri());
        assertThat(noSite.status()).isEqualTo(2);
        assertThat(noSite.err()).contains("--site");
        Path badTrust = Files.writeString(dir.resolve("bad.crl"), "not a CRL");
        CliTestSupport.Run trust = push("trustlist", badTrust.toString(), "--to", "gate-7", "--site", "LHR");
        assertThat(trust.status()).isEqualTo(2);
        assertThat(trust.err()).contains("would be refused", "UNKNOWN_FORMAT");
    }

    static PrivateKey readKey(Path pem) throws Exception {
        try (PEMParser p = new PEMParser(Files.newBufferedReader(pem))) {
            return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) p.readObject());
        }
    }

    static X509Certificate certificate(Path pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
    }

    static String encryptedPem(PrivateKey key, char[] passphrase) throws Exception {
        PKCS8Generator g = new PKCS8Generator(PrivateKeyInfo.getInstance(key.getEncoded()),
                new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(new BouncyCastleProvider())
                        .setRandom(new SecureRandom()).setPassword(passphrase).build());
        StringWriter w = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(w)) {
            writer.writeObject(g.generate());
        }
        return w.toString();
    }
}
