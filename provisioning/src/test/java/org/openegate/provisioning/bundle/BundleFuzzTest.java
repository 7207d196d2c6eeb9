package org.openegate.provisioning.bundle;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.util.List;

/**
 * The gate's parsers of operator-supplied bytes may only refuse input with their own reasoned exception: no other
 * exception, no hang, no huge allocation. Without JAZZER_FUZZ=1 only the seed corpus in
 * {@code BundleFuzzTestInputs/<method>} runs (real signed bundles, a trust list, deflated data); with it, e.g.
 * {@code JAZZER_FUZZ=1 mvn -pl provisioning -am test -Dtest=BundleFuzzTest#verify_failsOnlyWithBundleException}.
 */
class BundleFuzzTest {

    private static final BundleVerifier VERIFIER;

    static {
        try {
            VERIFIER = new BundleVerifier(TestClocks.GATE, List.of(FleetPki.create("Fuzz", 900).caCert));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void verify_failsOnlyWithBundleException(byte[] data) {
        try {
            VERIFIER.verifyFor(data, "gate-7", "LHR").toString();
        } catch (BundleException expected) {
            // a reasoned refusal
        }
    }

    @FuzzTest(maxDuration = "30s")
    void trustList_failsOnlyWithInvalidContent(byte[] data) {
        try {
            TrustListContent.load(data, Clock.systemUTC(), List.of());
        } catch (BundleValidator.InvalidContentException expected) {
            // a reasoned refusal
        }
    }

    @FuzzTest(maxDuration = "30s")
    void inflate_failsOnlyWithBundleException(byte[] data) {
        try {
            BundleCommands.inflate(data, 1024 * 1024);
        } catch (BundleException expected) {
            // a reasoned refusal
        }
    }
}
