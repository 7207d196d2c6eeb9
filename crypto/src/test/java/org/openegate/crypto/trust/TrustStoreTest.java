package org.openegate.crypto.trust;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.crypto.lds.DistinguishedNames;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustStoreTest {

    static final Path PKI = Path.of(System.getProperty("testdata.dir", "../../shared/testdata")).resolve("pki");

    static X509Certificate cert(String path) throws Exception {
        return Certificates.decode(Files.readAllBytes(PKI.resolve(path)));
    }

    @Test
    void load_readsDerAndPemAndDropsDuplicates(@TempDir Path dir) throws Exception {
        byte[] der = Files.readAllBytes(PKI.resolve("port-py-server/csca_ch_7b.cer"));
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
        Files.write(dir.resolve("a.cer"), der);
        Files.writeString(dir.resolve("b.pem"), pem, StandardCharsets.US_ASCII);
        Files.copy(PKI.resolve("port-py-server/csca_us_4e32d006.cer"), dir.resolve("c.bin"));
        TrustStore store = TrustStore.builder(Clock.systemUTC()).load(dir).build();
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.countries()).containsExactly("CH", "US");
    }

    @Test
    void load_refusesAFileThatIsNoTrustMaterial(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "hello");
        assertThatThrownBy(() -> TrustStore.builder(Clock.systemUTC()).load(dir))
                .isInstanceOf(TrustStoreException.class).hasMessageContaining("notes.txt")
                .satisfies(e -> assertThat(((TrustStoreException) e).reason())
                        .isEqualTo(TrustStoreException.Reason.UNKNOWN_FORMAT));
    }

    @Test
    void issuerCandidates_matchesNamesWhateverTheRdnOrder() throws Exception {
        // the 2020 Indonesian link certificate names its issuer CN,OU,O,C; the 2016 CSCA's subject is the same
        // name, and the new CSCA's subject orders it C,O,OU,CN
        X509Certificate csca2016 = cert("csca-gmrtd-idn/2016-01_CSCA.cer");
        X509Certificate link2020 = cert("csca-gmrtd-idn/2020-10_CSCA_LINK.cer");
        X509Certificate csca2020 = cert("csca-gmrtd-idn/2020-10_CSCA.cer");
        TrustStore store = TrustStore.builder(Clock.systemUTC()).addCertificate(csca2016).build();
        assertThat(store.issuerCandidates(link2020)).containsExactly(csca2016);
        assertThat(Certificates.verifiedBy(link2020, csca2016)).isTrue();
        assertThat(DistinguishedNames.equivalent(link2020.getSubjectX500Principal(),
                csca2020.getSubjectX500Principal())).isTrue();
        assertThat(link2020.getSubjectX500Principal()).isNotEqualTo(csca2016.getSubjectX500Principal());
        assertThat(link2020.getPublicKey()).isEqualTo(csca2020.getPublicKey());
    }

    @Test
    void linkCertificates_connectOldAndNewGermanCsca() throws Exception {
        X509Certificate old = cert("port-py-server/csca_de_1.cer");
        X509Certificate link = cert("port-py-server/lcsca_de_9d.cer");
        X509Certificate current = cert("port-py-server/csca_de_3e8.cer");
        assertThat(Certificates.verifiedBy(link, old)).isTrue();
        assertThat(link.getPublicKey()).isEqualTo(current.getPublicKey());
        TrustStore store = TrustStore.builder(Clock.systemUTC()).addCertificate(old).build();
        assertThat(store.issuerCandidates(link)).containsExactly(old);
    }

    @Test
    void age_andStaleness_followTheClock() {
        Instant loaded = Instant.parse("2026-11-01T00:00:00Z");
        TrustStore store = TrustStore.empty(Clock.fixed(loaded, ZoneOffset.UTC));
        Clock later = Clock.fixed(loaded.plus(Duration.ofDays(10)), ZoneOffset.UTC);
        assertThat(store.loadedAt()).isEqualTo(loaded);
        assertThat(store.age(later)).isEqualTo(Duration.ofDays(10));
        assertThat(store.isStale(later, Duration.ofDays(7))).isTrue();
        assertThat(store.isStale(later, Duration.ofDays(30))).isFalse();
    }

    @Test
    void masterLists_mergeWithoutDuplicates() throws Exception {
        Path ml = PKI.resolve("masterlists");
        TrustStore once = TrustStore.builder(Clock.systemUTC()).load(ml.resolve("NL_ML_2026-07-22.ml")).build();
        TrustStore twice = TrustStore.builder(Clock.systemUTC()).load(ml.resolve("NL_ML_2026-07-22.ml"))
                .load(ml.resolve("NL_ML_2026-07-22.ml")).build();
        assertThat(twice.size()).isEqualTo(once.size()).isPositive();
    }
}
