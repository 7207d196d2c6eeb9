package org.openegate.gate.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.openegate.provisioning.enrol.BrokerAccess;
import org.openegate.provisioning.enrol.BrokerReload;
import org.openegate.provisioning.enrol.DeviceRecord;
import org.openegate.provisioning.enrol.EnrolmentBundle;
import org.openegate.provisioning.enrol.EnrolmentException;
import org.openegate.provisioning.enrol.Fleet;
import org.openegate.provisioning.enrol.InitialBundles;
import org.openegate.provisioning.enrol.PendingRequest;
import org.openegate.provisioning.enrol.Registrar;
import org.openegate.provisioning.enrol.Registry;
import org.tinylog.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code egate fleet}: the operator's fleet tooling — {@code init} (fleet CA, operator signing key, registry,
 * broker files), {@code serve} (the registrar), {@code approve} (allow-list a serial, or mint a one-time token),
 * {@code revoke DEVICE}, {@code status}. Keys are decrypted with the passphrase from {@code EGATE_FLEET_PASSPHRASE}
 * or {@code --passphrase-file}; {@code approve} and {@code status} need only the registry.
 */
@Command(name = "fleet", description = "Fleet tooling: CA and operator key, the registrar, approvals, revocation.",
        subcommands = {FleetCommand.Init.class, FleetCommand.Serve.class, FleetCommand.Approve.class,
            FleetCommand.Revoke.class, FleetCommand.Status.class, FleetPushCommand.class})
final class FleetCommand extends CommandGroup {

    static final String PASSPHRASE_ENV = "EGATE_FLEET_PASSPHRASE";

    /** Options every fleet subcommand shares. */
    static class FleetOptions {
        @Option(names = "--dir", paramLabel = "D", required = true, description = "the fleet directory")
        Path dir;

        @Option(names = "--passphrase-file", paramLabel = "FILE",
                description = "file holding the fleet passphrase (default: env " + PASSPHRASE_ENV + ")")
        Path passphraseFile;

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        char[] passphrase() {
            if (passphraseFile != null) {
                try {
                    return Files.readString(passphraseFile, StandardCharsets.UTF_8).strip().toCharArray();
                } catch (IOException e) {
                    throw new EgateCommand.UsageException("cannot read the passphrase file " + passphraseFile + ": "
                            + e.getMessage(), e);
                }
            }
            String env = System.getenv(PASSPHRASE_ENV);
            if (env == null || env.isEmpty()) {
                throw new EgateCommand.UsageException("no fleet passphrase: set " + PASSPHRASE_ENV
                        + " or give --passphrase-file");
            }
            return env.toCharArray();
        }

        Fleet open() {
            try {
                return Fleet.open(dir, passphrase());
            } catch (IOException | GeneralSecurityException | EnrolmentException e) {
                throw new EgateCommand.UsageException(e.getMessage(), e);
            }
        }

        Registry registry() {
            try {
                return Registry.openFleet(dir, Clock.systemUTC());
            } catch (EnrolmentException e) {
                throw new EgateCommand.UsageException(e.getMessage(), e);
            }
        }
    }

    /** How the registrar expects the broker to authorise clients: {@code serve} and {@code revoke} share it. */
    static class BrokerAccessOption {
        @Option(names = "--broker-access", paramLabel = "MODE", defaultValue = "DYNAMIC_SECURITY",
                description = "how the broker authorises clients: DYNAMIC_SECURITY (Mosquitto's plugin, with"
                        + " D/broker/mosquitto-dynsec.conf: forbidden subscriptions and publishes get reason 0x87, a"
                        + " revoked gate is disconnected at once) or ACL_FILE (D/broker/mosquitto.conf; a forbidden"
                        + " subscription is granted but delivers nothing) (default: ${DEFAULT-VALUE})")
        BrokerAccess brokerAccess;
    }

    @Command(name = "init", description = "Create a fleet: fleet CA, operator signing key and certificate, registry,"
            + " and the broker's certificate, CRL, ACL and mosquitto.conf snippet under D/broker.")
    static final class Init implements Callable<Integer> {
        @CommandLine.Mixin
        FleetOptions fleet;

        @Option(names = "--name", defaultValue = "OpenEgate", description = "the fleet's name (in the CA's CN)")
        String name;

