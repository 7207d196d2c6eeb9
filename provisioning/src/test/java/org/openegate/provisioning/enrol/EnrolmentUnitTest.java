package org.openegate.provisioning.enrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.provisioning.DeviceIdentity;

/** The parts without a broker: messages from the network, tokens, the rotation point, the wipe, redaction. */
class EnrolmentUnitTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T00:00:00Z"), ZoneOffset.UTC);

    private static EnrolmentException.Reason reasonOf(Runnable r) {
        try {
            r.run();
        } catch (EnrolmentException e) {
            return e.reason();
        }
        throw new AssertionError("no EnrolmentException");
    }

    @Test
    void decodeRequest_refusesBadInputNamingTheField() {
        String[] bad = {
            "", "[]", "{", "null", "{\"type\":\"ENROL\"}",
            "{\"type\":\"NOPE\",\"requestId\":\"0011223344556677\"}",
            "{\"type\":\"ENROL\",\"requestId\":\"XYZ\"}",
            "{\"type\":\"ENROL\",\"requestId\":\"0011223344556677\",\"csr\":\"***\"}",
            "{\"type\":\"ENROL\",\"requestId\":\"0011223344556677\",\"serial\":\"a\\u0000b\"}",
            "{\"type\":\"ENROL\",\"requestId\":\"0011223344556677\",\"serial\":7}",
            "{\"type\":\"ENROL\",\"requestId\":\"0011223344556677\",\"hardware\":\"" + "h".repeat(200) + "\"}",
            "{\"type\":\"ENROL\",\"requestId\":\"0011223344556677\",\"csr\":\"" + "A".repeat(10_000) + "\"}",
        };
        for (String json : bad) {
            assertThat(reasonOf(() -> Messages.decodeRequest(json.getBytes(StandardCharsets.UTF_8))))
                    .as(json.length() > 60 ? json.substring(0, 60) : json)
                    .isEqualTo(EnrolmentException.Reason.MALFORMED_MESSAGE);
        }
        assertThatThrownBy(() -> Messages.decodeRequest(
                "{\"type\":\"ENROL\",\"requestId\":\"0011223344556677\",\"serial\":\"a\\u0007\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("field serial").hasMessageContaining("U+0007").hasMessageContaining("offset 1");
    }

    @Test
    void request_roundTrips_andItsToStringHidesTheToken() {
        Messages.Request r = new Messages.Request(Messages.Type.ENROL, "00112233aabbccdd", "gate-1", "mk3", "SITE",
                new byte[] {1, 2, 3}, "egt_001122334455_" + "9".repeat(32), null, null);
        Messages.Request back = Messages.decodeRequest(Messages.encode(r));
        assertThat(back.token()).isEqualTo(r.token());
        assertThat(back.csr()).containsExactly(1, 2, 3);
        assertThat(back.toString()).contains("token redacted").doesNotContain("9999");
    }

    @Test
    void tokens_areHashedOneTimeSiteBoundAndExpire(@TempDir Path dir) {
        SecureRandom random = new SecureRandom();
        try (Registry registry = Registry.open(dir.resolve("registry.db"), CLOCK)) {
            String token = registry.createToken(Optional.of("LHR"), Duration.ofHours(1), random);
            String secret = token.substring(token.lastIndexOf('_') + 1);
            assertThat(new String(readAll(dir.resolve("registry.db")), StandardCharsets.ISO_8859_1)).doesNotContain(secret);

            String wrongSecret = token.substring(0, token.lastIndexOf('_') + 1) + "0".repeat(32);
            assertThat(reasonOf(() -> consume(registry, wrongSecret, "LHR"))).isEqualTo(EnrolmentException.Reason.BAD_TOKEN);
            assertThat(reasonOf(() -> consume(registry, token, "AMS"))).isEqualTo(EnrolmentException.Reason.BAD_TOKEN);
            consume(registry, token, "LHR");
            assertThatThrownBy(() -> consume(registry, token, "LHR")).hasMessageContaining("used already")
                    .hasMessageNotContaining(secret);
            assertThat(reasonOf(() -> consume(registry, "not-a-token", "LHR"))).isEqualTo(EnrolmentException.Reason.BAD_TOKEN);

            String expired = registry.createToken(Optional.empty(), Duration.ofMillis(-1), random);
            assertThatThrownBy(() -> consume(registry, expired, "LHR")).hasMessageContaining("expired");
        }
    }

    private static void consume(Registry registry, String token, String site) {
        registry.inTransaction(() -> {
            registry.request(() -> {
                registry.consumeToken(token, "gate-1", site);
                return null;
            });
            return null;
        });
    }

    private static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void registrarOptions_keepTheAclFileByDefault_andRefuseANegativeGrace() {
        Registrar.Options defaults = Registrar.Options.defaults("ssl://broker:8883", InitialBundles.none(),
                BrokerReload.none());
        // egate fleet serve builds the defaults: a broker set up from mosquitto.conf (acl_file) keeps working.
        assertThat(defaults.access()).isEqualTo(BrokerAccess.ACL_FILE);
        assertThat(defaults.supersededGrace()).isEqualTo(Duration.ofDays(7));
        assertThat(defaults.withBrokerAccess(BrokerAccess.DYNAMIC_SECURITY).withDeviceCertificateLifetime(
                Duration.ofDays(30))).satisfies(o -> {
                    assertThat(o.access()).isEqualTo(BrokerAccess.DYNAMIC_SECURITY);
                    assertThat(o.deviceCertificateLifetime()).isEqualTo(Duration.ofDays(30));
                });
        assertThatThrownBy(() -> defaults.withSupersededGrace(Duration.ofSeconds(-1)))
                .isInstanceOf(EnrolmentException.class).hasMessageContaining("PT-1S");
    }

    @Test
    void rotationPolicy_isDueAtTheFractionOfTheLifetime() throws Exception {
        SecureRandom random = new SecureRandom();
        var key = Pki.newKey(random);
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        X509Certificate cert = Pki.issue(new org.bouncycastle.asn1.x500.X500Name("CN=gate-1"), key.getPublic(), null,
                key.getPrivate(), from, from.plus(Duration.ofDays(90)), Pki.Profile.CLIENT, List.of(), random);
        RotationPolicy policy = RotationPolicy.twoThirds();
        assertThat(policy.renewAt(cert)).isEqualTo(from.plus(Duration.ofDays(60)));
        assertThat(policy.isDue(cert, Clock.fixed(from.plus(Duration.ofDays(59)), ZoneOffset.UTC))).isFalse();
        assertThat(policy.isDue(cert, Clock.fixed(from.plus(Duration.ofDays(60)), ZoneOffset.UTC))).isTrue();
        assertThatThrownBy(() -> new RotationPolicy(1.0)).hasMessageContaining("rotation fraction 1.0");
        assertThatThrownBy(() -> new RotationPolicy(0)).hasMessageContaining("rotation fraction 0.0");
    }

    @Test
    void deviceWipe_destroysFilesSqliteCompanionsAndFolders_andReportsWhatIsMissing(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("device.key"), "secret");
        Path db = Files.writeString(dir.resolve("journal.db"), "rows");
        Files.writeString(dir.resolve("journal.db-wal"), "wal");
        Files.writeString(dir.resolve("journal.db-shm"), "shm");
        Path folder = Files.createDirectories(dir.resolve("captures/2026"));
        Files.writeString(folder.resolve("face.jpg"), "jpeg");
        DeviceWipe.Report report = new DeviceWipe(List.of(key, db, dir.resolve("captures"), dir.resolve("absent.db"))).wipe();
        assertThat(report.complete()).isTrue();
        assertThat(report.deleted()).hasSize(5);
        assertThat(dir.resolve("captures")).doesNotExist();
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void credentialsAndIdentity_printNoKey() throws Exception {
        SecureRandom random = new SecureRandom();
        DeviceIdentity identity = DeviceIdentity.generate(random);
        var key = Pki.newKey(random);
        X509Certificate cert = Pki.issue(new org.bouncycastle.asn1.x500.X500Name("CN=gate-1"), key.getPublic(), null,
                key.getPrivate(), CLOCK.instant(), CLOCK.instant().plusSeconds(60), Pki.Profile.CLIENT, List.of(), random);
        Credentials credentials = new Credentials(key.getPrivate(), cert);
        String b64 = java.util.Base64.getEncoder().encodeToString(key.getPrivate().getEncoded());
        assertThat(credentials.toString()).contains("key redacted").contains("CN=gate-1")
                .doesNotContain(b64.substring(40, 70));
        assertThat(new EnrolmentBundle("WATCHLIST", "Jane Doe 1970".getBytes(StandardCharsets.UTF_8)).toString())
                .doesNotContain("Jane").contains("13 bytes");
        assertThat(identity.toString()).contains("redacted");
    }

    @Test
    void attributes_refuseReservedAndWildcardIds() {
        assertThat(reasonOf(() -> new DeviceAttributes("claim-x", "mk3", "S"))).isEqualTo(EnrolmentException.Reason.IDENTITY_MISMATCH);
        assertThat(reasonOf(() -> new DeviceAttributes("registrar", "mk3", "S"))).isEqualTo(EnrolmentException.Reason.IDENTITY_MISMATCH);
        assertThat(reasonOf(() -> new DeviceAttributes("gate/+", "mk3", "S"))).isEqualTo(EnrolmentException.Reason.MALFORMED_MESSAGE);
        assertThat(reasonOf(() -> new DeviceAttributes("gate-1", "mk3", "#"))).isEqualTo(EnrolmentException.Reason.MALFORMED_MESSAGE);
    }
}
