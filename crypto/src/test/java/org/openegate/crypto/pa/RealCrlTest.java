package org.openegate.crypto.pa;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.trust.Certificates;
import org.openegate.crypto.trust.TrustStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revocation with real CSCA CRLs (testdata/pki/port-py-server, 2020-2021) for the real GB, US and CN SODs: each
 * CRL's signature is checked with the CSCA from the master lists, the DS is not on it, and the CRL is fresh at a
 * date inside its update window and stale after it.
 */
class RealCrlTest {

    static final Path TESTDATA = Path.of(System.getProperty("testdata.dir", "../../shared/testdata"));
    static TrustStore masterLists;

    @BeforeAll
    static void load() throws Exception {
        masterLists = RealSodTest.loadMasterLists();
    }

    @ParameterizedTest
    @CsvSource({
            "GB, crl_gb_fp_85824ab57b.crl, 2021-07-01T00:00:00Z, 2022-01-01T00:00:00Z",
            "US, crl_us_fp_ec0ddb2ee9.crl, 2021-07-10T00:00:00Z, 2022-01-01T00:00:00Z",
            "CN, crl_cn_fp_814acc723b.crl, 2020-11-01T00:00:00Z, 2021-06-01T00:00:00Z"})
    void realCrl_freshThenStale(String country, String crlFile, Instant fresh, Instant stale) throws Exception {
        byte[] sod = Files.readAllBytes(TESTDATA.resolve("lds/gmrtd-sod").resolve(country).resolve("EF_SOD.bin"));
        X509CRL crl = Certificates.decodeCrl(Files.readAllBytes(TESTDATA.resolve("pki/port-py-server").resolve(crlFile)));
        PassiveAuthenticator pa = new PassiveAuthenticator(masterLists);

        PassiveAuthResult atFresh = pa.verify(sod, Map.of(), List.of(), List.of(crl), fresh);
        assertThat(atFresh.revocation().status()).as(atFresh.revocation().detail()).isEqualTo(CheckStatus.PASSED);
        assertThat(atFresh.result()).isEqualTo(CheckStatus.PASSED);

        PassiveAuthResult atStale = pa.verify(sod, Map.of(), List.of(), List.of(crl), stale);
        assertThat(atStale.revocation().reason()).isEqualTo(PaReason.CRL_STALE);
        assertThat(atStale.result()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void realCrl_ofTheSameCscaNameCountsButIsStale() throws Exception {
        // the 2021 German CRL is signed by another csca-germany key than the one that issued the 2023 DS; it is
        // still the CSCA's CRL (found by its authority key identifier), just long past its nextUpdate
        byte[] sod = Files.readAllBytes(TESTDATA.resolve("lds/gmrtd-sod/DE/EF_SOD.bin"));
        X509CRL crl = Certificates.decodeCrl(Files.readAllBytes(
                TESTDATA.resolve("pki/port-py-server/crl_de_fp_e421c6cf21.crl")));
        PassiveAuthResult result = new PassiveAuthenticator(masterLists).verify(sod, Map.of(), List.of(),
                List.of(crl), Instant.parse("2023-06-01T00:00:00Z"));
        assertThat(result.revocation().reason()).isEqualTo(PaReason.CRL_STALE);
    }

    @Test
    void realCrl_loadsIntoTheTrustStoreByContent() {
        TrustStore store = TrustStore.builder(Clock.systemUTC()).load(TESTDATA.resolve("pki/port-py-server")).build();
        assertThat(store.crls()).hasSize(7);
        assertThat(store.size()).isEqualTo(18);
    }
}