        @Option(names = "--broker-host", paramLabel = "HOST", defaultValue = "localhost,127.0.0.1", split = ",",
                description = "names and addresses of the broker, for its certificate (default: ${DEFAULT-VALUE})")
        List<String> brokerHosts;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Fleet created;
            try {
                created = Fleet.init(fleet.dir, name, brokerHosts, fleet.passphrase(), Clock.systemUTC(), new SecureRandom());
            } catch (EnrolmentException e) {
                throw new EgateCommand.UsageException(e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            Path broker = created.dir().resolve(Fleet.BROKER_DIR);
            if (fleet.json) {
                JsonOutput.print(out, new JsonObject().put("dir", created.dir().toString())
                        .put("fleetCa", created.caCertificate().getSubjectX500Principal().getName())
                        .put("operator", created.operatorCertificate().getSubjectX500Principal().getName())
                        .put("brokerConfig", broker.resolve("mosquitto-dynsec.conf").toString())
                        .put("brokerConfigAclFile", broker.resolve("mosquitto.conf").toString()));
            } else {
                out.printf("fleet CA        %s%n", created.dir().resolve(Fleet.CA_CERT));
                out.printf("operator        %s%n", created.dir().resolve(Fleet.OPERATOR_CERT));
                out.printf("registry        %s%n", created.dir().resolve(Fleet.REGISTRY));
                out.printf("broker config   %s (include it under a TLS listener; with fleet serve's default"
                        + " --broker-access DYNAMIC_SECURITY)%n", broker.resolve("mosquitto-dynsec.conf"));
                out.printf("                %s (the same with an acl_file, for --broker-access ACL_FILE)%n",
                        broker.resolve("mosquitto.conf"));
                out.flush();
            }
            return EgateCommand.OK;
        }
    }

    @Command(name = "serve", description = "Run the registrar: answer enrolment, renewal and bundle requests until"
            + " killed.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin
        FleetOptions fleet;

        @Option(names = "--broker", paramLabel = "URL", required = true, description = "ssl://HOST:PORT of the broker")
        String broker;

        @Option(names = "--broker-pid", paramLabel = "PID",
                description = "the broker's process id: it gets SIGHUP to reload the ACL and CRL")
        Long brokerPid;

        @CommandLine.Mixin
        BrokerAccessOption access;

        @Option(names = "--cert-days", defaultValue = "90", description = "device certificate lifetime in days")
        int certDays;

        @Option(names = "--bundle", paramLabel = "TYPE=FILE",
                description = "an initial bundle for every new gate: a signed bundle file (repeatable)")
        Map<String, Path> bundles = Map.of();

        @Override
        public Integer call() throws Exception {
            List<EnrolmentBundle> initial = new ArrayList<>();
            for (Map.Entry<String, Path> e : bundles.entrySet()) {
                try {
                    initial.add(new EnrolmentBundle(e.getKey(), Files.readAllBytes(e.getValue())));
                } catch (IOException | IllegalArgumentException ex) {
                    throw new EgateCommand.UsageException("--bundle " + e.getKey() + "=" + e.getValue() + ": "
                            + ex.getMessage(), ex);
                }
            }
            InitialBundles source = device -> initial;
            Fleet opened = fleet.open();
            Registrar.Options options = Registrar.Options.defaults(broker, source, reload(brokerPid))
                    .withDeviceCertificateLifetime(Duration.ofDays(certDays)).withBrokerAccess(access.brokerAccess);
            try (Registry registry = fleet.registry();
                 Registrar registrar = Registrar.start(opened, registry, options, Clock.systemUTC(), new SecureRandom())) {
                Logger.info("Registrar running; stop it with Ctrl-C");
                new CountDownLatch(1).await(); // until interrupted or killed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (EnrolmentException e) {
                throw new EgateCommand.UsageException(e.getMessage(), e);
            }
            return EgateCommand.OK;
        }
    }

    @Command(name = "approve", description = "Allow-list a gate's serial (it enrols on its next attempt), or with"
            + " --token print a one-time enrolment token (shown once, stored hashed).")
    static final class Approve implements Callable<Integer> {
        @CommandLine.Mixin
        FleetOptions fleet;

        @Parameters(paramLabel = "SERIAL", arity = "0..1", description = "the gate's serial (its device id)")
        String serial;

        @Option(names = "--token", description = "make a one-time enrolment token instead")
        boolean token;

        @Option(names = "--site", description = "only for gates of this site")
        String site;

        @Option(names = "--valid-hours", defaultValue = "24", description = "token lifetime in hours")
        int validHours;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (token == (serial != null)) {
                throw new EgateCommand.UsageException("give either a SERIAL or --token");
            }
            PrintWriter out = spec.commandLine().getOut();
            try (Registry registry = fleet.registry()) {
                if (token) {
                    String made = registry.createToken(Optional.ofNullable(site), Duration.ofHours(validHours),
                            new SecureRandom());
                    // The token goes to stdout for the installer, once; it is never logged.
                    if (fleet.json) {
                        JsonOutput.print(out, new JsonObject().put("token", made).put("validHours", validHours)
                                .put("site", site));
                    } else {
                        out.println(made);
                        out.flush();
                    }
                } else {
                    registry.approve(serial, Optional.ofNullable(site));
                    if (fleet.json) {
                        JsonOutput.print(out, new JsonObject().put("approved", serial).put("site", site));
                    } else {
                        out.printf("approved %s%s%n", serial, site == null ? "" : " at " + site);
                        out.flush();
                    }
                }
            } catch (EnrolmentException e) {
                throw new EgateCommand.UsageException(e.getMessage(), e);
            }
            return EgateCommand.OK;
        }
    }

