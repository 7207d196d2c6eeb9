package org.openegate.provisioning.enrol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.openegate.mqtt.Topics;
import org.tinylog.Logger;

/**
 * The broker side of the fleet, as files the registrar regenerates: {@code crl.pem} (Mosquitto {@code crlfile}),
 * {@code acl} (Mosquitto {@code acl_file}) and {@code dynamic-security.json} (the dynamic-security plugin's file),
 * next to the broker's certificate and two {@code mosquitto.conf} listener snippets: {@code mosquitto-dynsec.conf}
 * with the plugin (recommended: forbidden subscriptions get SUBACK 0x87, see {@link DynamicSecurity}) and
 * {@code mosquitto.conf} with the {@code acl_file} ({@link BrokerAccess}).
 *
 * <p>Access, with {@code use_identity_as_username} making each certificate's CN the user:
 * <ul>
 * <li>a claim certificate may use only its own provisioning subtree {@code egate/v1/provisioning/<CN>/#};</li>
 * <li>an active gate gets its provisioning subtree and its own topics {@code egate/v1/<site>/<gate>/#}; revoking
 * it removes them (with the plugin at once, closing its connections; with the ACL at the reload) and puts its
 * certificates on the CRL (so it cannot connect again); a rotation's superseded certificates go on the CRL too;</li>
 * <li>the registrar ({@code CN=registrar}) reads every request and answers on every reply topic, and may send
 * commands and bundles to gates.</li>
 * </ul>
 * Extra users (central consumers, operator tools) come from {@code acl.extra} if the operator writes one, in
 * {@code acl_file} syntax; for the plugin its {@code user}/{@code topic} lines become roles.
 */
public final class BrokerFiles {

    static final String CERT = "broker.pem";
    static final String KEY = "broker.key";
    static final String CRL = "crl.pem";
    static final String ACL = "acl";
    static final String ACL_EXTRA = "acl.extra";
    static final String CONF = "mosquitto.conf";
    static final String DYNSEC = "dynamic-security.json";
    static final String DYNSEC_CONF = "mosquitto-dynsec.conf";
    /** Where Debian's mosquitto package puts the plugin (amd64); other platforms adjust the generated line. */
    static final String DYNSEC_PLUGIN = "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so";
    /** Mosquitto refuses every client once the CRL's nextUpdate passes, so the registrar re-signs it well before. */
    static final Duration CRL_VALIDITY = Duration.ofDays(30);

    private final Fleet fleet;
    private final Registry registry;
    private final Path dir;
    private final Clock clock;

    BrokerFiles(Fleet fleet, Registry registry, Path dir, Clock clock) {
        this.fleet = fleet;
        this.registry = registry;
        this.dir = dir;
        this.clock = clock;
    }

    public Path dir() {
        return dir;
    }

    public Path crlFile() {
        return dir.resolve(CRL);
    }

    public Path aclFile() {
        return dir.resolve(ACL);
    }

    public Path certificateFile() {
        return dir.resolve(CERT);
    }

    public Path keyFile() {
        return dir.resolve(KEY);
    }

    /** The dynamic-security plugin's state file ({@code plugin_opt_config_file}); the broker rewrites it. */
    public Path dynamicSecurityFile() {
        return dir.resolve(DYNSEC);
    }

    /** The listener lines for mosquitto.conf (without the {@code listener} line itself), with the {@code acl_file}. */
    public String listenerConfig() {
        return listenerConfig(BrokerAccess.ACL_FILE);
    }

    /** The listener lines for mosquitto.conf (without the {@code listener} line itself). */
    public String listenerConfig(BrokerAccess access) {
        return "cafile " + fleet.dir().resolve(Fleet.CA_CERT).toAbsolutePath() + "\n"
                + "certfile " + certificateFile().toAbsolutePath() + "\n"
                + "keyfile " + keyFile().toAbsolutePath() + "\n"
                + "require_certificate true\n"
                + "use_identity_as_username true\n"
                + accessConfig(access);
    }

    /**
     * The CRL and access-control lines alone, for a broker whose TLS lines are written elsewhere. With
     * {@code use_identity_as_username} the dynamic-security plugin is asked only for authorisation: its clients
     * carry no password, the certificate (checked against the CRL) is the authentication.
     */
    public String accessConfig(BrokerAccess access) {
        String crl = "crlfile " + crlFile().toAbsolutePath() + "\n";
        return switch (access) {
            case ACL_FILE -> crl + "acl_file " + aclFile().toAbsolutePath() + "\n";
            case DYNAMIC_SECURITY -> crl + "plugin " + DYNSEC_PLUGIN + "\n"
                    + "plugin_opt_config_file " + dynamicSecurityFile().toAbsolutePath() + "\n";
        };
    }

