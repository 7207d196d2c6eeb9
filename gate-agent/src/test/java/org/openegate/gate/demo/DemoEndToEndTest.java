package org.openegate.gate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.gate.decision.Outcome;
import org.openegate.gate.decision.ReasonCode;
import org.openegate.gate.sim.TravellerKind;
import org.openegate.provisioning.DeviceIdentity;

/**
 * The whole slice across every module: MRZ (crypto) → emulated chip over APDUs with BAC (crypto) → Passive
 * Authentication (crypto) → face comparison (biometrics) → risk and decision (gate-agent) → SQLite journal →
 * outbox → MQTT through an embedded broker (mqtt-bridge) → a subscriber counting the records back; every
 * record names the gate's own key, made and kept encrypted by provisioning.
 */
class DemoEndToEndTest {

    @TempDir
    Path home;

    /** The first travellers cover every kind once. */
    private static final int TRAVELLERS = TravellerKind.values().length;

    @Test
    void run_reachesEveryOutcomeAndPublishesEveryCrossing() throws Exception {
        DemoRunner.Options options = new DemoRunner.Options(TRAVELLERS, 42, Optional.empty(), Duration.ofSeconds(60), home);
        StringWriter lines = new StringWriter();
        DemoRunner.Summary summary = new DemoRunner(options, Clock.systemUTC(), new SecureRandom())
                .run(new PrintWriter(lines), true);

        assertThat(summary.travellers()).isEqualTo(TRAVELLERS);
        assertThat(summary.outcomes().get(Outcome.OPEN_EXIT)).isPositive();
        assertThat(summary.outcomes().get(Outcome.REFER)).isPositive();
        assertThat(summary.outcomes().get(Outcome.REJECT)).isPositive();
        // Every reason the enum has, but these (docs/gate-bench.md says why): a timeout aborts the transaction
        // (journalled ABORTED, TIMEOUT) rather than deciding it; the standard policy accepts an undetermined chip
        // authenticity (the check is not mandatory), so it is never a finding. PRESENTATION_ATTACK is reached: the
        // real PAD model catches the phone held up with the holder's portrait (sim.AttackImages).
        java.util.Set<ReasonCode> notReached = java.util.EnumSet.of(ReasonCode.TRANSACTION_TIMEOUT,
                ReasonCode.CHIP_AUTHENTICITY_UNDETERMINED);
        assertThat(summary.reasons().keySet()).containsExactlyInAnyOrderElementsOf(
                java.util.EnumSet.complementOf(java.util.EnumSet.copyOf(notReached)));
        assertThat(summary.published()).isEqualTo(TRAVELLERS);
        assertThat(summary.queued()).isZero();
        assertThat(lines.toString().lines()).hasSize(TRAVELLERS).allMatch(line -> line.contains("chip")
                && line.contains("face") && line.contains("passiveAuth"));

        String passphrase = java.nio.file.Files.readString(home.resolve("device/passphrase")).strip();
        String deviceKey = DeviceIdentity.load(home.resolve("device/device.key"), passphrase.toCharArray()).keyId();
        assertThat(java.nio.file.Files.readString(home.resolve("device/device.key")))
                .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("journal.db"));
                ResultSet rows = connection.createStatement().executeQuery(
                        "SELECT outcome, checks, versions FROM crossing")) {
            int count = 0;
            while (rows.next()) {
                count++;
                JsonObject checks = new JsonObject(rows.getString("checks"));
                assertThat(checks.fieldNames()).contains("mrz", "chipAccess", "passiveAuthentication", "face");
                if (rows.getString("outcome").equals("OPEN_EXIT")) {
                    assertThat(checks.getJsonObject("chipAuthenticity").getString("status")).isEqualTo("PASSED");
                }
                assertThat(new JsonObject(rows.getString("versions")).getString("deviceKey")).isEqualTo(deviceKey);
            }
            assertThat(count).isEqualTo(TRAVELLERS);
        }
        // Every transaction went through the state machine: started, then completed, event in the outbox.
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("journal.db"));
                ResultSet rows = connection.createStatement().executeQuery(
                        "SELECT status, outbox_state, count(*) FROM transaction_log GROUP BY status, outbox_state")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("COMPLETED");
            assertThat(rows.getString(2)).isEqualTo("QUEUED");
            assertThat(rows.getInt(3)).isEqualTo(TRAVELLERS);
            assertThat(rows.next()).isFalse();
        }
    }

    @Test
    void run_keepsTheCscaAcrossRuns() throws Exception {
        DemoRunner.Options options = new DemoRunner.Options(1, 7, Optional.empty(), Duration.ofSeconds(60), home);
        new DemoRunner(options, Clock.systemUTC(), new SecureRandom()).run(new PrintWriter(new StringWriter()), false);
        byte[] first = java.nio.file.Files.readAllBytes(home.resolve("pki").resolve("csca.pem"));
        new DemoRunner(options, Clock.systemUTC(), new SecureRandom()).run(new PrintWriter(new StringWriter()), false);
        assertThat(java.nio.file.Files.readAllBytes(home.resolve("pki").resolve("csca.pem"))).isEqualTo(first);
    }
}
