package org.openegate.gate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.openegate.gate.decision.Check;
import org.openegate.gate.decision.GatePolicy;
import org.openegate.gate.decision.Outcome;
import org.openegate.gate.decision.ReasonCode;
import org.openegate.gate.decision.UndeterminedAction;

/** Acceptance 6: bad configuration and policy files are rejected whole, with every offending field named. */
class ConfigLoaderTest {

    private static Vertx vertx;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() {
        vertx.close();
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(ConfigLoaderTest.class.getResource("/config/" + name).toURI());
    }

    static GateConfig load(Path file) throws Exception {
        try {
            return ConfigLoader.load(vertx, file).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    static Stream<Path> badFiles() throws Exception {
        try (Stream<Path> files = Files.list(resource("bad"))) {
            return files.sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void load_rejectsBadFileWholeNamingEveryOffendingField(Path file) throws Exception {
        String expectLine = Files.readAllLines(file).stream().filter(l -> l.startsWith("# expect:")).findFirst()
                .orElseThrow(() -> new AssertionError(file + " has no '# expect:' line"));
        List<String> expected = Arrays.stream(expectLine.substring("# expect:".length()).split(","))
                .map(String::strip).toList();

        assertThatThrownBy(() -> load(file))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.paths()).containsAll(expected);
                    assertThat(e.getMessage()).contains(file.toString());
                    for (String path : expected) {
                        assertThat(e.getMessage()).contains(path.isEmpty() ? "rejected" : path + ":");
                    }
                });
    }

    @Test
    void load_manyErrors_reportsEachWithTheBadValue() throws Exception {
        ConfigException e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(
                () -> load(resource("bad/many-errors-at-once.yaml")));
        assertThat(e.errors()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(e.getMessage()).contains("policy.faceThreshold: must be in [0.0, 1.0], was -0.2")
                .contains("http.port: must be in [0, 65535], was -1")
                .contains("timeouts.chipMs: must be a whole number in [100, 600000], was 'ten'")
                .contains("policy.undetermined.CHIP_ACCESS: cannot be ACCEPT: CHIP_ACCESS is a mandatory check");
    }

    @Test
    void load_missingFile_isAConfigError() {
        assertThatThrownBy(() -> load(Path.of("/nonexistent/gate.yaml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
    }

    @Test
    void load_theShippedExample_isValidAndSealed() throws Exception {
        Path example = Path.of("src/main/resources/gate-example.yaml");
        GateConfig config = load(example);

        assertThat(config.gateId()).isEqualTo("gate-01");
        assertThat(config.simulation()).isTrue();
        assertThat(config.dataDir()).isEqualTo(example.toAbsolutePath().getParent().resolve("gate-data"));
        assertThat(config.retention()).isEqualTo(Duration.ofDays(90));
        assertThat(config.timeouts().chip()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.sim()).hasValueSatisfying(s -> assertThat(s.chipDelay()).isEqualTo(Duration.ofMillis(800)));
        assertThat(config.devices()).isEmpty();
        GatePolicy policy = config.policy();
        assertThat(policy.mandatoryChecks()).doesNotContain(Check.CHIP_AUTHENTICITY).contains(Check.FACE);
        assertThat(policy.faceThreshold()).isEqualTo(0.34);
        assertThat(policy.minorUnderAge()).isEqualTo(18);
        assertThat(policy.minorOutcome()).isEqualTo(Outcome.REFER);
        assertThat(policy.eligibleNationalities()).isEmpty();
        assertThat(policy.eligibleNationality("DEU")).isTrue();
        assertThat(policy.onUndetermined(Check.MRZ)).isEqualTo(UndeterminedAction.REJECT);
        assertThat(policy.rejecting()).containsExactlyInAnyOrder(ReasonCode.DOCUMENT_EXPIRED,
                ReasonCode.MRZ_UNREADABLE);
        assertThat(policy).isEqualTo(GatePolicy.standard());
        // Sealed: nothing in the validated configuration can be changed afterwards.
        assertThatThrownBy(() -> policy.mandatoryChecks().add(Check.CHIP_AUTHENTICITY))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> policy.undetermined().put(Check.FACE, UndeterminedAction.ACCEPT))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void load_policyFromItsOwnFile_equalsTheInlinePolicy() throws Exception {
        GateConfig inline = load(resource("good/gate.yaml"));
        GateConfig fromFile = load(resource("good/gate-policy-file.yaml"));
        assertThat(fromFile.policy()).isEqualTo(inline.policy());
    }

    @Test
    void parsePolicy_badPolicyFile_rejectedWholeWithEachField() throws Exception {
        JsonObject policy = ConfigLoader.readYaml(vertx, resource("bad-policy.yaml")).toCompletionStage()
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
        assertThatThrownBy(() -> ConfigLoader.parsePolicy(policy, "bad-policy.yaml"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.paths()).containsExactlyInAnyOrder(
                        "policy.padThreshold", "policy.eligibleDocumentTypes[0]",
                        "policy.undetermined.PRESENTATION_ATTACK"));
    }

    @Test
    void load_realGateWithDevices_readsPins() throws Exception {
        Path dir = Files.createTempDirectory("gatecfg");
        String text = Files.readString(resource("good/gate.yaml")).replace("simulation: true", "simulation: false")
                + DEVICES;
        Files.writeString(dir.resolve("csca.pem"), "placeholder: only its existence is checked here");
        Path file = dir.resolve("gate.yaml");
        Files.writeString(file, text);
        GateConfig config = load(file);
        assertThat(config.devices()).hasValueSatisfying(d -> {
            assertThat(d.gpio()).containsEntry("exitDoor", 27).hasSize(10);
            assertThat(d.chipReader()).isEmpty();
            assertThat(d.mrzBaud()).isEqualTo(9600);
            assertThat(d.camera().index()).isEqualTo(1);
            assertThat(d.gpioPlatform()).isEqualTo(GateConfig.GpioPlatform.GPIOD);
            assertThat(d.trust()).containsExactly(dir.resolve("csca.pem"));
        });
    }

    private static final String DEVICES = "devices:\n  mrzSerialPort: /dev/ttyUSB0\n  mrzBaud: 9600\n"
            + "  chipWaitMs: 10000\n  camera: 1\n  gpioPlatform: gpiod\n  gpioDebounceMs: 20\n"
            + "  gpio: {entryDoor: 17, exitDoor: 27, red: 5, amber: 6, green: 13, entryBeam: 19, insideBeam: 16,"
            + " exitBeam: 26, tailgate: 20, emergency: 21}\n  trust: [csca.pem]\n";

    @Test
    void load_realGate_cameraAsVideoFile_isResolvedBesideTheConfig() throws Exception {
        Path dir = Files.createTempDirectory("gatecfg");
        Files.writeString(dir.resolve("csca.pem"), "placeholder");
        String text = Files.readString(resource("good/gate.yaml")).replace("simulation: true", "simulation: false")
                + DEVICES.replace("camera: 1", "camera: rig/traveller.mp4").replace("gpiod", "mock");
        Path file = dir.resolve("gate.yaml");
        Files.writeString(file, text);
        GateConfig config = load(file);
        assertThat(config.devices()).hasValueSatisfying(d -> {
            assertThat(d.camera().video()).contains(dir.resolve("rig/traveller.mp4").toString());
            assertThat(d.gpioPlatform()).isEqualTo(GateConfig.GpioPlatform.MOCK);
        });
    }

    @Test
    void load_realGate_badDriverFields_areEachNamed() throws Exception {
        Path dir = Files.createTempDirectory("gatecfg");
        String text = Files.readString(resource("good/gate.yaml")).replace("simulation: true", "simulation: false")
                + DEVICES.replace("mrzBaud: 9600", "mrzBaud: 12").replace("gpiod", "wiringpi")
                        .replace("insideBeam: 16", "insideBeam: 17").replace("  chipWaitMs: 10000\n", "");
        Path file = dir.resolve("gate.yaml");
        Files.writeString(file, text);
        assertThatThrownBy(() -> load(file)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).extracting(ConfigError::path)
                        .contains("devices.mrzBaud", "devices.gpioPlatform", "devices.gpio.insideBeam",
                                "devices.chipWaitMs", "devices.trust"));
    }

    @Test
    void policy_recordRefusesAcceptOnMandatoryEvenWhenBuiltInCode() {
        GatePolicy standard = GatePolicy.standard();
        var undetermined = new java.util.EnumMap<>(standard.undetermined());
        undetermined.put(Check.FACE, UndeterminedAction.ACCEPT);
        assertThatThrownBy(() -> new GatePolicy(standard.mandatoryChecks(), 0.3, 0.5, 18, Outcome.REFER, java.util.Set.of(),
                java.util.Set.of("P"), undetermined, standard.rejecting()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("FACE");
    }

    @Test
    void load_console_readsItsPublicKeys_andNeedsTheBroker() throws Exception {
        Path dir = Files.createTempDirectory("gatecfg");
        java.security.KeyPairGenerator ec = java.security.KeyPairGenerator.getInstance("EC");
        ec.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.KeyPair e2e = ec.generateKeyPair();
        java.security.KeyPair command = ec.generateKeyPair();
        writePublicKey(dir.resolve("keys/e2e.pub.pem"), e2e.getPublic());
        writePublicKey(dir.resolve("keys/cmd.pub.pem"), command.getPublic());
        String console = "console:\n  e2eKid: console-e2e-2026\n  e2ePublicKey: keys/e2e.pub.pem\n"
                + "  commandKid: console-cmd-2026\n  commandPublicKey: keys/cmd.pub.pem\n";
        String base = Files.readString(resource("good/gate.yaml"));

        Path linked = dir.resolve("gate.yaml");
        Files.writeString(linked, base + "mqtt:\n  broker: tcp://127.0.0.1:1883\n" + console);
        GateConfig config = load(linked);
        org.openegate.gate.web.ConsoleKeys keys = org.openegate.gate.web.ConsoleKeys.load(config.console().orElseThrow());
        assertThat(keys.e2eKid()).isEqualTo("console-e2e-2026");
        assertThat(keys.e2eKey()).isEqualTo(e2e.getPublic());
        assertThat(keys.officerKeys().find("console-cmd-2026")).contains(
                (java.security.interfaces.ECPublicKey) command.getPublic());
        assertThat(keys.officerKeys().find("console-e2e-2026")).as("the sealing key signs nothing").isEmpty();

        Path noBroker = dir.resolve("no-broker.yaml");
        Files.writeString(noBroker, base + console.replace("e2eKid: console-e2e-2026", "e2eKid: bad kid!"));
        assertThatThrownBy(() -> load(noBroker)).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).errors()).extracting(ConfigError::path)
                        .contains("console", "console.e2eKid"));

        java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        writePublicKey(dir.resolve("keys/cmd.pub.pem"), rsa.generateKeyPair().getPublic());
        assertThatThrownBy(() -> org.openegate.gate.web.ConsoleKeys.load(config.console().orElseThrow()))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("console.commandPublicKey: ");
    }

    private static void writePublicKey(Path file, java.security.PublicKey key) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
    }
}
