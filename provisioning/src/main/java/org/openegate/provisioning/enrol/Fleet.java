package org.openegate.provisioning.enrol;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.GeneralName;
import org.openegate.provisioning.KeyFiles;
import org.tinylog.Logger;

/**
 * The operator's fleet directory, made once by {@code egate fleet init --dir D}:
 * <pre>
 * D/fleet-ca.pem  D/fleet-ca.key     fleet CA (EC P-256), signs device, claim, registrar and broker certificates, CRLs
 * D/operator.pem  D/operator.key     operator signing certificate (issued by the fleet CA): bundles and commands
 * D/registry.db                      devices, tokens, approvals, revocations (SQLite)
 * D/broker/                          broker.pem + broker.key, crl.pem, acl, mosquitto.conf for the fleet's broker
 * </pre>
 * Keys are PKCS#8 PEM encrypted with the fleet passphrase, files 0600 (the broker's own key is not encrypted:
 * Mosquitto cannot ask for a passphrase; it is 0600 too).
 */
public final class Fleet {

    public static final String CA_CERT = "fleet-ca.pem";
    public static final String CA_KEY = "fleet-ca.key";
    public static final String OPERATOR_CERT = "operator.pem";
    public static final String OPERATOR_KEY = "operator.key";
    public static final String REGISTRY = "registry.db";
    public static final String BROKER_DIR = "broker";

    static final Duration CA_LIFETIME = Duration.ofDays(3650);
    static final Duration OPERATOR_LIFETIME = Duration.ofDays(3 * 365);
    /** Certificates start a little in the past so a device whose clock lags a few minutes still accepts them. */
    static final Duration BACKDATE = Duration.ofMinutes(10);

    private final Path dir;
    private final X509Certificate caCertificate;
    private final PrivateKey caKey;
    private final X509Certificate operatorCertificate;
    private final PrivateKey operatorKey;

    private Fleet(Path dir, X509Certificate caCertificate, PrivateKey caKey, X509Certificate operatorCertificate,
            PrivateKey operatorKey) {
        this.dir = dir;
        this.caCertificate = caCertificate;
        this.caKey = caKey;
        this.operatorCertificate = operatorCertificate;
        this.operatorKey = operatorKey;
    }

