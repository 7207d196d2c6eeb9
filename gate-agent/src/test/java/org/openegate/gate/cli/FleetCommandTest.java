package org.openegate.gate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.mqtt.Mosquitto;
import org.openegate.provisioning.DeviceIdentity;
import org.openegate.provisioning.enrol.Credentials;
import org.openegate.provisioning.enrol.DeviceAttributes;
import org.openegate.provisioning.enrol.EnrolmentClient;
import org.openegate.provisioning.enrol.EnrolmentException;
import org.openegate.provisioning.enrol.EnrolmentOutcome;
import org.openegate.provisioning.enrol.Fleet;

/** {@code egate fleet}: init, approve, status, and serve + revoke against a real Mosquitto. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FleetCommandTest {

    private static Path passphrase(Path dir) throws Exception {
        Path file = dir.resolve("passphrase");
        Files.writeString(file, "a long fleet passphrase\n");
        return file;
    }

    @Test
    void init_approve_status(@TempDir Path dir) throws Exception {
        Path fleet = dir.resolve("fleet");
        String pass = passphrase(dir).toString();
        CliTestSupport.Run init = CliTestSupport.run("fleet", "init", "--dir", fleet.toString(), "--passphrase-file", pass,
                "--name", "Test", "--json");
        assertThat(init.status()).as(init.err()).isZero();
        assertThat(new JsonObject(init.out()).getString("fleetCa")).contains("CN=Test Fleet CA");
        for (String key : new String[] {"fleet-ca.key", "operator.key", "broker/broker.key"}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fleet.resolve(key)))).isEqualTo("rw-------");
        }
        assertThat(Files.readString(fleet.resolve("fleet-ca.key"))).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        assertThat(fleet.resolve("operator.pem")).exists();
        assertThat(fleet.resolve("registry.db")).exists();
        assertThat(Files.readString(fleet.resolve("broker/mosquitto.conf"))).contains("crlfile").contains("acl_file");

        CliTestSupport.Run again = CliTestSupport.run("fleet", "init", "--dir", fleet.toString(), "--passphrase-file", pass);
        assertThat(again.status()).isEqualTo(2);
        assertThat(again.err()).contains("already holds a fleet").doesNotContain("\tat ");

        CliTestSupport.Run token = CliTestSupport.run("fleet", "approve", "--token", "--site", "LHR", "--dir",
                fleet.toString(), "--json");
        assertThat(token.status()).as(token.err()).isZero();
        assertThat(new JsonObject(token.out()).getString("token")).matches("egt_[0-9a-f]{12}_[0-9a-f]{32}");
        assertThat(CliTestSupport.run("fleet", "approve", "gate-9", "--dir", fleet.toString()).out())
                .contains("approved gate-9");
        assertThat(CliTestSupport.run("fleet", "approve", "--dir", fleet.toString()).status()).isEqualTo(2);

        CliTestSupport.Run status = CliTestSupport.run("fleet", "status", "--dir", fleet.toString(), "--json");
        JsonObject s = new JsonObject(status.out());
        assertThat(s.getInteger("active")).isZero();
        assertThat(s.getInteger("unusedTokens")).isEqualTo(1);
        assertThat(s.getInteger("approvals")).isEqualTo(1);

        CliTestSupport.Run wrong = CliTestSupport.run("fleet", "revoke", "gate-9", "--dir", fleet.toString(),
                "--passphrase-file", dir.resolve("missing").toString());
        assertThat(wrong.status()).isEqualTo(2);
        assertThat(wrong.err()).contains("cannot read the passphrase file");
    }

    @Test
    void serve_enrolsAGate_andRevokeShutsItOut(@TempDir Path dir) throws Exception {
        Path fleetDir = dir.resolve("fleet");
        Path pass = passphrase(dir);
        assertThat(CliTestSupport.run("fleet", "init", "--dir", fleetDir.toString(), "--passphrase-file", pass.toString(),
                "--broker-host", "127.0.0.1").status()).isZero();
        Path broker = fleetDir.resolve("broker");
        try (Mosquitto mosquitto = Mosquitto.startTls(dir.resolve("mosquitto"), fleetDir.resolve("fleet-ca.pem"),
                broker.resolve("broker.pem"), broker.resolve("broker.key"),
                "crlfile " + broker.resolve("crl.pem") + "\nacl_file " + broker.resolve("acl") + "\n")) {
            Thread serve = new Thread(() -> EgateCommand.execute("fleet", "serve", "--dir", fleetDir.toString(),
                    "--passphrase-file", pass.toString(), "--broker", mosquitto.uri(), "--broker-access", "ACL_FILE"),
                    "fleet-serve");
            serve.start();
            try {
                SecureRandom random = new SecureRandom();
                Fleet fleet = Fleet.open(fleetDir, Files.readString(pass).strip().toCharArray());
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"), random);
                KeyPair claimKey = g.generateKeyPair();
                Credentials claim = new Credentials(claimKey.getPrivate(), fleet.issueClaimCertificate("cli",
                        claimKey.getPublic(), Duration.ofDays(1), Clock.systemUTC(), random));
                EnrolmentClient client = new EnrolmentClient(mosquitto.uri(), fleet.caCertificate(), Duration.ofSeconds(5),
                        Clock.systemUTC(), random);
                assertThat(CliTestSupport.run("fleet", "approve", "cli-gate", "--dir", fleetDir.toString()).status())
                        .isZero();
                DeviceIdentity key = DeviceIdentity.generate(random);
                // serve connects in the background: retry until its subscription is in place (bounded).
                EnrolmentOutcome outcome = null;
                for (int attempt = 0; attempt < 20 && outcome == null; attempt++) {
                    try {
                        outcome = client.enrol(claim, key, new DeviceAttributes("cli-gate", "mk3", "CLI"), Optional.empty());
                    } catch (EnrolmentException e) {
                        assertThat(e.reason()).isEqualTo(EnrolmentException.Reason.TIMEOUT);
                    }
                }
                assertThat(outcome).isNotNull();
                Credentials own = outcome.issued();
                assertThat(client.fetchBundles(own)).isEmpty();

                CliTestSupport.Run revoke = CliTestSupport.run("fleet", "revoke", "cli-gate", "--dir", fleetDir.toString(),
                        "--passphrase-file", pass.toString(), "--broker", mosquitto.uri(), "--broker-access", "ACL_FILE",
                        "--ack-timeout", "1", "--json");
                assertThat(revoke.status()).as(revoke.err()).isZero();
                assertThat(new JsonObject(revoke.out()).getBoolean("wipeConfirmed")).isFalse(); // no gate listening
                mosquitto.signal("HUP"); // what --broker-pid does
                assertThat(new JsonObject(CliTestSupport.run("fleet", "status", "--dir", fleetDir.toString(), "--json")
                        .out()).getInteger("revoked")).isEqualTo(1);
                EnrolmentException refused = org.assertj.core.api.Assertions.catchThrowableOfType(
                        () -> client.fetchBundles(own), EnrolmentException.class);
                assertThat(refused.reason()).isEqualTo(EnrolmentException.Reason.BROKER);
            } finally {
                serve.interrupt();
                serve.join(10_000);
            }
        }
    }
}
