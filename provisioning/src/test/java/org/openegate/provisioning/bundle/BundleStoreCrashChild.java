package org.openegate.provisioning.bundle;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The child JVM of {@link BundleStoreCrashTest}: installs one bundle and freezes at the named point of the
 * activation (after writing a marker file) until the parent SIGKILLs it. {@code apply} freezes inside the
 * validator's apply, as a slow configuration reload would.
 *
 * <p>Arguments: store root, trust anchor (DER), bundle file, step name or {@code apply}, marker file, gate clock.
 */
public final class BundleStoreCrashChild {

    private BundleStoreCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        X509Certificate anchor = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(Path.of(args[1]))));
        byte[] bundle = Files.readAllBytes(Path.of(args[2]));
        String freezeAt = args[3];
        Path marker = Path.of(args[4]);
        Clock clock = Clock.fixed(Instant.parse(args[5]), ZoneOffset.UTC);

        BundleValidator validator = new BundleValidator() {
            @Override
            public void validate(byte[] content) {
            }

            @Override
            public void apply(byte[] content) throws Exception {
                if (freezeAt.equals("apply")) {
                    freeze(marker);
                }
            }
        };
        BundleStore store = BundleStore.open(root, new BundleVerifier(clock, List.of(anchor)), "gate-7", "LHR",
                Map.of(BundleType.CONFIG, validator), (type, step) -> {
                    if (step.name().equals(freezeAt)) {
                        freeze(marker);
                    }
                });
        store.install(bundle);
        System.exit(3); // never reached when the parent kills us in time
    }

    private static void freeze(Path marker) {
        try {
            Files.writeString(marker, "frozen");
            new CountDownLatch(1).await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
