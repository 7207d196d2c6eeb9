package org.openegate.gate.enrol;

import java.io.IOException;
import org.openegate.provisioning.enrol.EnrolmentException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openegate.provisioning.enrol.DeviceWipe;

/**
 * What a revoked gate destroys, in two steps (gate-agent/docs/enrolment-on-gate.md, "What is wiped"):
 * <ol>
 * <li><b>at the notice</b>, while the gate still runs ({@code RevocationWatch} calls {@link #secrets()} before it
 * confirms): every key — the device key, the rotation key, the certificate, the decrypted TLS copy, the claim key,
 * the unused token, the key passphrase, the journal's data key and the crossing-signing key — and the initial
 * bundles (a watchlist names people). With the data key gone the journal's sealed personal fields are unreadable
 * at once, even on flash where overwriting is best effort;</li>
 * <li><b>after the gate has closed its stores</b> ({@link #data()}): the journal and the outbox databases whole,
 * with their SQLite companions, and the statistics marker. Crossing records already delivered are not on the gate;
 * undelivered ones go too: a revoked gate can no longer deliver them (the broker refuses its certificate) and a
 * revoked identity's records would not be trusted centrally, while keeping personal data on a device presumed lost
 * or stolen is exactly the risk the wipe removes. Their number is logged and written in the marker.</li>
 * </ol>
 * The marker {@code provisioning/REVOKED} (no secret in it) is written after step 1; while it exists the gate
 * finishes step 2 and refuses to start.
 */
final class GateWipe {

    static final String MARKER = "REVOKED";

    private final Path dataDir;
    private final Path provisioningDir;
    private final List<Path> secrets;
    private final List<Path> extra = new ArrayList<>();

    GateWipe(Path dataDir, Path provisioningDir, List<Path> secrets) {
        this.dataDir = dataDir;
        this.provisioningDir = provisioningDir;
        this.secrets = List.copyOf(secrets);
    }

    /** Adds a store of the gate (for example the bundle store) to step 2. */
    synchronized void alsoWipe(Path path) {
        extra.add(path);
    }

    /** Step 1: keys and the initial bundles. */
    DeviceWipe secrets() {
        return new DeviceWipe(secrets);
    }

    /** Step 2: the gate's stores, wiped once they are closed; everything in the provisioning folder but the marker. */
    synchronized DeviceWipe data() {
        List<Path> paths = new ArrayList<>(secrets);
        paths.add(dataDir.resolve("journal.db"));
        paths.add(dataDir.resolve("outbox.db"));
        paths.add(dataDir.resolve("stats-published"));
        paths.addAll(extra);
        try (var files = Files.list(provisioningDir)) {
            files.filter(f -> !f.getFileName().toString().equals(MARKER)).forEach(paths::add);
        } catch (IOException e) {
            // nothing listed: the folder is gone already
        }
        return new DeviceWipe(paths);
    }

    Path marker() {
        return provisioningDir.resolve(MARKER);
    }

    Optional<String> markerText() {
        try {
            return Files.exists(marker()) ? Optional.of(Files.readString(marker(), StandardCharsets.UTF_8).strip())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.of("(marker unreadable: " + e.getMessage() + ")");
        }
    }

    void writeMarker(String deviceId, Instant at, DeviceWipe.Report report, long undeliveredEvents) {
        String text = "Gate " + deviceId + " was revoked by the operator at " + at + ". Keys wiped: "
                + report.deleted().size() + " file(s)" + (report.complete() ? "" : ", failures " + report.failures())
                + ". Undelivered outbox events destroyed: " + undeliveredEvents + ".\n"
                + "This gate refuses to run until it is re-enrolled under a new id with a new claim (see"
                + " enrolment-on-gate.md); remove this file only then.\n";
        try {
            Files.createDirectories(provisioningDir);
            Files.writeString(marker(), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EnrolmentException(EnrolmentException.Reason.STORAGE, "cannot write the revocation marker "
                    + marker() + ": " + e.getMessage(), e);
        }
    }
}
