package org.openegate.provisioning.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance 3 of issue #10: a real child JVM activates a bundle and is SIGKILLed while frozen at each point of
 * the activation, including inside a slow {@code apply}; the store, reopened, has the previous version active and
 * intact, or the new one complete, never a mix.
 */
class BundleStoreCrashTest {

    static FleetPki fleet;

    @TempDir
    Path dir;

    @BeforeAll
    static void pki() throws Exception {
        fleet = FleetPki.create("Test", 100);
    }

    /**
     * The windows that differ on disk: no active folder (between the renames), a new but uncommitted active
     * folder, a frozen slow apply, committed with {@code pending} still present. The in-process
     * {@link BundleStoreTest} crash test covers every step; {@link #everyStep} runs them all in child JVMs too.
     */
    static Stream<String> keyPoints() {
        return Stream.of("ACTIVE_RETIRED", "ACTIVATED", "apply", "COMMITTED");
    }

    static Stream<String> freezePoints() {
        List<String> points = new ArrayList<>();
        for (BundleStore.Step step : BundleStore.Step.values()) {
            points.add(step.name());
        }
        points.add("apply");
        return points.stream();
    }

    @ParameterizedTest
    @MethodSource("keyPoints")
    void sigkillDuringActivation_leavesTheOldBundleIntactOrTheNewOneComplete(String freezeAt) throws Exception {
        killAt(freezeAt);
    }

    /** Every step in a child JVM: about 10 JVM starts, so with the long runs ({@code -Degate.excludedGroups=none}). */
    @Tag("soak")
    @ParameterizedTest
    @MethodSource("freezePoints")
    void everyStep(String freezeAt) throws Exception {
        killAt(freezeAt);
    }

    private void killAt(String freezeAt) throws Exception {
        Path root = dir.resolve("store");
        byte[] v1 = fleet.signer().sign(BundleType.CONFIG, 1, "gate-7", RecordingValidator.ok("version one"));
        byte[] v2 = fleet.signer().sign(BundleType.CONFIG, 2, "gate-7", RecordingValidator.ok("version two, complete"));
        RecordingValidator validator = new RecordingValidator();
        try (BundleStore store = BundleStore.open(root, new BundleVerifier(TestClocks.GATE, List.of(fleet.caCert)), "gate-7", "LHR",
                Map.of(BundleType.CONFIG, validator))) {
            store.install(v1);
        }
        Path anchor = Files.write(dir.resolve("anchor.der"), fleet.caCert.getEncoded());
        Path bundle = Files.write(dir.resolve("v2.cms"), v2);
        Path marker = dir.resolve("frozen");

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                BundleStoreCrashChild.class.getName(), root.toString(), anchor.toString(), bundle.toString(), freezeAt,
                marker.toString(), TestClocks.GATE.instant().toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve("child.err").toFile())
                .start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(marker)) {
                assertThat(child.isAlive()).as("child exited before freezing at %s: %s", freezeAt,
                        Files.exists(dir.resolve("child.err")) ? Files.readString(dir.resolve("child.err")) : "").isTrue();
                assertThat(System.nanoTime()).as("child froze at %s within 60 s", freezeAt).isLessThan(deadline);
                child.waitFor(20, TimeUnit.MILLISECONDS);
            }
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks in the child
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

        try (BundleStore store = BundleStore.open(root, new BundleVerifier(TestClocks.GATE, List.of(fleet.caCert)), "gate-7", "LHR",
                Map.of(BundleType.CONFIG, validator))) {
            VerifiedBundle active = store.active(BundleType.CONFIG).orElseThrow();
            boolean committed = freezeAt.equals("COMMITTED") || freezeAt.equals("DONE");
            assertThat(active.encoded()).as("active bundle after SIGKILL at %s", freezeAt)
                    .isEqualTo(committed ? v2 : v1);
            assertThat(Files.readAllBytes(root.resolve("config/active/content"))).isEqualTo(active.content());
            assertThat(store.committedVersion(BundleType.CONFIG)).isEqualTo(active.version());
            try (Stream<Path> left = Files.list(root.resolve("config"))) {
                assertThat(left.map(p -> p.getFileName().toString()))
                        .allMatch(n -> n.equals("active") || n.equals("previous") || n.equals("version"));
            }
            if (!committed) {
                // and the interrupted version can be delivered again
                store.install(v2);
                assertThat(store.active(BundleType.CONFIG).orElseThrow().encoded()).isEqualTo(v2);
            }
        }
    }
}
