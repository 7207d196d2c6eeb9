package org.openegate.gate.enrol;

import static org.assertj.core.api.Assertions.assertThat;
import org.openegate.provisioning.enrol.EnrolmentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.gate.cli.EgateCommand;
import org.openegate.gate.config.ConfigError;
import org.openegate.gate.config.ConfigException;
import org.openegate.gate.config.ConfigLoader;
import org.openegate.gate.config.GateConfig;
import org.openegate.gate.flow.GateMode;
import org.openegate.mqtt.MqttOptions;
import org.openegate.mqtt.MqttPublisher;
import org.openegate.mqtt.Outbox;
import org.openegate.mqtt.Topics;
import org.openegate.provisioning.enrol.EnrolmentBundle;

/**
 * {@link GateEnrolment} without the rest of the gate: enrolment with a one-time token against the real registrar and
 * Mosquitto, a restart that needs no registrar, the refusal of a wiped gate, the {@code provisioning:} section's
 * validation and the factory files' error messages (which never show a secret).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class GateEnrolmentTest {

    private static Vertx vertx;

    @TempDir
    Path dir;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close();
    }

    private GateConfig load(String broker, String provisioning) throws Exception {
        String yaml = Files.readString(Path.of("src/main/resources/gate-example.yaml")).replace("dataDir: gate-data",
                "dataDir: data") + "mqtt:\n  broker: " + broker + "\n" + provisioning;
        Path file = dir.resolve("gate.yaml");
        Files.writeString(file, yaml);
        try {
            return ConfigLoader.load(vertx, file).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    @Test
    void token_enrolsAtOnce_spendsTheToken_andARestartNeedsNoRegistrar() throws Exception {
        try (FleetRig fleet = new FleetRig(dir, Duration.ofDays(90))) {
            Path factory = dir.resolve("factory");
            fleet.installFactoryFiles(factory, fleet.claim("t1"));
            Files.writeString(factory.resolve("token"), fleet.registry.createToken(Optional.empty(), Duration.ofHours(1),
                    fleet.random));
            Path runtime = Files.createDirectories(dir.resolve("ram"));
            GateConfig config = load(fleet.mosquitto.uri(), FleetRig.provisioningYaml(factory, true, 2.0 / 3.0)
                    + "  runtimeDir: " + runtime + "\n");
            Files.createDirectories(config.dataDir());

            for (int start = 1; start <= 2; start++) {
                List<GateMode> modes = new CopyOnWriteArrayList<>();
                try (Outbox outbox = Outbox.open(config.dataDir().resolve("outbox.db"));
                        GateEnrolment enrolment = GateEnrolment.open(config, Clock.systemUTC(), new SecureRandom())
                                .orElseThrow();
                        AutoCloseable publisher = enrolment.link(MqttOptions.builder(config.mqttBroker().orElseThrow(),
                                Topics.of(config.site(), config.gateId())).clientId("egate-" + config.gateId()),
                                options -> MqttPublisher.start(options, outbox))) {
                    enrolment.start(modes::add, outbox::depth);
                    assertThat(enrolment.enrolled().get(2, TimeUnit.MINUTES).getSubjectX500Principal().getName())
                            .contains("CN=" + config.gateId());
                    assertThat(modes).containsExactly(GateMode.OPEN);
                    assertThat(enrolment.state()).isEqualTo(EnrolmentState.ENROLLED);
                    assertThat(enrolment.initialBundles()).extracting(EnrolmentBundle::type).containsExactly("CONFIG");
                    assertThat(enrolment.health().getString("state")).isEqualTo("ENROLLED");
                    assertThat(enrolment.health().getString("renewAt")).isNotNull();
                    assertThat(enrolment.toString()).doesNotContain("PRIVATE").contains(config.gateId());
                }
                // First start: the token was spent and deleted. Second start: nothing new was asked of the registrar.
                assertThat(factory.resolve("token")).doesNotExist();
                assertThat(fleet.registrar.stats().issued()).isEqualTo(1);
                assertThat(fleet.registrar.stats().bundlesSent()).isEqualTo(1);
            }
            // The decrypted TLS copy is gone once the gate stops.
            try (var left = Files.list(runtime)) {
                assertThat(left).isEmpty();
            }
        }
    }

    @Test
    void wipedGate_refusesToStart_andFinishesAnInterruptedWipe(@TempDir Path other) throws Exception {
        Path factory = dir.resolve("factory");
        Files.createDirectories(factory);
        Files.writeString(factory.resolve("fleet-ca.pem"), "not needed to refuse");
        GateConfig config = load("ssl://127.0.0.1:8883", FleetRig.provisioningYaml(factory, false, 0.5));
        Path provisioning = Files.createDirectories(config.dataDir().resolve("provisioning"));
        Files.writeString(provisioning.resolve("REVOKED"), "Gate gate-01 was revoked by the operator at 2026-11-29.");
        Path journal = Files.writeString(config.dataDir().resolve("journal.db"), "left by a crash after step 1");
        Files.writeString(config.dataDir().resolve("journal.db-wal"), "wal");

        assertThatThrownBy(() -> GateEnrolment.open(config, Clock.systemUTC(), new SecureRandom()))
                .isInstanceOf(EnrolmentException.class).hasMessageContaining("revoked by the operator")
                .extracting(e -> ((EnrolmentException) e).reason()).isEqualTo(EnrolmentException.Reason.REVOKED);
        assertThat(journal).doesNotExist();
        assertThat(config.dataDir().resolve("journal.db-wal")).doesNotExist();
        assertThat(provisioning.resolve("REVOKED")).exists();

        // egate run says so and exits 3 (a supervisor must not restart it).
        assertThat(EgateCommand.execute("run", "--config", dir.resolve("gate.yaml").toString())).isEqualTo(3);
    }

    @Test
    void provisioningSection_badFields_areEachNamed_andTheWholeFileRejected() throws Exception {
        Path factory = dir.resolve("factory");
        String section = "provisioning:\n  claimCertificate: c.pem\n  claimKey: c.key\n  fleetCa: missing-ca.pem\n"
                + "  keyPassphraseFile: p\n  rotationFraction: 1.5\n  approvalRetryMs: 5000\n"
                + "  approvalRetryMaxMs: 1000\n  runtimeDir: relative/dir\n  colour: blue\n";
        assertThatThrownBy(() -> load("tcp://127.0.0.1:1883", section)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).extracting(ConfigError::path)
                        .contains("mqtt.broker", "provisioning.fleetCa", "provisioning.hardware",
                                "provisioning.rotationFraction", "provisioning.approvalRetryMaxMs",
                                "provisioning.runtimeDir", "provisioning.colour"))
                .hasMessageContaining("ssl://").hasMessageContaining("was 1.5");
        // gate.id is the device id on the broker: the broker's own roles are refused.
        Files.createDirectories(factory);
        Files.writeString(factory.resolve("fleet-ca.pem"), "x");
        Path file = dir.resolve("reserved.yaml");
        Files.writeString(file, Files.readString(Path.of("src/main/resources/gate-example.yaml"))
                .replace("id: gate-01", "id: registrar") + "mqtt:\n  broker: ssl://127.0.0.1:8883\n"
                + FleetRig.provisioningYaml(factory, false, 0.5));
        assertThatThrownBy(() -> ConfigLoader.load(vertx, file).toCompletionStage().toCompletableFuture().join())
                .hasCauseInstanceOf(ConfigException.class).hasMessageContaining("gate.id");
        // A good section: defaults as gate-example.yaml states them.
        GateConfig good = load("ssl://127.0.0.1:8883", "provisioning:\n  claimCertificate: c.pem\n  claimKey: c.key\n"
                + "  fleetCa: factory/fleet-ca.pem\n  hardware: mk3\n  keyPassphraseFile: p\n");
        GateConfig.Provisioning p = good.provisioning().orElseThrow();
        assertThat(p.rotationFraction()).isEqualTo(2.0 / 3.0);
        assertThat(p.approvalRetry()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.tokenFile()).isEmpty();
        assertThat(p.runtimeDir()).isEqualTo(Path.of("/dev/shm"));
        assertThat(good.toString()).doesNotContain("c.key");
    }

    @Test
    void factoryFiles_wrongContent_isNamedWithoutShowingIt() throws Exception {
        String secretish = "egt_not-a-token_but-maybe-a-password-42";
        Path token = Files.writeString(dir.resolve("token"), secretish);
        assertThatThrownBy(() -> FactoryFiles.token(Optional.of(token))).isInstanceOf(EnrolmentException.class)
                .hasMessageContaining(token.toString()).hasMessageContaining(secretish.length() + " characters")
                .hasMessageNotContaining("password");
        assertThat(FactoryFiles.token(Optional.of(dir.resolve("spent")))).as("a spent token is simply absent").isEmpty();
        Path key = Files.writeString(dir.resolve("claim.key"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Path cert = Files.writeString(dir.resolve("claim.pem"), "garbage");
        assertThatThrownBy(() -> FactoryFiles.claim(cert, key)).isInstanceOf(EnrolmentException.class)
                .hasMessageContaining(cert.toString());
        Path shortPassphrase = Files.writeString(dir.resolve("pass"), "short");
        assertThatThrownBy(() -> FactoryFiles.passphrase(shortPassphrase, new SecureRandom()))
                .hasMessageContaining("5 characters").hasMessageNotContaining("short");
        Path made = dir.resolve("made/passphrase");
        char[] passphrase = FactoryFiles.passphrase(made, new SecureRandom());
        assertThat(passphrase.length).isGreaterThanOrEqualTo(40);
        assertThat(Files.getPosixFilePermissions(made)).extracting(Object::toString)
                .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
        assertThat(FactoryFiles.passphrase(made, new SecureRandom())).as("made once").isEqualTo(passphrase);
    }
}