    /**
     * Creates a new fleet in {@code dir} (which must not hold one already): the fleet CA, the operator key and
     * certificate, an empty registry, and the broker's files for {@code brokerHosts} (DNS names or IP literals).
     */
    public static Fleet init(Path dir, String fleetName, List<String> brokerHosts, char[] passphrase, Clock clock,
            SecureRandom random) throws IOException, GeneralSecurityException {
        Objects.requireNonNull(fleetName, "fleetName");
        if (Files.exists(dir.resolve(CA_KEY)) || Files.exists(dir.resolve(REGISTRY))) {
            throw new EnrolmentException(EnrolmentException.Reason.BAD_CONFIGURATION,
                    "fleet directory " + dir + " already holds a fleet (" + CA_KEY + " or " + REGISTRY + " exists)");
        }
        requirePassphrase(passphrase);
        Files.createDirectories(dir);
        Instant now = clock.instant();
        KeyPair ca = Pki.newKey(random);
        X500Name caName = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "OpenEgate")
                .addRDN(BCStyle.OU, "Fleet").addRDN(BCStyle.CN, fleetName + " Fleet CA").build();
        X509Certificate caCert = Pki.issue(caName, ca.getPublic(), null, ca.getPrivate(), now.minus(BACKDATE),
                now.plus(CA_LIFETIME), Pki.Profile.CA, List.of(), random);
        KeyPair operator = Pki.newKey(random);
        X500Name operatorName = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "OpenEgate")
                .addRDN(BCStyle.OU, "Fleet").addRDN(BCStyle.CN, fleetName + " Operator").build();
        X509Certificate operatorCert = Pki.issue(operatorName, operator.getPublic(), caCert, ca.getPrivate(),
                now.minus(BACKDATE), now.plus(OPERATOR_LIFETIME), Pki.Profile.OPERATOR, List.of(), random);

        KeyFiles.writeEncrypted(dir.resolve(CA_KEY), ca.getPrivate(), passphrase, random);
        KeyFiles.writeEncrypted(dir.resolve(OPERATOR_KEY), operator.getPrivate(), passphrase, random);
        Pki.writeCertificate(dir.resolve(CA_CERT), caCert);
        Pki.writeCertificate(dir.resolve(OPERATOR_CERT), operatorCert);
        Fleet fleet = new Fleet(dir, caCert, ca.getPrivate(), operatorCert, operator.getPrivate());
        try (Registry registry = fleet.registry(clock)) {
            fleet.brokerFiles(registry, clock).writeAll(random);
        }
        fleet.writeBrokerCertificate(brokerHosts, clock, random);
        Logger.info("Fleet {} created in {}: CA {}, operator {}", fleetName, dir,
                caCert.getSubjectX500Principal().getName(), operatorCert.getSubjectX500Principal().getName());
        return fleet;
    }

    /** Opens an existing fleet directory; a wrong passphrase fails naming the key file. */
    public static Fleet open(Path dir, char[] passphrase) throws IOException, GeneralSecurityException {
        requirePassphrase(passphrase);
        for (String name : List.of(CA_CERT, CA_KEY, OPERATOR_CERT, OPERATOR_KEY)) {
            if (!Files.isRegularFile(dir.resolve(name))) {
                throw new EnrolmentException(EnrolmentException.Reason.BAD_CONFIGURATION,
                        "fleet directory " + dir + " has no " + name + " (run egate fleet init first)");
            }
        }
        X509Certificate ca = Pki.readCertificate(dir.resolve(CA_CERT));
        PrivateKey caKey = KeyFiles.readEncrypted(dir.resolve(CA_KEY), passphrase);
        X509Certificate operator = Pki.readCertificate(dir.resolve(OPERATOR_CERT));
        PrivateKey operatorKey = KeyFiles.readEncrypted(dir.resolve(OPERATOR_KEY), passphrase);
        return new Fleet(dir, ca, caKey, operator, operatorKey);
    }

    private static void requirePassphrase(char[] passphrase) {
        if (passphrase == null || passphrase.length < 8) {
            throw new EnrolmentException(EnrolmentException.Reason.BAD_CONFIGURATION,
                    "the fleet passphrase must have at least 8 characters (it has "
                            + (passphrase == null ? 0 : passphrase.length) + ")");
        }
    }

    public Path dir() {
        return dir;
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** The operator's signing certificate: the trust anchor for bundles and signed commands on the gates. */
    public X509Certificate operatorCertificate() {
        return operatorCertificate;
    }

    /** The operator's signing key, for {@code BundleSigner} and the command signer. Never log it. */
    public PrivateKey operatorKey() {
        return operatorKey;
    }

    /** Opens {@code D/registry.db}; the caller closes it. */
    public Registry registry(Clock clock) {
        return Registry.open(dir.resolve(REGISTRY), clock);
    }

    /** The broker's files in {@code D/broker}: its certificate, the CRL and the ACL. */
    public BrokerFiles brokerFiles(Registry registry, Clock clock) {
        return new BrokerFiles(this, registry, dir.resolve(BROKER_DIR), clock);
    }

    /**
     * A claim certificate for {@code claimId} (CN {@code claim-<claimId>}): a factory installs it with its key on a
     * gate (or a batch of gates); the broker lets it use only {@code egate/v1/provisioning/claim-<claimId>/#}. The
     * claim is noted in the registry until it expires: a broker with the dynamic-security plugin knows only the
     * users the registrar gives it, and the registrar adds this one at its next sync
     * ({@link Registrar#syncBroker}, at most ten seconds later when it is serving).
     */
    public X509Certificate issueClaimCertificate(String claimId, PublicKey key, Duration lifetime, Clock clock,
            SecureRandom random) throws GeneralSecurityException {
        String cn = Ids.claimUser(claimId);
        Instant now = clock.instant();
        X509Certificate claim = Pki.issue(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "OpenEgate")
                        .addRDN(BCStyle.OU, "Claim").addRDN(BCStyle.CN, cn).build(),
                key, caCertificate, caKey, now.minus(BACKDATE), now.plus(lifetime), Pki.Profile.CLIENT, List.of(), random);
        try (Registry registry = registry(clock)) {
            registry.recordClaim(cn, claim.getSerialNumber(), claim.getNotAfter().toInstant());
        }
        return claim;
    }

    /** A device certificate: {@code O=OpenEgate, OU=<site>, CN=<deviceId>}, a TLS client. */
    X509Certificate issueDeviceCertificate(String deviceId, String site, PublicKey key, Duration lifetime, Instant now,
            SecureRandom random) throws GeneralSecurityException {
        return Pki.issue(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "OpenEgate")
                        .addRDN(BCStyle.OU, site).addRDN(BCStyle.CN, deviceId).build(),
                key, caCertificate, caKey, now.minus(BACKDATE), now.plus(lifetime), Pki.Profile.CLIENT, List.of(), random);
    }

    /**
     * A short-lived TLS client certificate for a fleet service, held in memory only: the registrar itself (CN
     * {@code registrar}) or a central consumer the operator names in {@code acl.extra}.
     */
    public Credentials issueServiceCredentials(String cn, Duration lifetime, Clock clock, SecureRandom random)
            throws GeneralSecurityException {
        KeyPair key = Pki.newKey(random);
        Instant now = clock.instant();
        X509Certificate cert = Pki.issue(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "OpenEgate")
                        .addRDN(BCStyle.OU, "Fleet").addRDN(BCStyle.CN, cn).build(),
                key.getPublic(), caCertificate, caKey, now.minus(BACKDATE), now.plus(lifetime), Pki.Profile.CLIENT,
                List.of(), random);
        return new Credentials(key.getPrivate(), cert);
    }

    PrivateKey caKey() {
        return caKey;
    }

    /** Writes {@code D/broker/broker.pem} and {@code broker.key} (0600) for the given host names / addresses. */
    void writeBrokerCertificate(List<String> hosts, Clock clock, SecureRandom random)
            throws IOException, GeneralSecurityException {
        if (hosts.isEmpty()) {
            throw new EnrolmentException(EnrolmentException.Reason.BAD_CONFIGURATION, "no broker host names given");
        }
        List<GeneralName> names = new ArrayList<>();
        for (String host : hosts) {
            boolean literal = host.matches("[0-9.]+") || host.contains(":");
            if (literal) {
                names.add(new GeneralName(GeneralName.iPAddress, InetAddress.getByName(host).getHostAddress()));
            } else {
                names.add(new GeneralName(GeneralName.dNSName, host));
            }
        }
        KeyPair key = Pki.newKey(random);
        Instant now = clock.instant();
        X509Certificate cert = Pki.issue(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "OpenEgate")
                        .addRDN(BCStyle.OU, "Fleet").addRDN(BCStyle.CN, hosts.get(0)).build(),
                key.getPublic(), caCertificate, caKey, now.minus(BACKDATE), now.plus(OPERATOR_LIFETIME),
                Pki.Profile.SERVER, names, random);
        Path brokerDir = dir.resolve(BROKER_DIR);
        Pki.writeCertificate(brokerDir.resolve(BrokerFiles.CERT), cert);
        KeyFiles.writePrivate(brokerDir.resolve(BrokerFiles.KEY),
                Pki.pem("PRIVATE KEY", key.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "Fleet[" + dir + ", CA " + caCertificate.getSubjectX500Principal().getName() + ", keys redacted]";
    }
}
