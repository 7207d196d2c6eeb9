package org.openegate.provisioning.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openegate.provisioning.bundle.BundleException.Reason;

class BundleStoreTest {

    static FleetPki fleet;
    static BundleSigner signer;

    @TempDir
    Path root;
    RecordingValidator config;
    RecordingValidator policy;

    @BeforeAll
    static void pki() throws Exception {
        fleet = FleetPki.create("Test", 100);
        signer = fleet.signer();
    }

    @BeforeEach
    void freshValidators() {
        config = new RecordingValidator();
        policy = new RecordingValidator();
    }

    private Map<BundleType, BundleValidator> validators() {
        Map<BundleType, BundleValidator> m = new EnumMap<>(BundleType.class);
        m.put(BundleType.CONFIG, config);
        m.put(BundleType.POLICY, policy);
        return m;
    }

    private BundleStore open() throws BundleException {
        return BundleStore.open(root, verifier(), "gate-7", "LHR", validators());
    }

    static BundleVerifier verifier() {
        return new BundleVerifier(TestClocks.GATE, List.of(fleet.caCert));
    }

    static byte[] config(long version, String text) {
        return signer.sign(BundleType.CONFIG, version, "gate-7", RecordingValidator.ok(text));
    }

    private static Reason reasonOf(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(BundleException.class, call).reason();
    }

    @Test
    void install_activatesCommitsAndApplies() throws Exception {
        try (BundleStore store = open()) {
            BundleStore.Installed installed = store.install(config(1, "first"));
            assertThat(installed.bundle().version()).isEqualTo(1);
            assertThat(installed.replacedVersion()).isEmpty();
            assertThat(store.active(BundleType.CONFIG)).map(VerifiedBundle::version).contains(1L);
            assertThat(store.committedVersion(BundleType.CONFIG)).isEqualTo(1);
            assertThat(Files.readAllBytes(store.activeContentFile(BundleType.CONFIG).orElseThrow()))
                    .isEqualTo(RecordingValidator.ok("first"));
            assertThat(config.applied).containsExactly("ok first");
            assertThat(Files.readString(root.resolve("config/version")).strip()).isEqualTo("1");
            assertThat(root.resolve("config/pending")).doesNotExist();
            assertThat(root.resolve("config/staging")).doesNotExist();
        }
    }

    @Test
    void install_keepsThePreviousBundle() throws Exception {
        try (BundleStore store = open()) {
            store.install(config(1, "first"));
            BundleStore.Installed second = store.install(config(2, "second"));
            assertThat(second.replacedVersion()).contains(1L);
            assertThat(store.active(BundleType.CONFIG).orElseThrow().content()).isEqualTo(RecordingValidator.ok("second"));
            assertThat(store.previous(BundleType.CONFIG).orElseThrow().content()).isEqualTo(RecordingValidator.ok("first"));
        }
    }

    @Test
    void install_rejectsOlderAndReplayedVersions_perType() throws Exception {
        try (BundleStore store = open()) {
            store.install(config(5, "five"));
            assertThat(reasonOf(() -> store.install(config(4, "four")))).isEqualTo(Reason.OLDER_VERSION);
            assertThat(reasonOf(() -> store.install(config(5, "five again")))).isEqualTo(Reason.OLDER_VERSION);
            // another type counts its own versions
            store.install(signer.sign(BundleType.POLICY, 1, "gate-7", RecordingValidator.ok("policy")));
            assertThat(store.active(BundleType.CONFIG).orElseThrow().content()).isEqualTo(RecordingValidator.ok("five"));
            assertThat(store.committedVersion(BundleType.CONFIG)).isEqualTo(5);
            assertThat(store.committedVersion(BundleType.POLICY)).isEqualTo(1);
        }
    }

    @Test
    void install_rejectsTamperedUnsignedAndMistargetedBundles_leavingTheActiveOne() throws Exception {
        try (BundleStore store = open()) {
            store.install(config(1, "first"));
            byte[] tampered = config(2, "second");
            tampered[BundleVerifierTest.indexOf(tampered, "second".getBytes(StandardCharsets.UTF_8))] = 'S';
            assertThat(reasonOf(() -> store.install(tampered))).isEqualTo(Reason.BAD_SIGNATURE);
            assertThat(reasonOf(() -> store.install(signer.sign(BundleType.CONFIG, 3, "gate-8",
                    RecordingValidator.ok("other gate"))))).isEqualTo(Reason.WRONG_TARGET);
            assertThat(reasonOf(() -> store.install(RecordingValidator.ok("no signature at all"))))
                    .isEqualTo(Reason.MALFORMED);
            assertThat(store.active(BundleType.CONFIG).orElseThrow().content()).isEqualTo(RecordingValidator.ok("first"));
            assertThat(config.applied).containsExactly("ok first");
        }
    }

