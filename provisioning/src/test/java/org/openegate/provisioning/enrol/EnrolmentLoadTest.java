package org.openegate.provisioning.enrol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.provisioning.DeviceIdentity;
import org.tinylog.Logger;

/**
 * Many simulated gates enrol at once against one registrar and one real Mosquitto (issue #10 acceptance 2). Each
 * gate has its own claim certificate and its own MQTT connections (claim, then its own certificate to fetch its
 * bundles), as in the field; half hold a one-time token, half are on the allow-list. All must end up enrolled.
 *
 * <p>50 gates run in the normal suite; the full 1,000 is tagged {@code soak}:
 * {@code mvn -B -o -pl provisioning -am test -Dtest=EnrolmentLoadTest -Degate.excludedGroups=none
 * -Dsurefire.failIfNoSpecifiedTests=false} (or {@code -Degate.enrol.devices=N}). The rate is logged and written
 * to {@code target/enrol-load-<N>.txt}; it is a measurement, never asserted.
 */
class EnrolmentLoadTest {

    private static final int MAX_ATTEMPTS = 5;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void fiftyGates_enrolConcurrently(@TempDir Path dir) throws Exception {
        run(dir, 50);
    }

    @Test
    @Tag("soak")
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void thousandGates_enrolConcurrently(@TempDir Path dir) throws Exception {
        run(dir, Integer.getInteger("egate.enrol.devices", 1000));
    }

    private static void run(Path dir, int gates) throws Exception {
        try (FleetFixture f = FleetFixture.start(dir, device -> List.of(new EnrolmentBundle("CONFIG",
                ("config of " + device.deviceId()).getBytes(StandardCharsets.UTF_8))))) {
            List<Credentials> claims = new ArrayList<>();
            List<DeviceIdentity> keys = new ArrayList<>();
            List<Optional<String>> tokens = new ArrayList<>();
            for (int i = 0; i < gates; i++) {
                claims.add(f.claim("load-" + i));
                keys.add(DeviceIdentity.generate(f.random));
                if (i % 2 == 0) {
                    tokens.add(Optional.of(f.registry.createToken(Optional.of("LOAD"), Duration.ofHours(1), f.random)));
                } else {
                    f.registry.approve(gateId(i), Optional.of("LOAD"));
                    tokens.add(Optional.empty());
                }
            }
            EnrolmentClient client = new EnrolmentClient(f.mosquitto.uri(), f.fleet.caCertificate(),
                    Duration.ofMinutes(10), Clock.systemUTC(), f.random);
            ExecutorService pool = Executors.newFixedThreadPool(gates);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            java.util.concurrent.atomic.AtomicInteger retries = new java.util.concurrent.atomic.AtomicInteger();
            try {
                for (int i = 0; i < gates; i++) {
                    int n = i;
                    results.add(pool.submit(() -> {
                        go.await();
                        // A gate retries a failed connection, as in the field (a thousand TLS handshakes at once
                        // on a loaded host break a few); a repeated ENROL with the same key is answered with
                        // the same certificate, so retrying is safe.
                        for (int attempt = 1; ; attempt++) {
                            try {
                                EnrolmentOutcome outcome = client.enrol(claims.get(n), keys.get(n),
                                        new DeviceAttributes(gateId(n), "sim", "LOAD"), tokens.get(n));
                                return client.fetchBundles(outcome.issued()).size();
                            } catch (EnrolmentException e) {
                                if (attempt == MAX_ATTEMPTS || e.reason() != EnrolmentException.Reason.BROKER) {
                                    throw e;
                                }
                                retries.incrementAndGet();
                                Thread.sleep(1000L * attempt); // the gate's back-off, not a wait for a result
                            }
                        }
                    }));
                }
                long started = System.nanoTime();
                go.countDown();
                int bundles = 0;
                for (Future<Integer> result : results) {
                    bundles += result.get(30, TimeUnit.MINUTES);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                double perMinute = gates / seconds * 60;
                Registrar.Stats stats = f.registrar.stats();
                String line = String.format(java.util.Locale.ROOT, "%d gates enrolled and fetched their bundles in"
                        + " %.1f s: %.0f enrolments per minute (registrar: %d batches, largest %d; %d connection"
                        + " retries; %d cores)", gates, seconds, perMinute, stats.batches(), stats.largestBatch(),
                        retries.get(),
                        Runtime.getRuntime().availableProcessors());
                Logger.info(line);
                Files.writeString(Path.of("target/enrol-load-" + gates + ".txt"), line + "\n");

                assertThat(bundles).isEqualTo(gates);
                assertThat(stats.issued()).isEqualTo(gates);
                assertThat(f.registry.summary().active()).isEqualTo(gates);
                assertThat(f.registry.summary().unusedTokens()).isZero();
                assertThat(f.registry.devices()).extracting(DeviceRecord::status).containsOnly(DeviceRecord.Status.ACTIVE);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static String gateId(int i) {
        return String.format(java.util.Locale.ROOT, "load-%04d", i);
    }
}
