package org.openegate.provisioning.enrol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.provisioning.DeviceIdentity;

/**
 * No token, PEM private key or key bytes in any log line (issue #10 acceptance 5). The test resources send every
 * tinylog line, at trace level, to {@code target/provisioning-test.log} as well; this test runs a whole life —
 * fleet init, a token enrolment and a pending one, bundles, renewal, revocation and wipe — and reads what it
 * added to that file.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class EnrolmentLogTest {

    private static final Path LOG = Path.of("target/provisioning-test.log");

    @Test
    void fullEnrolment_logsNoTokenNoPrivateKeyNoKeyBytes(@TempDir Path dir) throws Exception {
        long start = Files.exists(LOG) ? Files.size(LOG) : 0;
        List<String> secrets = new ArrayList<>();
        List<PrivateKey> keys = new ArrayList<>();
        try (FleetFixture f = FleetFixture.start(dir, device -> List.of(
                new EnrolmentBundle("CONFIG", "cfg".getBytes(StandardCharsets.UTF_8))))) {
            keys.add(f.fleet.operatorKey());
            keys.add(f.fleet.caKey());
            String token = f.registry.createToken(Optional.of("LOG"), Duration.ofHours(1), f.random);
            secrets.add(token);
            secrets.add(token.substring(token.lastIndexOf('_') + 1));
            String unknownToken = "egt_0011223344aa_" + "5".repeat(32);
            secrets.add("5".repeat(32));

            DeviceStore store = f.deviceStore("log-1");
            Credentials claim = f.claim("log");
            keys.add(claim.key());
            keys.add(store.key().privateKey());
            EnrolmentOutcome outcome = f.client().enrol(claim, store.key(), new DeviceAttributes("log-1", "mk3", "LOG"),
                    Optional.of(token));
            Credentials own = outcome.issued();
            store.saveEnrolment(own, outcome.operatorCertificate().orElseThrow());
            // a refused token and a reused one are logged too: without their secrets
            f.client().enrol(claim, DeviceIdentity.generate(f.random), new DeviceAttributes("log-2", "mk3", "LOG"),
                    Optional.of(unknownToken));
            f.client().enrol(claim, DeviceIdentity.generate(f.random), new DeviceAttributes("log-3", "mk3", "LOG"),
                    Optional.of(token));
            f.client().enrol(claim, DeviceIdentity.generate(f.random), new DeviceAttributes("log-4", "mk3", "LOG"),
                    Optional.empty());
            f.client().fetchBundles(own);
            DeviceIdentity next = store.nextKey();
            keys.add(next.privateKey());
            Credentials renewed = f.client().renew(own, next);
            store.commitRotation(renewed.certificate());
            try (RevocationWatch watch = f.client().watchRevocation(renewed, store.operatorCertificate().orElseThrow(),
                    new DeviceWipe(store.secretFiles()))) {
                assertThat(f.registrar.revoke("log-1").wipeConfirmed()).isTrue();
            }
        }
        String logged = readFrom(start);
        assertThat(logged).as("the run logged something").contains("Enrolled log-1").contains("revoked");
        assertThat(logged).doesNotContain("PRIVATE KEY").doesNotContain("egt_");
        for (String secret : secrets) {
            assertThat(logged).doesNotContain(secret);
        }
        for (PrivateKey key : keys) {
            byte[] pkcs8 = key.getEncoded();
            String b64 = Base64.getEncoder().encodeToString(pkcs8);
            byte[] d = ((ECPrivateKey) key).getS().toByteArray();
            byte[] d32 = java.util.Arrays.copyOfRange(d, Math.max(0, d.length - 32), d.length);
            assertThat(logged).doesNotContain(b64.substring(b64.length() - 40, b64.length() - 4))
                    .doesNotContain(b64.substring(40, 80))
                    .doesNotContain(Base64.getEncoder().encodeToString(d32).substring(0, 40))
                    .doesNotContainIgnoringCase(HexFormat.of().formatHex(d32).substring(0, 32))
                    .doesNotContainIgnoringCase(HexFormat.of().formatHex(pkcs8).substring(80, 120));
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
}
