package org.openegate.provisioning.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.mqtt.CommandReply;
import org.openegate.mqtt.CommandStatus;
import org.openegate.mqtt.CommandType;
import org.openegate.mqtt.SignedCommand;

/** The gate's handler for bundle commands, on a real store; the MQTT path is in gate-agent's FleetPushCommandTest. */
class BundleCommandsTest {

    static FleetPki fleet;

    @TempDir
    Path root;

    @BeforeAll
    static void pki() throws Exception {
        fleet = FleetPki.create("Test", 100);
    }

    static SignedCommand command(CommandType type, ObjectNode args) {
        Instant t = TestClocks.GATE.instant();
        return new SignedCommand(type, "ops", "AAAAAAAAAAAAAAAAAAAAAA", t, t.plusSeconds(60), args);
    }

    private BundleStore store(RecordingValidator v) throws BundleException {
        return BundleStore.open(root, new BundleVerifier(TestClocks.GATE, java.util.List.of(fleet.caCert)), "gate-7",
                "LHR", Map.of(BundleType.CONFIG, v, BundleType.POLICY, v));
    }

    @Test
    void handler_installsADeflatedBundle_andRepliesWithTheVersion() throws Exception {
        RecordingValidator v = new RecordingValidator();
        try (BundleStore store = store(v)) {
            var handler = BundleCommands.handler(store, c -> CommandReply.rejected("not a bundle"));
            byte[] bundle = fleet.signer().sign(BundleType.CONFIG, 4, "site:LHR", RecordingValidator.ok("cfg"));
            CommandReply reply = handler.handle(command(CommandType.CONFIG, BundleCommands.args(bundle)));
            assertThat(reply.status()).isEqualTo(CommandStatus.OK);
            assertThat(reply.result().orElseThrow().get("version").asLong()).isEqualTo(4);
            assertThat(reply.result().orElseThrow().get("previousVersion").isNull()).isTrue();
            assertThat(store.active(BundleType.CONFIG).orElseThrow().version()).isEqualTo(4);
            // the same bundle again: a replay, refused with its reason
            CommandReply again = handler.handle(command(CommandType.CONFIG, BundleCommands.args(bundle)));
            assertThat(again.status()).isEqualTo(CommandStatus.REJECTED);
            assertThat(again.result().orElseThrow().get("reason").asText()).isEqualTo("OLDER_VERSION");
            // other commands pass through
            assertThat(handler.handle(command(CommandType.MODE, JsonNodeFactory.instance.objectNode())).detail())
                    .isEqualTo("not a bundle");
        }
    }

    @Test
    void handler_acceptsAnUncompressedBundle_butNotOneOnTheWrongCommand() throws Exception {
        try (BundleStore store = store(new RecordingValidator())) {
            var handler = BundleCommands.handler(store, c -> CommandReply.ok());
            byte[] bundle = fleet.signer().sign(BundleType.POLICY, 1, "gate-7", RecordingValidator.ok("p"));
            ObjectNode raw = JsonNodeFactory.instance.objectNode().put("bundle", Base64.getEncoder().encodeToString(bundle));
            CommandReply wrong = handler.handle(command(CommandType.CONFIG, raw));
            assertThat(wrong.result().orElseThrow().get("reason").asText()).isEqualTo("WRONG_TYPE");
            assertThat(handler.handle(command(CommandType.POLICY, raw)).status()).isEqualTo(CommandStatus.OK);
        }
    }

    @Test
    void handler_reportsAFailedApplyAsFailed() throws Exception {
        try (BundleStore store = store(new RecordingValidator())) {
            var handler = BundleCommands.handler(store, c -> CommandReply.ok());
            byte[] bundle = fleet.signer().sign(BundleType.CONFIG, 1, "gate-7",
                    "ok-but-fails-to-apply".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            CommandReply r = handler.handle(command(CommandType.CONFIG, BundleCommands.args(bundle)));
            assertThat(r.status()).isEqualTo(CommandStatus.FAILED);
            assertThat(r.result().orElseThrow().get("reason").asText()).isEqualTo("APPLY_FAILED");
        }
    }

    @Test
    void handler_refusesMissingOrBrokenArguments() throws Exception {
        try (BundleStore store = store(new RecordingValidator())) {
            var handler = BundleCommands.handler(store, c -> CommandReply.ok());
            JsonNodeFactory f = JsonNodeFactory.instance;
            assertThat(handler.handle(command(CommandType.CONFIG, f.objectNode())).status())
                    .isEqualTo(CommandStatus.BAD_ARGUMENTS);
            assertThat(handler.handle(command(CommandType.CONFIG, f.objectNode().put("bundle", "%%%"))).detail())
                    .contains("not base64");
            assertThat(handler.handle(command(CommandType.CONFIG, f.objectNode().put("bundle", "AAAA")
                    .put("encoding", "gzip"))).detail()).contains("only \"deflate\"");
            CommandReply corrupt = handler.handle(command(CommandType.CONFIG, f.objectNode().put("bundle", "AAAA")
                    .put("encoding", "deflate")));
            assertThat(corrupt.result().orElseThrow().get("reason").asText()).isEqualTo("MALFORMED");
        }
    }

    @Test
    void inflate_stopsADeflateBombAtTheLimit() {
        byte[] bomb = BundleCommands.deflate(new byte[10 * 1024 * 1024]); // ~10 KB that inflates to 10 MiB
        assertThat(bomb.length).isLessThan(20_000);
        BundleException e = assertThrows(BundleException.class, () -> BundleCommands.inflate(bomb, 1024 * 1024));
        assertThat(e.reason()).isEqualTo(BundleException.Reason.TOO_LARGE);
    }

    @Test
    void operatorKeyId_isStableAndMapsBackToTheKey() throws Exception {
        String kid = BundleCommands.operatorKeyId(fleet.operatorCert);
        assertThat(kid).matches("[0-9a-f]{16}");
        assertThat(BundleCommands.operatorKeys(java.util.List.of(fleet.operatorCert)).find(kid))
                .contains((java.security.interfaces.ECPublicKey) fleet.operatorCert.getPublicKey());
    }
}
