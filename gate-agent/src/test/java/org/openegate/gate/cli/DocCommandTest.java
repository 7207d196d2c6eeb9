package org.openegate.gate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.crypto.testpassport.CscaCredentials;
import org.openegate.crypto.testpassport.KeyAlgorithm;
import org.openegate.crypto.testpassport.Tamper;
import org.openegate.crypto.testpassport.TestPassport;
import org.openegate.crypto.testpassport.TestPassportFactory;

/** {@code egate doc verify} and {@code egate masterlist inspect}: their JSON is a contract (CLI.md). */
class DocCommandTest {

    private static final Path TESTDATA = Path.of(System.getProperty("testdata.dir"));
    private static final List<String> MRZ = List.of("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L898902C36UTO7408122F1204159ZE184226B<<<<<10");

    @TempDir
    Path dir;

    private TestPassport passport;

    @BeforeEach
    void issue() throws Exception {
        TestPassportFactory factory = new TestPassportFactory(new SecureRandom(), Clock.systemUTC());
        CscaCredentials csca = factory.createCsca("UT", KeyAlgorithm.EC_P256);
        byte[] jpeg = java.nio.file.Files.readAllBytes(TESTDATA.resolve("lds/gmrtd-face-records/ISO19794_Test1_Face.jpg"));
        passport = factory.issue(csca, factory.createDocumentSigner(csca, KeyAlgorithm.RSA_2048_PSS), MRZ, jpeg,
                Map.of());
    }

    @Test
    void verify_genuinePassportPassesWithTheContractFields() throws Exception {
        passport.writeTo(dir);
        CliTestSupport.Run run = CliTestSupport.run("doc", "verify", "--lds", dir.toString(), "--trust",
                dir.resolve("pki/csca.pem").toString(), "--json");
        assertThat(run.status()).as(run.err()).isZero();
        JsonObject json = new JsonObject(run.out().strip());
        JsonObject pa = json.getJsonObject("passiveAuthentication");
        assertThat(pa.getString("result")).isEqualTo("PASSED");
        assertThat(pa.getString("signature")).isEqualTo("PASSED");
        assertThat(pa.getString("chain")).isEqualTo("PASSED");
        assertThat(pa.getJsonObject("dataGroups").getMap()).containsOnlyKeys("1", "2")
                .containsValues("PASSED");
        assertThat(json.getJsonObject("documentSigner").fieldNames()).contains("subject", "issuer", "serial");
        assertThat(json.getString("digestAlgorithm")).isEqualTo("SHA-256");
        assertThat(json.getString("signatureAlgorithm")).contains("PSS");
    }

    @Test
    void verify_tamperedPortraitFailsWithExitOne() throws Exception {
        TestPassportFactory.tamper(passport, Tamper.DG2_ALTERED).writeTo(dir);
        CliTestSupport.Run run = CliTestSupport.run("doc", "verify", "--lds", dir.toString(), "--trust",
                dir.resolve("pki/csca.pem").toString(), "--json");
        assertThat(run.status()).isEqualTo(1);
        JsonObject pa = new JsonObject(run.out().strip()).getJsonObject("passiveAuthentication");
        assertThat(pa.getString("result")).isEqualTo("FAILED");
        assertThat(pa.getJsonObject("dataGroups").getString("2")).isEqualTo("FAILED");
        assertThat(pa.getJsonObject("dataGroups").getString("1")).isEqualTo("PASSED");
    }

    @Test
    void verify_withoutCscaIsUndeterminedNotPassed() throws Exception {
        passport.writeTo(dir);
        CliTestSupport.Run run = CliTestSupport.run("doc", "verify", "--lds", dir.toString(), "--json");
        assertThat(run.status()).isEqualTo(1);
        assertThat(new JsonObject(run.out().strip()).getJsonObject("passiveAuthentication").getString("result"))
                .isEqualTo("UNDETERMINED");
    }

    @Test
    void verify_folderWithoutSodIsBadInput() {
        CliTestSupport.Run run = CliTestSupport.run("doc", "verify", "--lds", dir.toString(), "--json");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).isEqualTo("egate: no EF.SOD (tag 77) in " + dir);
    }

    @Test
    void inspect_germanMasterListVerifiesAgainstItsRoot() {
        Path lists = TESTDATA.resolve("pki/masterlists");
        CliTestSupport.Run run = CliTestSupport.run("masterlist", "inspect",
                lists.resolve("DE_ML_2026-05-28-08-28-45.ml").toString(), "--trust",
                lists.resolve("DE_ROOT_CA_CSCA07.cer").toString(), "--json");
        assertThat(run.status()).as(run.err()).isZero();
        JsonObject json = new JsonObject(run.out().strip());
        assertThat(json.getString("signature")).isEqualTo("PASSED");
        assertThat(json.getInteger("certificates")).isEqualTo(588);
        assertThat(json.getJsonArray("countries").getList()).contains("DE", "FR", "NL");
    }

    @Test
    void inspect_againstTheWrongRootFails() {
        Path lists = TESTDATA.resolve("pki/masterlists");
        CliTestSupport.Run run = CliTestSupport.run("masterlist", "inspect",
                lists.resolve("DE_ML_2026-05-28-08-28-45.ml").toString(), "--trust",
                lists.resolve("NL_ROOT_CA.cer").toString(), "--json");
        assertThat(run.status()).isEqualTo(1);
        assertThat(new JsonObject(run.out().strip()).getString("signature")).isEqualTo("FAILED");
    }
}
