package org.openegate.gate.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code provisioning:} section (enrolment by claim, issue #10), validated like every other section: each bad
 * field named by its dotted path, the whole file rejected. Defaults are the ones {@code gate-example.yaml} states.
 */
final class ProvisioningSection {

    private static final Pattern NON_EMPTY = Pattern.compile("\\S.*");
    /** DeviceAttributes: 1 to 128 printable ASCII characters. */
    private static final Pattern HARDWARE = Pattern.compile("[\\x20-\\x7e]{1,128}");

    static final Duration DEFAULT_APPROVAL_RETRY = Duration.ofSeconds(5);
    static final Duration DEFAULT_APPROVAL_RETRY_MAX = Duration.ofMinutes(5);
    static final Duration DEFAULT_ROTATION_CHECK = Duration.ofHours(1);
    static final double DEFAULT_ROTATION_FRACTION = 2.0 / 3.0;
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final String DEFAULT_RUNTIME_DIR = "/dev/shm";

    private ProvisioningSection() {
    }

    /**
     * Parses {@code p}; {@code broker} is {@code mqtt.broker} as read (the one broker the gate enrols on and reports
     * to), {@code gateId} the gate's id (its serial). Errors go to {@code root} / {@code p}.
     */
    static Optional<GateConfig.Provisioning> parse(Fields root, Fields p, Path baseDir, Optional<String> broker,
            Optional<String> gateId) {
        // The claim files are needed only until the gate is enrolled (and are wiped with it): the gate checks them
        // when it uses them, so that a wiped gate is refused for being revoked, not for a missing claim.
        Optional<Path> claimCertificate = p.string("claimCertificate", true, NON_EMPTY, "the claim certificate (PEM)")
                .map(name -> baseDir.resolve(name).normalize());
        Optional<Path> claimKey = p.string("claimKey", true, NON_EMPTY, "the claim key (unencrypted PKCS#8 PEM)")
                .map(name -> baseDir.resolve(name).normalize());
        Optional<Path> fleetCa = existingFile(p, "fleetCa", baseDir, "the fleet CA certificate (PEM)");
        // The token file is consumed (deleted) once the gate is enrolled, so it need not exist at a later start.
        Optional<Path> tokenFile = p.string("tokenFile", false, NON_EMPTY, "a file holding a one-time token")
                .map(name -> baseDir.resolve(name).normalize());
        Optional<String> hardware = p.string("hardware", true, HARDWARE, "1 to 128 printable ASCII characters");
        Optional<Path> passphrase = p.string("keyPassphraseFile", true, NON_EMPTY, "a file (made 0600 if missing)")
                .map(name -> baseDir.resolve(name).normalize());
        Duration retry = millis(p, "approvalRetryMs", 100, 3_600_000, DEFAULT_APPROVAL_RETRY);
        Duration retryMax = millis(p, "approvalRetryMaxMs", 100, 86_400_000, DEFAULT_APPROVAL_RETRY_MAX);
        if (retry != null && retryMax != null && retryMax.compareTo(retry) < 0) {
            p.error("approvalRetryMaxMs", "must be at least approvalRetryMs (" + retry.toMillis() + "), was "
                    + retryMax.toMillis());
        }
        Duration rotationCheck = millis(p, "rotationCheckMs", 1000, 86_400_000, DEFAULT_ROTATION_CHECK);
        double fraction = p.has("rotationFraction") ? p.decimal("rotationFraction", true, 0.05, 0.95).orElse(Double.NaN)
                : DEFAULT_ROTATION_FRACTION;
        Duration timeout = millis(p, "requestTimeoutMs", 1000, 600_000, DEFAULT_REQUEST_TIMEOUT);
        Path runtimeDir = Path.of(p.string("runtimeDir", false, NON_EMPTY, "an absolute folder on a RAM file system")
                .orElse(DEFAULT_RUNTIME_DIR));
        if (!runtimeDir.isAbsolute() || !Files.isDirectory(runtimeDir)) {
            p.error("runtimeDir", "must be an existing absolute folder (a RAM file system such as /dev/shm), was '"
                    + runtimeDir + "'");
        }
        p.rejectUnknown();

        if (broker.isEmpty() || !broker.get().startsWith("ssl://")) {
            root.error("mqtt.broker", "provisioning needs the fleet broker as ssl://HOST:PORT (mutual TLS with the"
                    + " device certificate), was " + broker.map(b -> "'" + b + "'").orElse("missing"));
        }
        // DeviceAttributes / the registrar's Ids: claim-* and registrar are broker roles, not device ids.
        if (gateId.filter(id -> id.startsWith("claim-") || id.equals("registrar")).isPresent()) {
            root.error("gate.id", "'" + gateId.get() + "' is reserved on the fleet broker (claim-* and registrar)");
        }
        if (claimCertificate.isEmpty() || claimKey.isEmpty() || fleetCa.isEmpty() || hardware.isEmpty()
                || passphrase.isEmpty() || retry == null || retryMax == null || rotationCheck == null
                || Double.isNaN(fraction) || timeout == null) {
            return Optional.empty();
        }
        return Optional.of(new GateConfig.Provisioning(claimCertificate.get(), claimKey.get(), fleetCa.get(),
                tokenFile, hardware.get(), passphrase.get(), retry, retryMax, rotationCheck, fraction, timeout,
                runtimeDir));
    }

    private static Optional<Path> existingFile(Fields p, String key, Path baseDir, String expected) {
        Optional<Path> file = p.string(key, true, NON_EMPTY, expected).map(name -> baseDir.resolve(name).normalize());
        if (file.isPresent() && !Files.isRegularFile(file.get())) {
            p.error(key, "no file " + file.get());
            return Optional.empty();
        }
        return file;
    }

    /** An optional duration in ms with its stated default; null when the value given is wrong. */
    private static Duration millis(Fields p, String key, long min, long max, Duration defaultValue) {
        if (!p.has(key)) {
            return defaultValue;
        }
        return p.integer(key, true, min, max).map(Duration::ofMillis).orElse(null);
    }
}
