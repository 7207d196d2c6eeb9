package org.openegate.gate.enrol;

import java.io.IOException;
import org.openegate.provisioning.enrol.EnrolmentException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.openegate.provisioning.KeyFiles;
import org.openegate.provisioning.bundle.BundleException;
import org.openegate.provisioning.bundle.BundleVerifier;
import org.openegate.provisioning.bundle.VerifiedBundle;
import org.openegate.provisioning.enrol.EnrolmentBundle;
import org.tinylog.Logger;

/**
 * The initial bundles the registrar sent after enrolment, kept in {@code provisioning/bundles/<TYPE>.bundle} (0600:
 * a watchlist names people) until the gate's bundle store installs them. Each is verified on receipt — signed by
 * the operator certificate that came with the enrolment, addressed to this gate or its site — and a bundle that
 * fails is not kept (and is named in the log with its reason). {@code .complete} is written last, so a crash
 * half-way fetches them again.
 */
final class ReceivedBundles {

    private static final String COMPLETE = ".complete";
    private static final String SUFFIX = ".bundle";

    private final Path dir;

    ReceivedBundles(Path dir) {
        this.dir = dir;
    }

    boolean complete() {
        return Files.exists(dir.resolve(COMPLETE));
    }

    /** Verifies and keeps {@code bundles}; returns those kept. */
    List<EnrolmentBundle> save(List<EnrolmentBundle> bundles, X509Certificate operator, String deviceId, String site,
            Clock clock) throws IOException {
        BundleVerifier verifier = new BundleVerifier(clock, List.of(operator));
        List<EnrolmentBundle> kept = new ArrayList<>();
        for (EnrolmentBundle bundle : bundles) {
            try {
                VerifiedBundle verified = verifier.verifyFor(bundle.signedBundle(), deviceId, site);
                if (!verified.type().name().equals(bundle.type())) {
                    Logger.warn("Initial bundle announced as {} is a {} bundle; not kept", bundle.type(),
                            verified.type());
                    continue;
                }
                KeyFiles.writePrivate(dir.resolve(bundle.type() + SUFFIX), bundle.signedBundle());
                kept.add(bundle);
                Logger.info("Initial {} bundle v{} received ({} bytes, content sha256 {})", verified.type(),
                        verified.version(), bundle.signedBundle().length, verified.contentSha256());
            } catch (BundleException e) {
                Logger.warn("Initial {} bundle refused: {}", bundle.type(), e.getMessage());
            }
        }
        KeyFiles.writePrivate(dir.resolve(COMPLETE), new byte[0]);
        return kept;
    }

    List<EnrolmentBundle> load() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<EnrolmentBundle> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                String name = file.getFileName().toString();
                out.add(new EnrolmentBundle(name.substring(0, name.length() - SUFFIX.length()), Files.readAllBytes(file)));
            }
        } catch (IOException e) {
            throw new EnrolmentException(EnrolmentException.Reason.STORAGE, "cannot read the initial bundles in "
                    + dir + ": " + e.getMessage(), e);
        }
        return out;
    }
}
