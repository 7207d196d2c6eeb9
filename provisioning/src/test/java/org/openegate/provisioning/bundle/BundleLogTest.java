package org.openegate.provisioning.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.mqtt.CommandReply;
import org.openegate.mqtt.CommandType;

/**
 * Acceptance 5 of issue #10 for bundles: a whole bundle life (sign, install, every kind of refusal, a failed
 * apply with its rollback, a crash recovery) logs through tinylog, and the log file (every level, see
 * src/test/resources/tinylog.properties) holds no private key, in any encoding, and no bundle content.
 */
class BundleLogTest {

    static final Path LOG = Path.of("target", "provisioning-test.log");
    static final String SECRET_CONTENT = "WATCHLIST ERIKSSON ANNA 690806 L898902C";

    @TempDir
    Path root;

    @Test
    void aWholeBundleLife_logsNoKeyAndNoContent() throws Exception {
        long before = Files.exists(LOG) ? Files.size(LOG) : 0; // the file is appended to across runs
        FleetPki fleet = FleetPki.create("Log", 500);
        BundleSigner signer = fleet.signer();
        RecordingValidator validator = new RecordingValidator();
        BundleVerifier verifier = new BundleVerifier(TestClocks.GATE, List.of(fleet.caCert));
        Map<BundleType, BundleValidator> validators = Map.of(BundleType.WATCHLIST, validator, BundleType.CONFIG, validator);
        byte[] secret = ("ok " + SECRET_CONTENT).getBytes(StandardCharsets.UTF_8);
        try (BundleStore store = BundleStore.open(root, verifier, "gate-7", "LHR", validators)) {
            var handler = BundleCommands.handler(store, c -> CommandReply.ok());
            handler.handle(BundleCommandsTest.command(CommandType.WATCHLIST,
                    BundleCommands.args(signer.sign(BundleType.WATCHLIST, 1, "gate-7", secret))));
            handler.handle(BundleCommandsTest.command(CommandType.WATCHLIST,
                    BundleCommands.args(signer.sign(BundleType.WATCHLIST, 1, "gate-7", secret)))); // replay
            handler.handle(BundleCommandsTest.command(CommandType.WATCHLIST,
                    BundleCommands.args(signer.sign(BundleType.WATCHLIST, 2, "gate-8", secret)))); // wrong target
            handler.handle(BundleCommandsTest.command(CommandType.WATCHLIST, BundleCommands.args(signer.sign(
                    BundleType.WATCHLIST, 3, "gate-7", ("no " + SECRET_CONTENT).getBytes(StandardCharsets.UTF_8)))));
            handler.handle(BundleCommandsTest.command(CommandType.WATCHLIST, BundleCommands.args(signer.sign(
                    BundleType.WATCHLIST, 4, "gate-7", ("ok-but-fails-to-apply " + SECRET_CONTENT).getBytes(StandardCharsets.UTF_8)))));
            handler.handle(BundleCommandsTest.command(CommandType.WATCHLIST, BundleCommands.args(
                    FleetPki.create("Rogue", 600).signer().sign(BundleType.WATCHLIST, 9, "*", secret))));
            BundleStore.Installed installed = store.install(signer.sign(BundleType.CONFIG, 1, "*", secret));
            assertThat(installed.bundle().version()).isEqualTo(1);
        }
        BundleStore crashing = BundleStore.open(root, verifier, "gate-7", "LHR", validators, (type, step) -> {
            if (step == BundleStore.Step.ACTIVATED) {
                throw new BundleStoreTest.SimulatedCrash(step);
            }
        });
        assertThrows(BundleStoreTest.SimulatedCrash.class,
                () -> crashing.install(signer.sign(BundleType.CONFIG, 2, "*", secret)));
        crashing.close();
        try (BundleStore store = BundleStore.open(root, verifier, "gate-7", "LHR", validators)) {
            assertThat(store.recoveries()).isNotEmpty();
        }
        // tinylog writes synchronously and unbuffered here (no writing thread), so the file is complete; shutting
        // tinylog down to flush would silence the tests that run after this one

        byte[] all = Files.readAllBytes(LOG);
        String log = new String(all, (int) before, all.length - (int) before, StandardCharsets.UTF_8);
        assertThat(log).contains("Bundle watchlist v1 for gate-7 activated", "OLDER_VERSION", "WRONG_TARGET",
                "INVALID_CONTENT", "APPLY_FAILED", "UNTRUSTED_SIGNER", "Bundle store recovery");
        byte[] pkcs8 = fleet.operatorKey.getPrivate().getEncoded();
        byte[] scalar = ((ECPrivateKey) fleet.operatorKey.getPrivate()).getS().toByteArray();
        for (String encoded : List.of(HexFormat.of().formatHex(scalar), HexFormat.of().formatHex(pkcs8),
                Base64.getEncoder().encodeToString(pkcs8), Base64.getEncoder().encodeToString(scalar),
                ((ECPrivateKey) fleet.operatorKey.getPrivate()).getS().toString())) {
            assertThat(log).doesNotContain(encoded.substring(encoded.length() / 2 - 12, encoded.length() / 2 + 12));
        }
        assertThat(log).doesNotContain("PRIVATE KEY", "ERIKSSON", "L898902C", "690806");
        assertThat(log).doesNotContain(Base64.getEncoder().encodeToString(secret).substring(4, 28));
    }
}
