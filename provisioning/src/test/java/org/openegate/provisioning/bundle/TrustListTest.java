package org.openegate.provisioning.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.crypto.trust.Certificates;
import org.openegate.crypto.trust.TrustStore;

/** Trust-list bundles with real master lists, CSCA certificates and CRLs from ../shared/testdata/pki. */
class TrustListTest {

    static final Path PKI = Path.of(System.getProperty("testdata.dir", "../../shared/testdata"), "pki");
    static final Clock GATE = TestClocks.GATE;

    @TempDir
    Path root;

    static byte[] read(String relative) throws Exception {
        return Files.readAllBytes(PKI.resolve(relative));
    }

    @Test
    void load_realDutchMasterListAndCrlWithItsCsca() throws Exception {
        byte[] content = TrustListContent.pack(List.of(read("masterlists/NL_ML_2026-07-22.ml"),
                read("port-py-server/csca_us_4e32d006.cer"), read("port-py-server/crl_us_fp_ec0ddb2ee9.crl")));
        X509Certificate nlRoot = Certificates.decode(read("masterlists/NL_ROOT_CA.cer"));
        TrustStore store = TrustListContent.load(content, GATE, List.of(nlRoot));
        assertThat(store.certificates()).hasSizeGreaterThan(400);
        assertThat(store.crls()).hasSize(1);
        assertThat(store.countries()).contains("NL", "DE", "US");
    }

    @Test
    void unpack_returnsTheFilesByteForByte() throws Exception {
        List<byte[]> files = List.of(read("port-py-server/csca_si_448831f1.cer"), read("port-py-server/crl_de_fp_e421c6cf21.crl"));
        List<byte[]> back = TrustListContent.unpack(TrustListContent.pack(files));
        assertThat(back).hasSize(2);
        assertThat(back.get(0)).isEqualTo(files.get(0));
        assertThat(back.get(1)).isEqualTo(files.get(1));
    }

    @Test
    void load_refusesACrlWithoutItsIssuer() throws Exception {
        byte[] content = TrustListContent.pack(List.of(read("port-py-server/csca_si_448831f1.cer"),
                read("port-py-server/crl_gb_fp_85824ab57b.crl")));
        var e = assertThrows(BundleValidator.InvalidContentException.class,
                () -> TrustListContent.load(content, GATE, List.of()));
        assertThat(e.getMessage()).contains("is not signed by a CSCA in the list", "C=GB");
    }

    @Test
    void load_refusesAMasterListSignedUnderAnotherRoot() throws Exception {
        byte[] content = TrustListContent.pack(List.of(read("masterlists/NL_ML_2026-07-22.ml")));
        X509Certificate wrongRoot = FleetPki.create("Test", 100).caCert;
        var e = assertThrows(BundleValidator.InvalidContentException.class,
                () -> TrustListContent.load(content, GATE, List.of(wrongRoot)));
        assertThat(e.getMessage()).contains("entry 0", "MASTER_LIST_SIGNATURE_INVALID");
    }

    @Test
    void load_refusesAnAlteredMasterList() throws Exception {
        byte[] ml = read("masterlists/NL_ML_2026-07-22.ml");
        ml[ml.length / 2] ^= 0x01;
        var e = assertThrows(BundleValidator.InvalidContentException.class,
                () -> TrustListContent.load(TrustListContent.pack(List.of(ml)), GATE, List.of()));
        assertThat(e.getMessage()).contains("entry 0");
    }

