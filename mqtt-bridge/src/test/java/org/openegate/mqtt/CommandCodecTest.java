package org.openegate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The canonical form commands are signed over, and the key checks. */
class CommandCodecTest {

    @Test
    void canonicalForm_sortsMembers_dropsSig_andEscapesAsJcs() throws Exception {
        ObjectNode a = (ObjectNode) CommandCodec.STRICT.readTree(
                "{\"v\":1, \"b\":[true,null,-3], \"a\":\"x\\n\\u0001\\u00e9\\\"\", \"sig\":{\"value\":\"z\"}, \"A\":{\"z\":1,\"y\":2}}");
        // RFC 8785 §3.2.3: code-unit order ("A" < "a" < "b" < "v"); §3.2.2.2: \n short form, U+0001 as \u0001,
        // é literal.
        assertThat(new String(CommandCodec.signedBytes(a), StandardCharsets.UTF_8)).isEqualTo(
                "openegate-command-v1\n{\"A\":{\"y\":2,\"z\":1},\"a\":\"x\\n\\u0001\u00e9\\\"\",\"b\":[true,null,-3],\"v\":1}");
        ObjectNode reordered = (ObjectNode) CommandCodec.STRICT.readTree(
                "{\"A\":{\"y\":2,\"z\":1},\"b\":[true,null,-3],\"v\":1,\"a\":\"x\\n\\u0001\u00e9\\\"\"}");
        assertThat(CommandCodec.signedBytes(reordered)).isEqualTo(CommandCodec.signedBytes(a));
    }

    @Test
    void canonicalForm_refusesNumbersOutsideTheIntegerSubset() throws Exception {
        for (String n : new String[] {"1.5", "1e3", "9007199254740993"}) {
            ObjectNode o = (ObjectNode) CommandCodec.STRICT.readTree("{\"x\":" + n + "}");
            assertThatThrownBy(() -> CommandCodec.signedBytes(o)).isInstanceOf(CommandRefusal.class)
                    .extracting(e -> ((CommandRefusal) e).status()).isEqualTo(CommandStatus.MALFORMED);
        }
    }

    @Test
    void operatorKeys_acceptOnlyP256() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp384r1"));
        assertThatThrownBy(() -> OperatorKeys.of(Map.of("k", ec.generateKeyPair().getPublic())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not EC P-256");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        assertThatThrownBy(() -> OperatorKeys.of(Map.of("k", rsa.generateKeyPair().getPublic())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RSA");
        assertThatThrownBy(() -> OperatorKeys.of(Map.of("bad id", CommandsTest.p256(1).getPublic())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key id");
    }

    @Test
    void signer_producesA64ByteSignature_andHidesItsKey() throws Exception {
        CommandSigner s = new CommandSigner("ops", CommandsTest.p256(5).getPrivate(), TestEvents.CLOCK, new SecureRandom());
        ObjectNode cmd = (ObjectNode) OutboxEvent.JSON.readTree(s.sign(Topics.of("s", "g"), CommandType.PING, null,
                Duration.ofMinutes(1)));
        assertThat(CommandCodec.fromBase64Url(cmd.get("sig").get("value").asText())).hasSize(64);
        assertThat(cmd.get("issuedAt").asText()).isEqualTo("2026-11-28T12:00:00Z");
        assertThat(s.toString()).isEqualTo("CommandSigner[kid=ops]");
    }

    @Test
    void signedCommand_toString_hidesArguments() {
        ObjectNode args = OutboxEvent.JSON.createObjectNode().put("documentNumber", "L898902C3");
        SignedCommand c = new SignedCommand(CommandType.WATCHLIST, "ops", "n".repeat(16), TestEvents.CLOCK.instant(),
                TestEvents.CLOCK.instant(), args);
        assertThat(c.toString()).doesNotContain("L898902C3").contains("args=<1 members>");
    }
}
