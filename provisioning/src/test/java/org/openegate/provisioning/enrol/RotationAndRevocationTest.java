package org.openegate.provisioning.enrol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.provisioning.DeviceIdentity;

/** Certificate rotation and revocation end to end against a real Mosquitto (issue #10 acceptance 4). */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RotationAndRevocationTest {

    private static Credentials enrol(FleetFixture f, DeviceStore store, String id, String site) throws Exception {
        return f.enrol(store, id, site);
    }

    @Test
    void gateRenewsAtTwoThirdsOfItsLifetime_withANewKey_andUsesTheNewCertificate(@TempDir Path dir) throws Exception {
        try (FleetFixture f = FleetFixture.start(dir, InitialBundles.none())) {
            DeviceStore store = f.deviceStore("ber-2");
            Credentials first = enrol(f, store, "ber-2", "BER");
            RotationPolicy policy = RotationPolicy.twoThirds();
            assertThat(policy.isDue(first.certificate(), FleetFixture.CLOCK)).isFalse();
            Clock later = Clock.fixed(policy.renewAt(first.certificate()).plusSeconds(1), ZoneOffset.UTC);
            assertThat(policy.isDue(first.certificate(), later)).isTrue();

            DeviceIdentity next = store.nextKey();
            assertThat(store.nextKey().keyId()).as("the next key is made once per rotation").isEqualTo(next.keyId());
            Credentials renewed = f.client().renew(store.credentials().orElseThrow(), next);
            store.commitRotation(renewed.certificate());

            assertThat(renewed.commonName()).isEqualTo("ber-2");
            assertThat(renewed.certificate().getPublicKey()).isNotEqualTo(first.certificate().getPublicKey());
            assertThat(store.key().keyId()).isEqualTo(next.keyId());
            assertThat(store.credentials()).get().extracting(Credentials::certificate).isEqualTo(renewed.certificate());
            assertThat(f.registry.device("ber-2").orElseThrow().certificateSerial())
                    .isEqualTo(renewed.certificate().getSerialNumber());
            // The renewed certificate connects and works.
            assertThat(f.client().fetchBundles(store.credentials().orElseThrow())).isEmpty();
            assertThat(f.registrar.stats().renewed()).isEqualTo(1);
        }
    }

    @Test
    void confirmedRotation_putsTheOldCertificateOnTheCrlAsSuperseded_andTheBrokerRefusesIt(@TempDir Path dir)
            throws Exception {
        try (FleetFixture f = FleetFixture.start(dir, InitialBundles.none())) {
            DeviceStore store = f.deviceStore("muc-3");
            Credentials old = enrol(f, store, "muc-3", "MUC");
            Credentials renewed = f.client().renew(old, store.nextKey());
            store.commitRotation(renewed.certificate());

            // Until the gate confirms (and within the week of grace) the old certificate still works: a gate that
            // missed the RENEW reply retries with it.
            assertThat(f.registrar.syncBroker().superseded()).isEmpty();
            assertThat(crlReason(f, old)).isNull();
            assertThat(f.client().fetchBundles(old)).isEmpty();

            assertThat(f.client().confirmRotation(renewed)).isEqualTo(1);
            assertThat(crlReason(f, old)).isEqualTo(CRLReason.SUPERSEDED);
            assertThat(crlReason(f, renewed)).isNull();
            assertRefusedAtHandshake(f, old);
            assertThat(f.client().fetchBundles(renewed)).isEmpty();
            assertThat(f.client().confirmRotation(renewed)).as("confirming again changes nothing").isZero();
            // The registrar refuses the old certificate too: no renewal from a superseded certificate.
            assertThatThrownBy(() -> f.client().renew(old, DeviceIdentity.generate(f.random)))
                    .isInstanceOf(EnrolmentException.class);
            assertThat(f.registry.device("muc-3").orElseThrow().status()).isEqualTo(DeviceRecord.Status.ACTIVE);
        }
    }

    @Test
    void unconfirmedRotation_isSupersededWhenTheGraceRunsOut(@TempDir Path dir) throws Exception {
        // A zero grace stands for "the week has passed" without moving the clock (the broker checks the CRL's dates
        // against the real time).
        try (FleetFixture f = FleetFixture.start(dir, InitialBundles.none(), "", BrokerAccess.DYNAMIC_SECURITY,
                Duration.ZERO)) {
            DeviceStore store = f.deviceStore("vie-1");
            Credentials old = enrol(f, store, "vie-1", "VIE");
            Credentials renewed = f.client().renew(old, store.nextKey());
            store.commitRotation(renewed.certificate());
            f.registrar.syncBroker(); // the registrar also runs this by itself every ten seconds

            assertThat(crlReason(f, old)).isEqualTo(CRLReason.SUPERSEDED);
            assertRefusedAtHandshake(f, old);
            assertThat(f.client().fetchBundles(renewed)).isEmpty();
            assertThat(f.registrar.syncBroker().superseded()).as("nothing left to supersede").isEmpty();
        }
    }

    @Test
    void confirmation_ofAnotherGatesCertificate_orWithoutItsKey_isRefused(@TempDir Path dir) throws Exception {
        try (FleetFixture f = FleetFixture.start(dir, InitialBundles.none())) {
            Credentials a = enrol(f, f.deviceStore("a"), "gate-a", "S");
            Credentials b = enrol(f, f.deviceStore("b"), "gate-b", "S");
            // gate-a (its own connection) confirms gate-b's certificate, with a valid proof by gate-b's key ...
            Messages.Reply other = f.client().exchange(a, confirmation("00112233445566778899", b.certificate(), b.key()));
            assertThat(other.status()).isEqualTo(Messages.Status.REFUSED);
            assertThat(other.reason()).startsWith("IDENTITY_MISMATCH").contains("gate-b");
            // ... and its own certificate with a proof by another key.
            Messages.Reply wrongKey = f.client().exchange(a, confirmation("00112233445566778800", a.certificate(), b.key()));
            assertThat(wrongKey.status()).isEqualTo(Messages.Status.REFUSED);
            assertThat(wrongKey.reason()).startsWith("BAD_CERTIFICATE").contains("proof");
            assertThat(f.registry.revocations()).isEmpty();
        }
    }

    /** A CONFIRM of {@code certificate} with a proof made by {@code signer}. */
    private static Messages.Request confirmation(String requestId, java.security.cert.X509Certificate certificate,
            java.security.PrivateKey signer) throws Exception {
        java.security.Signature proof = java.security.Signature.getInstance("SHA256withECDSA");
        proof.initSign(signer);
        proof.update(certificate.getEncoded());
        return new Messages.Request(Messages.Type.CONFIRM, requestId, Names.commonName(certificate), null, null, null,
                null, certificate.getEncoded(), proof.sign());
    }

    /** The reason the fleet's current CRL gives for {@code credentials}' certificate, or null if it is not listed. */
    private static CRLReason crlReason(FleetFixture f, Credentials credentials) throws Exception {
        X509CRL crl;
        try (java.io.InputStream in = Files.newInputStream(f.brokerFiles.crlFile())) {
            crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
        }
        crl.verify(f.fleet.caCertificate().getPublicKey());
        X509CRLEntry entry = crl.getRevokedCertificate(credentials.certificate());
        return entry == null ? null : entry.getRevocationReason();
    }

    private static void assertRefusedAtHandshake(FleetFixture f, Credentials credentials) {
        assertThatThrownBy(() -> MqttLink.connect(f.mosquitto.uri(), credentials, f.fleet.caCertificate(), (t, p) -> { },
                10, Duration.ofSeconds(20), f.random).close())
                .isInstanceOf(EnrolmentException.class)
                .extracting(e -> ((EnrolmentException) e).reason()).isEqualTo(EnrolmentException.Reason.BROKER);
    }

    @Test
    void renewal_carryingAnotherGatesCertificate_isRefused(@TempDir Path dir) throws Exception {
        try (FleetFixture f = FleetFixture.start(dir, InitialBundles.none())) {
            Credentials a = enrol(f, f.deviceStore("a"), "gate-a", "S");
            Credentials b = enrol(f, f.deviceStore("b"), "gate-b", "S");
            // gate-a (its own connection) asks for a certificate for gate-b, with b's certificate and a valid proof.
            DeviceIdentity newKey = DeviceIdentity.generate(f.random);
            byte[] csr = newKey.certificationRequest("gate-b", "S").getEncoded();
            java.security.Signature proof = java.security.Signature.getInstance("SHA256withECDSA");
            proof.initSign(b.key());
            proof.update(csr);
            Messages.Reply reply = f.client().exchange(a, new Messages.Request(Messages.Type.RENEW,
                    "00112233445566778899", null, null, null, csr, null, b.certificate().getEncoded(), proof.sign()));
            assertThat(reply.status()).isEqualTo(Messages.Status.REFUSED);
            assertThat(reply.reason()).startsWith("IDENTITY_MISMATCH").contains("gate-a").contains("gate-b");

            // Its own certificate with a proof made by another key is refused as well.
            proof.initSign(b.key());
            proof.update(csr);
            Messages.Reply badProof = f.client().exchange(a, new Messages.Request(Messages.Type.RENEW,
                    "00112233445566778800", null, null, null, newKey.certificationRequest("gate-a", "S").getEncoded(),
                    null, a.certificate().getEncoded(), proof.sign()));
            assertThat(badProof.status()).isEqualTo(Messages.Status.REFUSED);
            assertThat(badProof.reason()).startsWith("BAD_CERTIFICATE").contains("proof");
        }
    }

    @Test
    void revokedGate_wipesOnTheSignedNotice_andTheBrokerRefusesItsCertificate(@TempDir Path dir) throws Exception {
        try (FleetFixture f = FleetFixture.start(dir, InitialBundles.none())) {
            DeviceStore store = f.deviceStore("cdg-9");
            Credentials own = enrol(f, store, "cdg-9", "CDG");
            Credentials neighbour = enrol(f, f.deviceStore("cdg-10"), "cdg-10", "CDG");
            store.nextKey(); // a rotation in progress: its key must be wiped too
            Path journal = Files.writeString(dir.resolve("journal.db"), "crossings");
            Files.writeString(dir.resolve("journal.db-wal"), "wal");
            Path outbox = Files.writeString(dir.resolve("outbox.db"), "events");
            List<Path> secrets = new java.util.ArrayList<>(store.secretFiles());
            secrets.add(journal);
            secrets.add(outbox);
            DeviceWipe wipe = new DeviceWipe(secrets);

            try (RevocationWatch watch = f.client().watchRevocation(own, store.operatorCertificate().orElseThrow(), wipe)) {
                Registrar.Revocation revocation = f.registrar.revoke("cdg-9");
                assertThat(revocation.wipeConfirmed()).isTrue();
                assertThat(revocation.revokedCertificates()).isEqualTo(1);
                DeviceWipe.Report report = watch.awaitRevocation(Duration.ofSeconds(30)).orElseThrow();
                assertThat(report.complete()).isTrue();
            }
            for (Path p : secrets) {
                assertThat(p).doesNotExist();
            }
            assertThat(dir.resolve("journal.db-wal")).doesNotExist();
            assertThat(f.registry.device("cdg-9").orElseThrow().status()).isEqualTo(DeviceRecord.Status.REVOKED);
            assertThat(Files.readString(f.brokerFiles.aclFile())).doesNotContain("user cdg-9").contains("user cdg-10");

            // The real broker now refuses the revoked certificate at the TLS handshake (CRL reloaded by SIGHUP) ...
            assertThat(crlReason(f, own)).isEqualTo(CRLReason.CESSATION_OF_OPERATION);
            assertRefusedAtHandshake(f, own);
            // ... the registrar refuses it too, and the neighbour still connects.
            assertThat(f.client().fetchBundles(neighbour)).isEmpty();
            EnrolmentOutcome again = f.client().enrol(f.claim("c-again"), DeviceIdentity.generate(f.random),
                    new DeviceAttributes("cdg-9", "mk3", "CDG"),
                    Optional.of(f.registry.createToken(Optional.empty(), Duration.ofHours(1), f.random)));
            assertThat(again.status()).isEqualTo(EnrolmentOutcome.Status.REFUSED);
            assertThat(again.reason()).contains("REVOKED");
        }
    }

    @Test
    void forgedRevocationNotice_isIgnored(@TempDir Path dir) throws Exception {
        try (FleetFixture f = FleetFixture.start(dir, InitialBundles.none())) {
            DeviceStore store = f.deviceStore("fra-1");
            Credentials own = enrol(f, store, "fra-1", "FRA");
            Path key = store.secretFiles().get(0);
            try (RevocationWatch watch = f.client().watchRevocation(own, store.operatorCertificate().orElseThrow(),
                    new DeviceWipe(store.secretFiles()))) {
                // The gate itself may publish on its reply topic; a notice it signs with its own key is not the operator's.
                long at = FleetFixture.CLOCK.millis();
                String id = "0123456789abcdef";
                byte[] forged = Notices.sign(own.key(), Notices.content("fra-1", id, at));
                Credentials sender = f.fleet.issueServiceCredentials(Ids.REGISTRAR, Duration.ofHours(1), FleetFixture.CLOCK,
                        f.random);
                try (MqttLink link = MqttLink.connect(f.mosquitto.uri(), sender, f.fleet.caCertificate(), (t, p) -> { },
                        10, Duration.ofSeconds(30), f.random)) {
                    link.publishAndWait(Ids.replyTopic("fra-1"), Messages.encode(new Messages.Reply(id,
                            Messages.Status.REVOKED, null, null, null, null, List.of(), "fra-1", at, forged)));
                    // A genuine non-notice reply after it: once it is handled, the forged one was too.
                    link.publishAndWait(Ids.replyTopic("fra-1"), Messages.encode(Messages.Reply.simple(id,
                            Messages.Status.PENDING, null)));
                }
                assertThat(watch.awaitHandled(2, Duration.ofSeconds(30))).isTrue();
                assertThat(watch.isRevoked()).isFalse();
            }
            assertThat(key).exists();
        }
    }
}
