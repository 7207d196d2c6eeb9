package org.openegate.gate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code egate console --config FILE}: the YAML, the PEM keys (SEC 1 and PKCS#8), and whole-file rejection. */
class ConsoleConfigTest {

    @TempDir
    Path dir;

    private static String pem(Object object) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    private Path write(String hash) throws Exception {
        SecureRandom random = new SecureRandom();
        KeyPair e2e = ConsoleRig.p256(random);
        KeyPair cmd = ConsoleRig.p256(random);
        Files.createDirectories(dir.resolve("keys"));
        Files.writeString(dir.resolve("keys/e2e.pem"), pem(new JcaPKCS8Generator(e2e.getPrivate(), null)));
        // SEC 1 "EC PRIVATE KEY" with the curve and without the optional public key (RFC 5915 §3).
        var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256,
                ((java.security.interfaces.ECPrivateKey) cmd.getPrivate()).getS(),
                new org.bouncycastle.asn1.x9.X962Parameters(org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1));
        Files.writeString(dir.resolve("keys/cmd.pem"), pem(new org.bouncycastle.util.io.pem.PemObject(
                "EC PRIVATE KEY", sec1.getEncoded())));
        Path file = dir.resolve("console.yaml");
        Files.writeString(file, String.join("\n",
                "console: {id: console-01}",
                "http: {host: 127.0.0.1, port: 8443, tlsCert: tls/c.pem, tlsKey: tls/c.key}",
                "mqtt: {broker: 'tcp://127.0.0.1:1883'}",
                "keys:",
                "  e2e: {kid: console-e2e-1, privateKey: keys/e2e.pem}",
                "  command: {kid: console-cmd-1, privateKey: keys/cmd.pem}",
                "gates:",
                "  - {site: t1, gate: gate-01}",
                "  - {site: t1, gate: gate-02}",
                "accounts:",
                "  - {id: officer.7, role: OFFICER, passwordHash: '" + hash + "'}",
                "security: {maxFailures: 4, lockoutMinutes: 10, sessionIdleMinutes: 20}", ""));
        return file;
    }

    @Test
    void load_readsYamlAndBothPemForms() throws Exception {
        String hash = PasswordHasher.hash("pw".toCharArray(), new SecureRandom());
        ConsoleConfig config = ConsoleConfig.load(write(hash));
        assertThat(config.consoleId()).isEqualTo("console-01");
        assertThat(config.gates()).extracting(ConsoleConfig.GateRef::gate).containsExactly("gate-01", "gate-02");
        assertThat(config.http().tlsCert()).isEqualTo(dir.resolve("tls/c.pem").toAbsolutePath());
        assertThat(config.security()).isEqualTo(new ConsoleConfig.Security(4, Duration.ofMinutes(10),
                Duration.ofMinutes(20)));
        // The public half recomputed from a PKCS#8 key must be the real one: seal with it, open with the pair.
        var sealer = new org.openegate.mqtt.E2eSealer("k", (java.security.interfaces.ECPublicKey) config.e2eKey()
                .getPublic(), new SecureRandom());
        var opener = new org.openegate.mqtt.E2eOpener(java.util.Map.of("k", config.e2eKey()));
        byte[] secret = "DOC123".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(opener.decrypt(sealer.encrypt(secret, "event-1"), "event-1")).isEqualTo(secret);
        assertThat(config.toString()).doesNotContain(hash);
    }

    @Test
    void load_rejectsABadAccountHash_namingIt() throws Exception {
        Path file = write("plain-text-password");
        assertThatThrownBy(() -> ConsoleConfig.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("accounts[0].passwordHash").hasMessageNotContaining("plain-text-password");
    }
}
