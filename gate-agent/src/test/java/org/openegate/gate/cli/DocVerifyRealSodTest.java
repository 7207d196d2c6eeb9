package org.openegate.gate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openegate.crypto.trust.Certificates;

/**
 * Issue 3, acceptance 2, as a script would run it: {@code egate doc verify} on the 13 real SODs of the shared test
 * data, trusting only the German and Dutch master lists, on a date inside the Document Signer's validity. These
 * include explicit EC parameters (AT, DE, FI, GB, RU), RSASSA-PSS (MY, PH, SG) and MY's DN order.
 */
class DocVerifyRealSodTest {

    private static final Path TESTDATA = Path.of(System.getProperty("testdata.dir"));

    @ParameterizedTest
    @ValueSource(strings = {"AT", "AU", "CN", "DE", "FI", "FR", "GB", "MY", "NZ", "PH", "RU", "SG", "US"})
    void verify_realSodPassesSignatureAndChainUnderTheDeAndNlMasterLists(String country) throws Exception {
        Path folder = TESTDATA.resolve("lds/gmrtd-sod").resolve(country);
        // BouncyCastle decodes it: the JDK refuses the explicit EC parameters of AT, DE, FI, GB and RU
        X509Certificate signer = Certificates.decode(Files.readAllBytes(folder.resolve("DSC.cer")));
        String insideValidity = signer.getNotBefore().toInstant().atZone(ZoneOffset.UTC).toLocalDate().plusDays(2)
                .toString();
        Path lists = TESTDATA.resolve("pki/masterlists");

        CliTestSupport.Run run = CliTestSupport.run("doc", "verify", "--lds", folder.toString(),
                "--trust", lists.resolve("DE_ML_2026-05-28-08-28-45.ml").toString(),
                "--trust", lists.resolve("NL_ML_2026-07-22.ml").toString(), "--at", insideValidity, "--json");

        assertThat(run.status()).as(run.err()).isZero();
        JsonObject pa = new JsonObject(run.out().strip()).getJsonObject("passiveAuthentication");
        assertThat(pa.getString("signature")).isEqualTo("PASSED");
        assertThat(pa.getString("chain")).isEqualTo("PASSED");
        assertThat(pa.getString("result")).isEqualTo("PASSED");
    }
}
