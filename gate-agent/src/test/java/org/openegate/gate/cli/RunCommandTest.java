package org.openegate.gate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Acceptance 6 at the command line: a bad configuration starts nothing, exits 2 and names every bad field. */
class RunCommandTest {

    private static Path resource(String name) throws Exception {
        return Path.of(RunCommandTest.class.getResource("/config/" + name).toURI());
    }

    @Test
    void run_badConfig_exitsTwoNamingEveryField_withoutAStackTrace() throws Exception {
        CliTestSupport.Run run = CliTestSupport.run("run", "--config", resource("bad/many-errors-at-once.yaml")
                .toString());
        assertThat(run.status()).isEqualTo(EgateCommand.USAGE);
        assertThat(run.err()).contains("gate.site: is required").contains("http.port: must be in [0, 65535], was -1")
                .contains("policy.faceThreshold").contains("policy.undetermined.CHIP_ACCESS")
                .contains("rejected: 5 error(s), nothing started").doesNotContain("\tat ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void run_missingFile_exitsTwo() {
        CliTestSupport.Run run = CliTestSupport.run("run", "--config", "/nonexistent/gate.yaml");
        assertThat(run.status()).isEqualTo(EgateCommand.USAGE);
        assertThat(run.err()).contains("does not exist");
    }

    @Test
    void run_realHardwareConfig_missingDriverFields_isRefusedWhole_namingEachField() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("runcmd");
        String text = java.nio.file.Files.readString(resource("good/gate.yaml"))
                .replace("simulation: true", "simulation: false")
                + "devices:\n  mrzSerialPort: /dev/ttyUSB0\n  camera: 0\n  gpio: {entryDoor: 17, exitDoor: 27, red: 5,"
                + " amber: 6, green: 13, entryBeam: 19, exitBeam: 26, tailgate: 20, emergency: 21}\n";
        java.nio.file.Path file = dir.resolve("gate.yaml");
        java.nio.file.Files.writeString(file, text);
        CliTestSupport.Run run = CliTestSupport.run("run", "--config", file.toString());
        assertThat(run.status()).isEqualTo(EgateCommand.USAGE);
        // The real drivers are wired in now; a devices section without their settings never starts them.
        assertThat(run.err()).contains("devices.mrzBaud: is required", "devices.chipWaitMs: is required",
                "devices.gpioPlatform: is required");
    }
}
