package org.openegate.crypto.pa;

import org.junit.jupiter.api.Test;
import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.lds.LdsFile;
import org.openegate.crypto.trust.TrustStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The ETSI TR 103 200 prototype SOD and the Slovenian SOD, with their CSCAs from testdata/pki/port-py-server. */
class OtherRealSodTest {

    static final Path TESTDATA = Path.of(System.getProperty("testdata.dir", "../../shared/testdata"));

    PassiveAuthResult verify(String sod, String csca, Map<Integer, byte[]> groups, Instant at) throws Exception {
        TrustStore store = TrustStore.builder(Clock.systemUTC())
                .load(TESTDATA.resolve("pki/port-py-server").resolve(csca)).build();
        return new PassiveAuthenticator(store).verify(Files.readAllBytes(TESTDATA.resolve(sod)), groups, at);
    }

    @Test
    void etsiSod_passesAtADateInsideItsExpiredCertificates() throws Exception {
        PassiveAuthResult result = verify("lds/etsi-tr103200-de/ef.sod_de_9712AB14.bin",
                "csca_de_0130846f22c2.der", Map.of(), Instant.parse("2012-01-01T00:00:00Z"));
        assertThat(result.signature().status()).as(result.signature().detail()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.chain().status()).as(result.chain().detail()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.result()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.documentSigner()).hasValueSatisfying(ds -> assertThat(ds.subject()).contains("ETSI DS"));
    }

    @Test
    void etsiSod_failsAtTodaysDate() throws Exception {
        PassiveAuthResult result = verify("lds/etsi-tr103200-de/ef.sod_de_9712AB14.bin",
                "csca_de_0130846f22c2.der", Map.of(), Instant.parse("2026-11-28T00:00:00Z"));
        assertThat(result.result()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.chain().reason()).isEqualTo(PaReason.DS_CERTIFICATE_NOT_VALID_AT_DATE);
    }

    @Test
    void slovenianSod_passesWithItsDg15() throws Exception {
        byte[] dg15 = Files.readAllBytes(TESTDATA.resolve("lds/zeropass-si/ef.dg15_si_454CB206.bin"));
        assertThat(LdsFile.identify(dg15)).hasValue(LdsFile.DG15);
        PassiveAuthResult result = verify("lds/zeropass-si/ef.sod_si_454CB206.bin", "csca_si_448831f1.cer",
                Map.of(15, dg15), Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(result.signature().status()).as(result.signature().detail()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.chain().status()).as(result.chain().detail()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.dataGroup(15)).hasValue(CheckStatus.PASSED);
        assertThat(result.result()).isEqualTo(CheckStatus.PASSED);
    }
}
