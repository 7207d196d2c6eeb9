package org.openegate.gate.enrol;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.openegate.mqtt.Mosquitto;
import org.openegate.provisioning.bundle.BundleSigner;
import org.openegate.provisioning.bundle.BundleType;
import org.openegate.provisioning.enrol.BrokerReload;
import org.openegate.provisioning.enrol.Credentials;
import org.openegate.provisioning.enrol.EnrolmentBundle;
import org.openegate.provisioning.enrol.Fleet;
import org.openegate.provisioning.enrol.Registrar;
import org.openegate.provisioning.enrol.Registry;

/**
 * A fleet as {@code egate fleet init} makes it, a real Mosquitto on the fleet's broker files (its certificate, the
 * registrar's CRL and ACL, reloaded with SIGHUP as in production), and a registrar serving on it whose initial
 * bundle for every gate is a CONFIG bundle signed by the operator key. An extra ACL user {@code observer} (a central
 * service's certificate from the fleet CA) may read every gate's topics (the test's subscriber).
 */
final class FleetRig implements AutoCloseable {

    static final char[] PASSPHRASE = "fleet passphrase for the gate tests".toCharArray();
    static final byte[] CONFIG = "gate:\n  greeting: enrolled by the fleet\n".getBytes(StandardCharsets.UTF_8);

    final Path dir;
    final Fleet fleet;
    final Registry registry;
    final Mosquitto mosquitto;
    final Registrar registrar;
    final SecureRandom random = new SecureRandom();
    final Clock clock = Clock.systemUTC();

    FleetRig(Path dir, Duration deviceCertificateLifetime) throws Exception {
        this.dir = dir;
        this.fleet = Fleet.init(dir.resolve("fleet"), "Test", List.of("127.0.0.1"), PASSPHRASE, clock, random);
        this.registry = fleet.registry(clock);
        var brokerFiles = fleet.brokerFiles(registry, clock);
        Files.writeString(brokerFiles.dir().resolve("acl.extra"), "user observer\ntopic read egate/v1/#\n");
        brokerFiles.writeAll(random);
        this.mosquitto = Mosquitto.startTls(dir.resolve("mosquitto"), fleet.dir().resolve(Fleet.CA_CERT),
                brokerFiles.certificateFile(), brokerFiles.keyFile(), "crlfile " + brokerFiles.crlFile()
                        + "\nacl_file " + brokerFiles.aclFile() + "\n");
        Mosquitto m = mosquitto;
        BrokerReload reload = () -> {
            try {
                m.signal("HUP");
            } catch (AssertionError e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        };
        BundleSigner signer = new BundleSigner(fleet.operatorKey(), fleet.operatorCertificate(), clock, random);
        Registrar.Options options = Registrar.Options.defaults(mosquitto.uri(),
                device -> List.of(new EnrolmentBundle("CONFIG", signer.sign(BundleType.CONFIG, 1, device.deviceId(),
                        CONFIG))), reload).withDeviceCertificateLifetime(deviceCertificateLifetime);
        this.registrar = Registrar.start(fleet, registry, options, clock, random);
    }

    /** Claim credentials as a factory installs them: key and certificate {@code CN=claim-<id>} from the fleet CA. */
    Credentials claim(String id) throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"), random);
        KeyPair key = ec.generateKeyPair();
        return new Credentials(key.getPrivate(),
                fleet.issueClaimCertificate(id, key.getPublic(), Duration.ofDays(30), clock, random));
    }

    /** Writes what the factory puts on a gate: claim certificate and key, the fleet CA. */
    void installFactoryFiles(Path factory, Credentials claim) throws Exception {
        Files.createDirectories(factory);
        Files.writeString(factory.resolve("claim.pem"), pem("CERTIFICATE", claim.certificate().getEncoded()));
        Files.writeString(factory.resolve("claim.key"), pem("PRIVATE KEY", claim.key().getEncoded()));
        Files.copy(fleet.dir().resolve(Fleet.CA_CERT), factory.resolve("fleet-ca.pem"));
    }

    /** A provisioning section for {@code factory}, with fast retries and checks for tests. */
    static String provisioningYaml(Path factory, boolean token, double rotationFraction) {
        return "provisioning:\n"
                + "  claimCertificate: " + factory.resolve("claim.pem") + "\n"
                + "  claimKey: " + factory.resolve("claim.key") + "\n"
                + "  fleetCa: " + factory.resolve("fleet-ca.pem") + "\n"
                + (token ? "  tokenFile: " + factory.resolve("token") + "\n" : "")
                + "  hardware: \"openegate test rig\"\n"
                + "  keyPassphraseFile: " + factory.resolve("key-passphrase") + "\n"
                + "  approvalRetryMs: 200\n"
                + "  approvalRetryMaxMs: 1000\n"
                + "  rotationCheckMs: 1000\n"
                + "  rotationFraction: " + rotationFraction + "\n"
                + "  requestTimeoutMs: 30000\n";
    }

    /** A TLS context presenting {@code credentials} and trusting only the fleet CA (the test's own MQTT clients). */
    SSLContext tls(Credentials credentials) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("fleet-ca", fleet.caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", credentials.key(), new char[0], new Certificate[] {credentials.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), random);
        return context;
    }

    /** Mosquitto's process id, for {@code egate fleet revoke --broker-pid}. */
    long brokerPid() {
        String folder = dir.resolve("mosquitto").toString();
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains(folder)).findFirst()
                .orElseThrow(() -> new AssertionError("no mosquitto process for " + folder)).pid();
    }

    static X509Certificate certificate(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Override
    public void close() {
        registrar.close();
        mosquitto.close();
        registry.close();
    }
}
