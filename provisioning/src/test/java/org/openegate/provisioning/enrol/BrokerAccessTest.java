package org.openegate.provisioning.enrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the fleet's broker refuses, against a real Mosquitto 2.0.11 running the dynamic-security plugin with the
 * files and the run-time changes the registrar makes (issue #10 acceptance 1 and 4). Reason codes are MQTT 5's:
 * 0x87 not authorised (SUBACK §3.9.3, PUBACK §3.4.2.1), 0x98 administrative action (DISCONNECT §3.14.2.1).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BrokerAccessTest {

    private static final int NOT_AUTHORISED = 0x87;
    private static final byte[] FORGED = "forged".getBytes(StandardCharsets.UTF_8);

    @Test
    void claimCertificate_subscribingOutsideItsProvisioningTopics_getsSubAck0x87(@TempDir Path dir) throws Exception {
        try (FleetFixture f = FleetFixture.start(dir, InitialBundles.none())) {
            f.enrol(f.deviceStore("lhr-1"), "lhr-1", "LHR");
            Credentials claim = f.claim("probe");
            Credentials registrar = f.fleet.issueServiceCredentials(Ids.REGISTRAR, Duration.ofHours(1),
                    FleetFixture.CLOCK, f.random);
            Heard heard = new Heard();
            try (MqttLink link = f.connect(claim, heard);
                 MqttLink sender = f.connect(registrar, new Heard())) {
                for (String outside : List.of("#", "egate/v1/#", "egate/v1/+/+/cmd/+", "egate/v1/LHR/lhr-1/cmd/open",
                        "egate/v1/LHR/lhr-1/#", "egate/v1/provisioning/#", "egate/v1/provisioning/+/request",
                        Ids.replyTopic("claim-other"), Ids.replyTopic("lhr-1"), "$CONTROL/dynamic-security/#",
                        "$SYS/#")) {
                    assertThat(link.subscribe(outside)).as("SUBACK reason code for %s", outside).isEqualTo(NOT_AUTHORISED);
                }
                // Inside its own subtree the claim is granted QoS 1, and it hears its reply topic and nothing else.
                assertThat(link.subscribe(Ids.replyTopic("claim-probe"))).isEqualTo(1);
                sender.publishAndWait("egate/v1/LHR/lhr-1/cmd/open", FORGED);
                sender.publishAndWait(Ids.replyTopic("lhr-1"), FORGED);
                sender.publishAndWait(Ids.replyTopic("claim-probe"), "ok".getBytes(StandardCharsets.UTF_8));
                assertThat(heard.await(Ids.replyTopic("claim-probe"))).containsExactly(Ids.replyTopic("claim-probe"));
            }
        }
    }

    @Test
    void claimCertificate_publishingOutsideItsProvisioningTopics_getsPubAck0x87_andNothingIsDelivered(@TempDir Path dir)
            throws Exception {
        // "monitor" stands for a central consumer reading everything; acl.extra (acl_file syntax) becomes its role.
        try (FleetFixture f = FleetFixture.start(dir, InitialBundles.none(), "user monitor\ntopic read egate/v1/#\n")) {
            Credentials claim = f.claim("probe");
            Credentials monitor = f.fleet.issueServiceCredentials("monitor", Duration.ofHours(1), FleetFixture.CLOCK,
                    f.random);
            Heard seen = new Heard();
            try (MqttLink watcher = f.connect(monitor, seen);
                 MqttLink link = f.connect(claim, new Heard())) {
                assertThat(watcher.subscribe("egate/v1/#")).isEqualTo(1);
                for (String outside : List.of("egate/v1/LHR/gate-1/crossings", "egate/v1/LHR/gate-1/cmd/open",
                        Ids.requestTopic("claim-other"), Ids.replyTopic("claim-other"), "elsewhere",
                        DynamicSecurity.CONTROL_TOPIC)) {
                    assertThat(link.publishForReasonCode(outside, FORGED)).as("PUBACK reason code for %s", outside)
                            .isEqualTo(NOT_AUTHORISED);
                }
                // The claim may not make itself an administrator of the broker: its control command was refused,
                // so the plugin still refuses it the wide subscription.
                assertThat(link.subscribe("egate/v1/#")).isEqualTo(NOT_AUTHORISED);
                // Inside its subtree the publish is accepted (0x00 success, or 0x10 when nobody subscribed).
                assertThat(link.publishForReasonCode("egate/v1/provisioning/claim-probe/marker",
                        "ok".getBytes(StandardCharsets.UTF_8))).isLessThan(0x80);
                assertThat(seen.await("egate/v1/provisioning/claim-probe/marker"))
                        .containsExactly("egate/v1/provisioning/claim-probe/marker");
            }
        }
    }

    @Test
    void gate_usesItsOwnTopics_andIsRefusedItsNeighboursAndTheRegistrars(@TempDir Path dir) throws Exception {
        try (FleetFixture f = FleetFixture.start(dir, InitialBundles.none())) {
            Credentials own = f.enrol(f.deviceStore("ams-1"), "ams-1", "AMS");
            f.enrol(f.deviceStore("ams-2"), "ams-2", "AMS");
            Heard heard = new Heard();
            try (MqttLink link = f.connect(own, heard)) {
                assertThat(link.subscribe("egate/v1/AMS/ams-1/cmd/+")).isEqualTo(1);
                assertThat(link.subscribe("egate/v1/AMS/ams-2/cmd/+")).isEqualTo(NOT_AUTHORISED);
                assertThat(link.subscribe("egate/v1/AMS/+/cmd/+")).isEqualTo(NOT_AUTHORISED);
                assertThat(link.subscribe(Ids.requestFilter())).isEqualTo(NOT_AUTHORISED);
                assertThat(link.publishForReasonCode("egate/v1/AMS/ams-2/crossings", FORGED)).isEqualTo(NOT_AUTHORISED);
                assertThat(link.publishForReasonCode("egate/v1/AMS/ams-2/cmd/open", FORGED)).isEqualTo(NOT_AUTHORISED);
                assertThat(link.publishForReasonCode(Ids.replyTopic("ams-2"), FORGED)).isEqualTo(NOT_AUTHORISED);
                assertThat(link.publishForReasonCode("egate/v1/AMS/ams-1/cmd/x", "ok".getBytes(StandardCharsets.UTF_8)))
                        .isLessThan(0x80);
                assertThat(heard.await("egate/v1/AMS/ams-1/cmd/x")).containsExactly("egate/v1/AMS/ams-1/cmd/x");
            }
        }
    }

    @Test
    void revokedGate_isDisconnectedAtOnce_andRefusedAtTheHandshake_whileItsNeighbourStays(@TempDir Path dir)
            throws Exception {
        try (FleetFixture f = FleetFixture.start(dir, InitialBundles.none())) {
            DeviceStore store = f.deviceStore("cdg-1");
            Credentials own = f.enrol(store, "cdg-1", "CDG");
            Credentials neighbour = f.enrol(f.deviceStore("cdg-2"), "cdg-2", "CDG");
            try (MqttLink connected = f.connect(own, new Heard());
                 MqttLink next = f.connect(neighbour, new Heard());
                 RevocationWatch watch = f.client().watchRevocation(own, store.operatorCertificate().orElseThrow(),
                         new DeviceWipe(store.secretFiles()))) {
                assertThat(connected.subscribe("egate/v1/CDG/cdg-1/cmd/+")).isEqualTo(1);
                Registrar.Revocation revocation = f.registrar.revoke("cdg-1");
                assertThat(revocation.wipeConfirmed()).isTrue();
                // The plugin closed the gate's live connection (the CRL alone would only stop new handshakes).
                assertThat(connected.disconnection().get(30, TimeUnit.SECONDS)).isEqualTo(0x98);
                assertThat(next.isConnected()).isTrue();
                assertThat(next.subscribe("egate/v1/CDG/cdg-2/cmd/+")).isEqualTo(1);
            }
            assertThatThrownBy(() -> f.connect(own, new Heard()).close())
                    .isInstanceOf(EnrolmentException.class)
                    .extracting(e -> ((EnrolmentException) e).reason()).isEqualTo(EnrolmentException.Reason.BROKER);
            assertThat(Files.readString(f.brokerFiles.dynamicSecurityFile())).doesNotContain("\"cdg-1\"")
                    .contains("\"cdg-2\"");
        }
    }

    @Test
    void claimIssuedWhileTheRegistrarRuns_isUnknownToTheBroker_untilTheNextSync(@TempDir Path dir) throws Exception {
        try (FleetFixture f = FleetFixture.start(dir, InitialBundles.none())) {
            java.security.KeyPair key = Pki.newKey(f.random);
            Credentials late = new Credentials(key.getPrivate(), f.fleet.issueClaimCertificate("late", key.getPublic(),
                    Duration.ofDays(1), FleetFixture.CLOCK, f.random));
            try (MqttLink link = f.connect(late, new Heard())) {
                // Unknown to the plugin: refused everything, even its own topics (nothing is open by default).
                assertThat(link.subscribe(Ids.replyTopic("claim-late"))).isEqualTo(NOT_AUTHORISED);
            }
            Registrar.BrokerSync sync = f.registrar.syncBroker();
            assertThat(sync.usersAdded()).containsExactly("claim-late");
            try (MqttLink link = f.connect(late, new Heard())) {
                assertThat(link.subscribe(Ids.replyTopic("claim-late"))).isEqualTo(1);
            }
            assertThat(f.registrar.syncBroker().usersAdded()).as("a second sync changes nothing").isEmpty();
        }
    }
}