    @Command(name = "revoke", description = "Revoke a gate: with --broker it is told first (it wipes its keys and"
            + " personal data), then the CRL and ACL are rewritten and the broker reloaded.")
    static final class Revoke implements Callable<Integer> {
        @CommandLine.Mixin
        FleetOptions fleet;

        @Parameters(paramLabel = "DEVICE", description = "the device id")
        String device;

        @Option(names = "--broker", paramLabel = "URL", description = "ssl://HOST:PORT, to send the revocation notice")
        String broker;

        @Option(names = "--broker-pid", paramLabel = "PID", description = "the broker's process id (gets SIGHUP)")
        Long brokerPid;

        @CommandLine.Mixin
        BrokerAccessOption access;

        @Option(names = "--ack-timeout", defaultValue = "10", description = "seconds to wait for the wipe confirmation")
        int ackTimeout;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Fleet opened = fleet.open();
            boolean notified;
            try (Registry registry = fleet.registry()) {
                if (registry.device(device).isEmpty()) {
                    throw new EgateCommand.UsageException("no device " + device + " in " + fleet.dir);
                }
                if (broker != null) {
                    Registrar.Options options = Registrar.Options.defaults(broker, InitialBundles.none(),
                            reload(brokerPid)).withRevocationAckTimeout(Duration.ofSeconds(ackTimeout))
                            .withBrokerAccess(access.brokerAccess);
                    try (Registrar registrar = Registrar.connectForRevocation(opened, registry, options,
                            Clock.systemUTC(), new SecureRandom())) {
                        notified = registrar.revoke(device).wipeConfirmed();
                    }
                } else {
                    registry.markRevoked(device);
                    opened.brokerFiles(registry, Clock.systemUTC()).writeAll(new SecureRandom());
                    reload(brokerPid).reload();
                    notified = false;
                }
            } catch (EnrolmentException e) {
                throw new EgateCommand.UsageException(e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (fleet.json) {
                JsonOutput.print(out, new JsonObject().put("revoked", device).put("wipeConfirmed", notified));
            } else {
                out.printf("revoked %s (wipe %s)%n", device, notified ? "confirmed" : "not confirmed");
                out.flush();
            }
            return EgateCommand.OK;
        }
    }

    @Command(name = "status", description = "Devices, pending requests, tokens and approvals of the fleet.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin
        FleetOptions fleet;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Registry registry = fleet.registry()) {
                Registry.Summary summary = registry.summary();
                List<DeviceRecord> devices = registry.devices();
                List<PendingRequest> pending = registry.pending();
                if (fleet.json) {
                    JsonArray list = new JsonArray();
                    for (DeviceRecord d : devices) {
                        list.add(new JsonObject().put("device", d.deviceId()).put("site", d.site())
                                .put("hardware", d.hardware()).put("status", d.status().name())
                                .put("enrolledAt", d.enrolledAt().toString())
                                .put("certificateSerial", d.certificateSerial().toString(16))
                                .put("certificateNotAfter", d.certificateNotAfter().toString()));
                    }
                    JsonArray waiting = new JsonArray();
                    for (PendingRequest p : pending) {
                        waiting.add(new JsonObject().put("serial", p.serial()).put("site", p.site())
                                .put("hardware", p.hardware()).put("attempts", p.attempts()));
                    }
                    JsonOutput.print(out, new JsonObject().put("active", summary.active()).put("revoked", summary.revoked())
                            .put("pending", summary.pending()).put("unusedTokens", summary.unusedTokens())
                            .put("approvals", summary.approvals()).put("devices", list).put("waiting", waiting));
                } else {
                    out.printf("%d active, %d revoked, %d pending, %d unused token(s), %d approval(s)%n", summary.active(),
                            summary.revoked(), summary.pending(), summary.unusedTokens(), summary.approvals());
                    for (DeviceRecord d : devices) {
                        out.printf("  %-24s %-10s %-8s certificate until %s%n", d.deviceId(), d.site(), d.status(),
                                d.certificateNotAfter());
                    }
                    for (PendingRequest p : pending) {
                        out.printf("  pending %-16s %-10s %s (%d attempts): egate fleet approve %s%n", p.serial(),
                                p.site(), p.hardware(), p.attempts(), p.serial());
                    }
                    out.flush();
                }
            } catch (EnrolmentException e) {
                throw new EgateCommand.UsageException(e.getMessage(), e);
            }
            return EgateCommand.OK;
        }
    }

    static BrokerReload reload(Long brokerPid) {
        return brokerPid == null ? BrokerReload.none() : BrokerReload.signal(brokerPid);
    }
}