    @Test
    void install_refusesContentTheValidatorRejects_andChangesNothing() throws Exception {
        try (BundleStore store = open()) {
            store.install(config(1, "first"));
            byte[] before = Files.readAllBytes(root.resolve("config/active/bundle.cms"));
            BundleException e = assertThrows(BundleException.class,
                    () -> store.install(signer.sign(BundleType.CONFIG, 2, "gate-7", "broken: [".getBytes(StandardCharsets.UTF_8))));
            assertThat(e.reason()).isEqualTo(Reason.INVALID_CONTENT);
            assertThat(e.getMessage()).contains("offset 0").doesNotContain("broken");
            assertThat(Files.readAllBytes(root.resolve("config/active/bundle.cms"))).isEqualTo(before);
            assertThat(store.committedVersion(BundleType.CONFIG)).isEqualTo(1);
            assertThat(root.resolve("config/staging")).doesNotExist();
            assertThat(root.resolve("config/pending")).doesNotExist();
            // a later, valid version still goes in: the refused version number was not burnt
            store.install(config(2, "second"));
            assertThat(store.active(BundleType.CONFIG).orElseThrow().version()).isEqualTo(2);
        }
    }

    @Test
    void install_rollsBackABundleThatFailsToApply() throws Exception {
        try (BundleStore store = open()) {
            store.install(config(1, "first"));
            byte[] bad = signer.sign(BundleType.CONFIG, 2, "gate-7", "ok-but-fails-to-apply".getBytes(StandardCharsets.UTF_8));
            BundleException e = assertThrows(BundleException.class, () -> store.install(bad));
            assertThat(e.reason()).isEqualTo(Reason.APPLY_FAILED);
            assertThat(e.getMessage()).contains("v1 restored");
            assertThat(store.active(BundleType.CONFIG).orElseThrow().version()).isEqualTo(1);
            assertThat(Files.readAllBytes(root.resolve("config/active/content"))).isEqualTo(RecordingValidator.ok("first"));
            assertThat(store.committedVersion(BundleType.CONFIG)).isEqualTo(1);
            // applied first, then (after the failure) first again
            assertThat(config.applied).containsExactly("ok first", "ok first");
            assertThat(root.resolve("config/pending")).doesNotExist();
        }
        try (BundleStore reopened = open()) {
            assertThat(reopened.active(BundleType.CONFIG).orElseThrow().version()).isEqualTo(1);
            assertThat(reopened.recoveries()).isEmpty();
        }
    }

    @Test
    void install_firstBundleFailingToApply_leavesNothingActive() throws Exception {
        try (BundleStore store = open()) {
            byte[] bad = signer.sign(BundleType.CONFIG, 1, "gate-7", "ok-but-fails-to-apply".getBytes(StandardCharsets.UTF_8));
            BundleException e = assertThrows(BundleException.class, () -> store.install(bad));
            assertThat(e.getMessage()).contains("no previous bundle");
            assertThat(store.active(BundleType.CONFIG)).isEmpty();
            assertThat(store.committedVersion(BundleType.CONFIG)).isZero();
        }
    }

    @Test
    void install_refusesATypeDeliveredAsAnother() throws Exception {
        try (BundleStore store = open()) {
            byte[] policyBundle = signer.sign(BundleType.POLICY, 1, "gate-7", RecordingValidator.ok("p"));
            assertThat(reasonOf(() -> store.install(policyBundle, BundleType.CONFIG))).isEqualTo(Reason.WRONG_TYPE);
            assertThat(store.install(policyBundle, BundleType.POLICY).bundle().type()).isEqualTo(BundleType.POLICY);
        }
    }

