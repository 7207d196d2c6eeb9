package org.openegate.gate.bundles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.gate.config.ConfigException;
import org.openegate.gate.config.GateConfig;

/** The {@code bundles:} section of the gate configuration: every bad field named by its dotted path, file rejected. */
class BundlesConfigTest {

    @TempDir
    static Path dir;
    static BundleRig rig;

    @BeforeAll
    static void fleet() throws Exception {
        rig = new BundleRig(dir, Clock.systemUTC());
        Files.writeString(dir.resolve("not-a-cert.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
    }

    private static ConfigException rejected(String bundles) throws Exception {
        String yaml = rig.yaml(null).replace(BundleRig.BUNDLES, bundles);
        try {
            rig.config(yaml);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("accepted: " + bundles);
    }

    @Test
    void aGoodSection_resolvesItsFiles_andDefaultsTheAgeLimitToThreeWorkingDays() throws Exception {
        GateConfig.Bundles b = rig.config(rig.yaml(null)).bundles().orElseThrow();
        assertThat(b.anchors()).containsExactly(dir.resolve("fleet/fleet-ca.pem"));
        assertThat(b.operators()).containsExactly(dir.resolve("fleet/operator.pem"));
        assertThat(b.maxTrustListAgeWorkingDays()).isEqualTo(3);
        assertThat(b.configDir()).isEqualTo(dir);
        GateConfig.Bundles five = rig.config(rig.yaml(null).replace(BundleRig.BUNDLES,
                BundleRig.BUNDLES + "  maxTrustListAgeWorkingDays: 5\n")).bundles().orElseThrow();
        assertThat(five.maxTrustListAgeWorkingDays()).isEqualTo(5);
    }

    @Test
    void everyBadField_isNamed() throws Exception {
        ConfigException e = rejected("bundles:\n  operators: [missing.pem, not-a-cert.pem]\n"
                + "  maxTrustListAgeWorkingDays: 0\n  anchor: [fleet/fleet-ca.pem]\n");
        assertThat(e.paths()).contains("bundles.anchors", "bundles.operators[0]", "bundles.operators[1]",
                "bundles.maxTrustListAgeWorkingDays", "bundles.anchor");
        assertThat(e.getMessage()).contains("no file " + dir.resolve("missing.pem"), "not-a-cert.pem is not a PEM");
        assertThat(rejected("bundles:\n  anchors: []\n  operators: fleet/operator.pem\n").paths())
                .contains("bundles.anchors", "bundles.operators");
    }

    @Test
    void aMissingCertificateFile_stopsTheGateAtStart_notLater() {
        assertThatThrownBy(() -> rig.config(rig.yaml(null).replace("fleet/fleet-ca.pem", "fleet/gone.pem")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bundles.anchors[0]");
    }
}