    /**
     * Regenerates the CRL, the ACL and the dynamic-security file from the registry, and the two config snippets:
     * {@code mosquitto.conf} (with the {@code acl_file}) and {@code mosquitto-dynsec.conf} (with the plugin).
     */
    public void writeAll(SecureRandom random) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        writeCrl();
        writeAcl();
        writeDynamicSecurity();
        String header = "# OpenEgate fleet broker listener; include under a 'listener 8883' line\n"
                + "per_listener_settings false\nallow_anonymous false\n# a thousand gates enrolling at once queue a"
                + " thousand requests for the registrar\nmax_queued_messages 100000\n";
        writeAtomically(dir.resolve(CONF), header + listenerConfig(BrokerAccess.ACL_FILE));
        writeAtomically(dir.resolve(DYNSEC_CONF), header + "# the broker rewrites " + DYNSEC
                + " (it needs write access to this folder); egate fleet serve keeps it in step at run time\n"
                + listenerConfig(BrokerAccess.DYNAMIC_SECURITY));
    }

    /** The rules the broker should hold now (registrar, claims, active gates, {@code acl.extra} users). */
    List<DynamicSecurity.Grant> grants() throws IOException {
        Path extra = dir.resolve(ACL_EXTRA);
        List<DynamicSecurity.Grant> extras = Files.isRegularFile(extra)
                ? DynamicSecurity.extras(Files.readString(extra, StandardCharsets.UTF_8), extra.toString())
                : List.of();
        return DynamicSecurity.desired(registry, extras);
    }

    /**
     * Writes the dynamic-security plugin's file for a broker about to start (a running broker keeps its own state
     * in memory, which the registrar changes over the control topic, and overwrites this file with it).
     */
    void writeDynamicSecurity() throws IOException {
        List<DynamicSecurity.Grant> grants = grants();
        Path temporary = Files.createTempFile(dir.toAbsolutePath(), "." + DYNSEC, ".tmp");
        Files.write(temporary, DynamicSecurity.configFile(grants));
        Files.move(temporary, dynamicSecurityFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Logger.info("Broker dynamic-security file {} written: {} user(s)", dynamicSecurityFile(), grants.size());
    }

    void writeCrl() throws IOException, GeneralSecurityException {
        Instant now = clock.instant();
        java.util.SortedMap<java.math.BigInteger, Registry.RevocationReason> revoked = registry.revocations();
        X509CRL crl = Pki.crl(fleet.caCertificate(), fleet.caKey(), revoked, now.minus(Fleet.BACKDATE),
                now.plus(CRL_VALIDITY), registry.next("crl"));
        writeAtomically(crlFile(), Pki.pem("X509 CRL", crl.getEncoded()));
        Logger.info("Broker CRL {} written: {} revoked certificate(s), next update {}", crlFile(), revoked.size(),
                now.plus(CRL_VALIDITY));
    }

    void writeAcl() throws IOException {
        StringBuilder acl = new StringBuilder("# Generated by the OpenEgate registrar from the fleet registry;"
                + " edits are overwritten. Add lines to " + ACL_EXTRA + " instead.\n");
        acl.append("pattern readwrite ").append(Ids.PROVISIONING).append("%u/#\n\n");
        acl.append("user ").append(Ids.REGISTRAR).append('\n')
                .append("topic read ").append(Ids.requestFilter()).append('\n')
                .append("topic write ").append(Ids.PROVISIONING).append("+/reply\n")
                .append("topic write ").append(Topics.PREFIX).append("+/+/cmd/#\n")
                .append("topic read ").append(Topics.PREFIX).append("+/+/reply/#\n\n");
        List<String[]> devices = registry.activeDevices();
        for (String[] device : devices) {
            Topics topics = Topics.of(device[1], device[0]); // validated again: the ACL must never hold a wildcard id
            acl.append("user ").append(topics.gate()).append('\n')
                    .append("topic readwrite ").append(Topics.PREFIX).append(topics.site()).append('/')
                    .append(topics.gate()).append("/#\n");
        }
        Path extra = dir.resolve(ACL_EXTRA);
        if (Files.isRegularFile(extra)) {
            acl.append("\n").append(Files.readString(extra, StandardCharsets.UTF_8));
        }
        writeAtomically(aclFile(), acl.toString());
        Logger.info("Broker ACL {} written: {} active gate(s)", aclFile(), devices.size());
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        Files.writeString(temporary, text, StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
