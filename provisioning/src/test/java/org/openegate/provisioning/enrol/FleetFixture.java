package org.openegate.provisioning.enrol;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.openegate.mqtt.Mosquitto;

/**
 * A fleet made by {@link Fleet#init}, a real Mosquitto using the fleet's broker files (its certificate, the CRL
 * and either the dynamic-security plugin's file or the generated ACL), and a registrar serving on it. The broker is
 * reloaded with SIGHUP, as in production.
 */
final class FleetFixture implements AutoCloseable {

    static final char[] PASSPHRASE = "fleet passphrase for tests".toCharArray();
    static final Clock CLOCK = Clock.systemUTC();

    final Path dir;
    final Fleet fleet;
    final Registry registry;
    final BrokerFiles brokerFiles;
    final Mosquitto mosquitto;
    final Registrar registrar;
    final SecureRandom random = new SecureRandom();
    final BrokerAccess access;

    private FleetFixture(Path dir, Registrar.Options template, String extraAcl) throws Exception {
        this.access = template.access();
        this.dir = dir;
        this.fleet = Fleet.init(dir.resolve("fleet"), "Test", List.of("127.0.0.1"), PASSPHRASE, CLOCK, random);
        this.registry = fleet.registry(CLOCK);
        this.brokerFiles = fleet.brokerFiles(registry, CLOCK);
        if (!extraAcl.isEmpty()) {
            java.nio.file.Files.writeString(brokerFiles.dir().resolve(BrokerFiles.ACL_EXTRA), extraAcl);
            brokerFiles.writeAll(random);
        }
        this.mosquitto = Mosquitto.startTls(dir.resolve("mosquitto"), fleet.dir().resolve(Fleet.CA_CERT),
                brokerFiles.certificateFile(), brokerFiles.keyFile(),
                brokerFiles.accessConfig(access) + "max_queued_messages 100000\n");
        Mosquitto m = mosquitto;
        Registrar.Options options = new Registrar.Options(mosquitto.uri(), template.deviceCertificateLifetime(),
                template.revocationAckTimeout(), template.batchSize(), template.maxInflight(), template.timeout(),
                template.bundles(), () -> {
                    try {
                        m.signal("HUP");
                    } catch (AssertionError e) { // the test helper fails the test; the registrar wants an exception
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                }, access, template.supersededGrace());
        this.registrar = Registrar.start(fleet, registry, options, CLOCK, random);
    }

    static FleetFixture start(Path dir, InitialBundles bundles) throws Exception {
        return start(dir, bundles, "");
    }

    /** The broker runs the dynamic-security plugin (the fleet's recommended set-up). */
    static FleetFixture start(Path dir, InitialBundles bundles, String extraAcl) throws Exception {
        return start(dir, bundles, extraAcl, BrokerAccess.DYNAMIC_SECURITY, Registrar.Options.DEFAULT_SUPERSEDED_GRACE);
    }

    static FleetFixture start(Path dir, InitialBundles bundles, String extraAcl, BrokerAccess access,
            Duration supersededGrace) throws Exception {
        return new FleetFixture(dir, Registrar.Options.defaults("unused", bundles, BrokerReload.none())
                .withBrokerAccess(access).withSupersededGrace(supersededGrace), extraAcl);
    }

    /**
     * Claim credentials as a factory would install them: a key and a certificate {@code CN=claim-<id>}. With dynamic
     * security the registrar adds the claim's broker user now instead of at its next periodic sync.
     */
    Credentials claim(String claimId) throws Exception {
        KeyPair key = Pki.newKey(random);
        Credentials claim = new Credentials(key.getPrivate(),
                fleet.issueClaimCertificate(claimId, key.getPublic(), Duration.ofDays(30), CLOCK, random));
        if (access == BrokerAccess.DYNAMIC_SECURITY) {
            registrar.syncBroker();
        }
        return claim;
    }

    /** Enrols gate {@code id} at {@code site} with a fresh claim and a token, and saves it in {@code store}. */
    Credentials enrol(DeviceStore store, String id, String site) throws Exception {
        String token = registry.createToken(java.util.Optional.empty(), Duration.ofHours(1), random);
        EnrolmentOutcome outcome = client().enrol(claim("c-" + id), store.key(),
                new DeviceAttributes(id, "mk3", site), java.util.Optional.of(token));
        Credentials own = outcome.issued();
        store.saveEnrolment(own, outcome.operatorCertificate().orElseThrow());
        return own;
    }

    /** A connection to the fleet's broker as {@code credentials}, collecting the topics it receives. */
    MqttLink connect(Credentials credentials, Heard heard) {
        return MqttLink.connect(mosquitto.uri(), credentials, fleet.caCertificate(), heard, 10, Duration.ofSeconds(30),
                random);
    }

    EnrolmentClient client() {
        return new EnrolmentClient(mosquitto.uri(), fleet.caCertificate(), Duration.ofSeconds(60), CLOCK, random);
    }

    /** A gate's folder with the fleet CA installed, keys encrypted under a test passphrase. */
    DeviceStore deviceStore(String name) throws Exception {
        DeviceStore store = DeviceStore.encrypted(dir.resolve("gates").resolve(name), "gate secret".toCharArray(), random);
        store.installFleetCa(fleet.caCertificate());
        return store;
    }

    @Override
    public void close() {
        registrar.close();
        mosquitto.close();
        registry.close();
    }
}
