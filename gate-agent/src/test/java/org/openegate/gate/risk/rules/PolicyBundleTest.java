package org.openegate.gate.risk.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.provisioning.bundle.BundleException;
import org.openegate.provisioning.bundle.BundleSigner;
import org.openegate.provisioning.bundle.BundleStore;
import org.openegate.provisioning.bundle.BundleType;
import org.openegate.provisioning.bundle.BundleVerifier;
import org.openegate.provisioning.enrol.Fleet;

/**
 * Issue #8, acceptance 3, end to end: risk profiles arrive as signed POLICY bundles (a real fleet's operator key,
 * BouncyCastle CMS, the gate's bundle store on disk). A malformed bundle, an unsigned one, and one with a bad rule
 * are each refused whole, and the rules in force before stay in force.
 */
class PolicyBundleTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final ActiveRiskProfiles profiles = new ActiveRiskProfiles();
    private BundleSigner operator;
    private BundleStore store;

    @BeforeEach
    void setUp() throws Exception {
        SecureRandom random = new SecureRandom();
        Fleet fleet = Fleet.init(dir.resolve("fleet"), "test fleet", List.of("127.0.0.1"), "fleet-passphrase".toCharArray(),
                CLOCK, random);
        operator = new BundleSigner(fleet.operatorKey(), fleet.operatorCertificate(), CLOCK, random);
        store = BundleStore.open(dir.resolve("gate"), new BundleVerifier(CLOCK, List.of(fleet.caCertificate())),
                "gate-7", "LHR", Map.of(BundleType.POLICY, new PolicyBundleValidator(profiles)));
        store.install(operator.sign(BundleType.POLICY, 1, "gate-7", rules("minors", "\"age\": {\"max\": 17}")));
        assertThat(profiles.current().ruleIds()).containsExactly("minors");
    }

    @Test
    void aGoodBundle_replacesTheRules() throws Exception {
        store.install(operator.sign(BundleType.POLICY, 2, "site:LHR", rules("seniors", "\"age\": {\"min\": 80}")));
        assertThat(profiles.current().ruleIds()).containsExactly("seniors");
        assertThat(store.committedVersion(BundleType.POLICY)).isEqualTo(2);
    }

    @Test
    void aBadRule_isRefusedWhole_andThePreviousRulesStay() throws Exception {
        byte[] content = ("{\"format\": \"openegate.risk-profiles.v1\", \"rules\": ["
                + rule("fine", "\"age\": {\"max\": 17}") + ", " + rule("broken", "\"age\": {\"max\": -3}") + "]}")
                .getBytes(StandardCharsets.UTF_8);
        assertRefused(operator.sign(BundleType.POLICY, 2, "gate-7", content), BundleException.Reason.INVALID_CONTENT);
    }

    @Test
    void malformedContent_isRefused_andThePreviousRulesStay() throws Exception {
        byte[] content = "{\"format\": \"openegate.risk-profiles.v1\", \"rules\": [".getBytes(StandardCharsets.UTF_8);
        assertRefused(operator.sign(BundleType.POLICY, 2, "gate-7", content), BundleException.Reason.INVALID_CONTENT);
    }

    @Test
    void anUnsignedOrTamperedBundle_isRefused_andThePreviousRulesStay() throws Exception {
        byte[] plain = rules("everyone", "\"age\": {\"min\": 0}");
        assertRefused(plain, BundleException.Reason.MALFORMED);
        byte[] signed = operator.sign(BundleType.POLICY, 2, "gate-7", plain);
        int at = indexOf(signed, "everyone".getBytes(StandardCharsets.UTF_8));
        signed[at] ^= 0x01; // one bit of the signed content
        assertRefused(signed, BundleException.Reason.BAD_SIGNATURE);
    }

    private void assertRefused(byte[] bundle, BundleException.Reason reason) throws Exception {
        assertThatThrownBy(() -> store.install(bundle))
                .isInstanceOfSatisfying(BundleException.class, e -> assertThat(e.reason()).isEqualTo(reason));
        assertThat(profiles.current().ruleIds()).as("the rules in force").containsExactly("minors");
        assertThat(store.committedVersion(BundleType.POLICY)).isEqualTo(1);
    }

    private static byte[] rules(String id, String when) {
        return ("{\"format\": \"openegate.risk-profiles.v1\", \"rules\": [" + rule(id, when) + "]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String rule(String id, String when) {
        return "{\"id\": \"" + id + "\", \"reason\": \"profile " + id + "\", \"action\": \"REFER\", \"when\": {" + when + "}}";
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("needle not found");
    }
}
