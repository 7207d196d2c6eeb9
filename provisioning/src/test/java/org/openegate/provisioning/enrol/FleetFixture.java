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
 * and the generated ACL), and a registrar serving on it. The broker is reloaded with SIGHUP, as in production.
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

    private FleetFixture(Path dir, Registrar.Options template, String extraAcl) throws Exception {
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
                "crlfile " + brokerFiles.crlFile() + "\nacl_file " + brokerFiles.aclFile() + "\nmax_queued_messages 100000\n");
        Mosquitto m = mosquitto;
        Registrar.Options options = new Registrar.Options(mosquitto.uri(), template.deviceCertificateLifetime(),
                template.revocationAckTimeout(), template.batchSize(), template.maxInflight(), template.timeout(),
                template.bundles(), () -> {
                    try {
                        m.signal("HUP");
                    } catch (AssertionError e) { // the test helper fails the test; the registrar wants an exception
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                });
        this.registrar = Registrar.start(fleet, registry, options, CLOCK, random);
    }

    static FleetFixture start(Path dir, InitialBundles bundles) throws Exception {
        return start(dir, bundles, "");
    }

    static FleetFixture start(Path dir, InitialBundles bundles, String extraAcl) throws Exception {
        return new FleetFixture(dir, Registrar.Options.defaults("unused", bundles, BrokerReload.none()), extraAcl);
    }

    /** Claim credentials as a factory would install them: a key and a certificate {@code CN=claim-<id>}. */
    Credentials claim(String claimId) throws Exception {
        KeyPair key = Pki.newKey(random);
        return new Credentials(key.getPrivate(),
                fleet.issueClaimCertificate(claimId, key.getPublic(), Duration.ofDays(30), CLOCK, random));
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