    @Test
    void install_refusesATypeThisGateHasNoValidatorFor() throws Exception {
        try (BundleStore store = open()) {
            BundleException e = assertThrows(BundleException.class, () -> store.install(
                    signer.sign(BundleType.WATCHLIST, 1, "gate-7", RecordingValidator.ok("w"))));
            assertThat(e.reason()).isEqualTo(Reason.INVALID_CONTENT);
            assertThat(e.getMessage()).contains("no validator for watchlist");
        }
    }

    @Test
    void open_findsTheActiveBundlesAgain_andAppliesThemOnRequest() throws Exception {
        try (BundleStore store = open()) {
            store.install(config(1, "first"));
            store.install(config(2, "second"));
        }
        freshValidators();
        try (BundleStore store = open()) {
            assertThat(store.active(BundleType.CONFIG).orElseThrow().version()).isEqualTo(2);
            assertThat(store.recoveries()).isEmpty();
            store.applyActive();
            assertThat(config.applied).containsExactly("ok second");
            assertThat(reasonOf(() -> store.install(config(2, "second")))).isEqualTo(Reason.OLDER_VERSION);
        }
    }

    @Test
    void open_refusesASecondStoreOnTheSameFolder() throws Exception {
        try (BundleStore store = open()) {
            BundleException e = assertThrows(BundleException.class, this::open);
            assertThat(e.reason()).isEqualTo(Reason.STORE_FAILED);
            assertThat(e.getMessage()).contains("another process");
        }
    }

    @Test
    void open_refusesAnActiveBundleAlteredOnDisk() throws Exception {
        try (BundleStore store = open()) {
            store.install(config(1, "first"));
        }
        Path file = root.resolve("config/active/bundle.cms");
        byte[] bytes = Files.readAllBytes(file);
        bytes[BundleVerifierTest.indexOf(bytes, "first".getBytes(StandardCharsets.UTF_8))] = 'F';
        Files.write(file, bytes);
        BundleException e = assertThrows(BundleException.class, this::open);
        assertThat(e.reason()).isEqualTo(Reason.STORE_FAILED);
        assertThat(e.getMessage()).contains("no longer verifies", "BAD_SIGNATURE");
    }

    @Test
    void committedVersion_survivesALostVersionFile() throws Exception {
        try (BundleStore store = open()) {
            store.install(config(3, "three"));
        }
        Files.delete(root.resolve("config/version"));
        try (BundleStore store = open()) {
            assertThat(store.committedVersion(BundleType.CONFIG)).isEqualTo(3);
            assertThat(reasonOf(() -> store.install(config(2, "two")))).isEqualTo(Reason.OLDER_VERSION);
        }
    }

    /** Thrown by the hook to stop an activation dead, as a crash would: no catch block in the store sees it. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash(BundleStore.Step step) {
            super("crash at " + step);
        }
    }

    @ParameterizedTest
    @EnumSource(BundleStore.Step.class)
    void crashAtEveryStep_leavesThePreviousBundleOrTheNewOneComplete(BundleStore.Step step) throws Exception {
        try (BundleStore store = open()) {
            store.install(config(1, "first"));
            store.install(config(2, "second"));
        }
        BundleStore crashing = BundleStore.open(root, verifier(), "gate-7", "LHR", validators(), (type, s) -> {
            if (s == step) {
                throw new SimulatedCrash(s);
            }
        });
        assertThrows(SimulatedCrash.class, () -> crashing.install(config(3, "third")));
        crashing.close();

        try (BundleStore store = open()) {
            VerifiedBundle active = store.active(BundleType.CONFIG).orElseThrow();
            boolean committed = step == BundleStore.Step.COMMITTED || step == BundleStore.Step.DONE;
            assertThat(active.version()).as("active after a crash at " + step).isEqualTo(committed ? 3 : 2);
            assertThat(Files.readAllBytes(root.resolve("config/active/content"))).isEqualTo(active.content());
            assertThat(store.committedVersion(BundleType.CONFIG)).isEqualTo(active.version());
            assertThat(root.resolve("config/pending")).doesNotExist();
            assertThat(root.resolve("config/staging")).doesNotExist();
            assertThat(root.resolve("config/trash")).doesNotExist();
            if (step != BundleStore.Step.DONE) {
                assertThat(store.recoveries()).isNotEmpty();
            }
            store.install(config(4, "fourth"));
            assertThat(store.active(BundleType.CONFIG).orElseThrow().version()).isEqualTo(4);
        }
    }
}