    @Test
    void unpack_refusesWhatIsNotATrustList() {
        assertThat(assertThrows(BundleValidator.InvalidContentException.class,
                () -> TrustListContent.unpack(new byte[] {0x31, 0x00})).getMessage()).contains("tag 31");
        assertThat(assertThrows(BundleValidator.InvalidContentException.class,
                () -> TrustListContent.unpack(new byte[] {0x30, 0x03, 0x02, 0x01, 0x05})).getMessage())
                .contains("entry 0 has tag 02");
        assertThat(assertThrows(BundleValidator.InvalidContentException.class,
                () -> TrustListContent.unpack(new byte[] {0x30, 0x00})).getMessage()).contains("0 files");
        assertThat(assertThrows(BundleValidator.InvalidContentException.class,
                () -> TrustListContent.unpack(new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}))
                .getMessage()).contains("not DER");
    }

    @Test
    void load_refusesAListWithoutCertificates() throws Exception {
        // an unknown blob is refused by the trust store's format sniffing, naming the entry
        var e = assertThrows(BundleValidator.InvalidContentException.class,
                () -> TrustListContent.load(TrustListContent.pack(List.of("hello".getBytes())), GATE, List.of()));
        assertThat(e.getMessage()).contains("entry 0", "UNKNOWN_FORMAT");
    }

    @Test
    void trustListBundle_isValidatedActivatedAndAppliedThroughTheStore() throws Exception {
        FleetPki fleet = FleetPki.create("Test", 100);
        AtomicReference<TrustStore> applied = new AtomicReference<>();
        TrustListValidator validator = new TrustListValidator(GATE, List.of(), applied::set);
        byte[] good = TrustListContent.pack(List.of(read("port-py-server/csca_de_1.cer"),
                read("port-py-server/csca_de_3e8.cer"), read("port-py-server/lcsca_de_9d.cer")));
        List<byte[]> badFiles = new ArrayList<>(TrustListContent.unpack(good));
        badFiles.add(read("port-py-server/crl_gb_fp_85824ab57b.crl"));
        byte[] bad = TrustListContent.pack(badFiles);
        try (BundleStore store = BundleStore.open(root, new BundleVerifier(GATE, List.of(fleet.caCert)), "gate-7", "LHR",
                Map.of(BundleType.TRUSTLIST, validator))) {
            store.install(fleet.signer().sign(BundleType.TRUSTLIST, 1, "*", good));
            assertThat(applied.get().certificates()).hasSize(3);
            var e = assertThrows(BundleException.class,
                    () -> store.install(fleet.signer().sign(BundleType.TRUSTLIST, 2, "*", bad)));
            assertThat(e.reason()).isEqualTo(BundleException.Reason.INVALID_CONTENT);
            assertThat(store.active(BundleType.TRUSTLIST).orElseThrow().version()).isEqualTo(1);
            assertThat(new TrustListAge(GATE, 3).check(store).state()).isEqualTo(TrustListAge.State.OK);
        }
    }

    @Test
    void validator_appliesWhatItValidated_andLoadsOtherContentAfresh() throws Exception {
        AtomicReference<TrustStore> applied = new AtomicReference<>();
        TrustListValidator validator = new TrustListValidator(GATE, List.of(), applied::set);
        byte[] one = TrustListContent.pack(List.of(read("port-py-server/csca_si_448831f1.cer")));
        byte[] two = TrustListContent.pack(List.of(read("port-py-server/csca_de_1.cer"), read("port-py-server/csca_de_3e8.cer")));
        validator.validate(one);
        validator.apply(one);
        assertThat(applied.get().countries()).containsExactly("SI");
        validator.apply(two); // e.g. the previous bundle re-applied after a failed activation
        assertThat(applied.get().countries()).containsExactly("DE");
        assertThat(applied.get().certificates()).hasSize(2);
    }

    @Test
    void deflatedGermanMasterListFitsInOneCommand() throws Exception {
        // the 0.9 MB DE list is too big for a 1 MiB command in base64, but not once deflated
        byte[] content = TrustListContent.pack(List.of(read("masterlists/DE_ML_2026-05-28-08-28-45.ml")));
        byte[] bundle = FleetPki.create("Test", 100).signer().sign(BundleType.TRUSTLIST, 1, "*", content);
        String base64 = BundleCommands.args(bundle).get(BundleCommands.ARG).textValue();
        assertThat(bundle.length * 4 / 3).isGreaterThan(1024 * 1024);
        assertThat(base64.length()).isLessThan(900 * 1024);
        Instant now = Instant.parse("2026-11-27T10:00:00Z");
        assertThat(TrustListContent.load(content, Clock.fixed(now, ZoneOffset.UTC), List.of()).certificates())
                .hasSizeGreaterThan(500);
    }
}
