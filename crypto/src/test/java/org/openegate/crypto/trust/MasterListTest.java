package org.openegate.crypto.trust;

import org.junit.jupiter.api.Test;
import org.openegate.crypto.CheckStatus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real German and Dutch CSCA master lists (testdata/pki/masterlists) and their roots. */
class MasterListTest {

    static final Path ML = Path.of(System.getProperty("testdata.dir", "../../shared/testdata"))
            .resolve("pki/masterlists");

    static byte[] read(String name) throws Exception {
        return Files.readAllBytes(ML.resolve(name));
    }

    static X509Certificate cert(String name) throws Exception {
        return Certificates.decode(read(name));
    }

    @Test
    void germanList_verifiesAgainstItsRootDespiteExplicitEcParameters() throws Exception {
        // OpenSSL 3 refuses this chain ("Certificate public key has explicit ECC parameters"), see SOURCES.md
        MasterList list = MasterList.parse(read("DE_ML_2026-05-28-08-28-45.ml"));
        assertThat(list.certificates()).hasSize(588);
        assertThat(list.undecodable()).isZero();
        // SOURCES.md counts 116 distinct subject C= values as written; some states write theirs in lower case
        java.util.Set<String> asWritten = new java.util.HashSet<>();
        for (X509Certificate c : list.certificates()) {
            org.bouncycastle.asn1.x500.RDN[] rdns = org.bouncycastle.asn1.x500.X500Name.getInstance(
                    c.getSubjectX500Principal().getEncoded()).getRDNs(org.bouncycastle.asn1.x500.style.BCStyle.C);
            asWritten.add(rdns[0].getFirst().getValue().toString());
        }
        assertThat(asWritten).hasSize(116);
        assertThat(list.countries()).hasSizeLessThan(116).contains("DE", "NL", "FR", "US");
        MasterList.Verification v = list.verify(List.of(cert("DE_ROOT_CA_CSCA07.cer")));
        assertThat(v.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(v.reason()).isEqualTo(MasterList.Reason.VERIFIED);
    }

    @Test
    void dutchList_verifiesAgainstItsRoot() throws Exception {
        MasterList list = MasterList.parse(read("NL_ML_2026-07-22.ml"));
        assertThat(list.certificates()).hasSize(411);
        assertThat(list.verify(List.of(cert("NL_ROOT_CA.cer"))).status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void list_failsUnderTheOtherCountrysRoot() throws Exception {
        MasterList.Verification v = MasterList.parse(read("NL_ML_2026-07-22.ml"))
                .verify(List.of(cert("DE_ROOT_CA_CSCA07.cer")));
        assertThat(v.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(v.reason()).isEqualTo(MasterList.Reason.SIGNER_NOT_TRUSTED);
    }

    @Test
    void list_isUndeterminedWithoutRoot() throws Exception {
        MasterList.Verification v = MasterList.parse(read("NL_ML_2026-07-22.ml")).verify(List.of());
        assertThat(v.status()).isEqualTo(CheckStatus.UNDETERMINED);
        assertThat(v.reason()).isEqualTo(MasterList.Reason.NO_ROOT);
    }

    @Test
    void list_withOneFlippedByteInTheContentFails() throws Exception {
        byte[] bytes = read("NL_ML_2026-07-22.ml");
        bytes[bytes.length / 3] ^= 0x01; // inside the certList
        MasterList.Verification v;
        try {
            v = MasterList.parse(bytes).verify(List.of(cert("NL_ROOT_CA.cer")));
        } catch (TrustStoreException e) {
            // the flip may also break the encoding of a structure; then it is refused outright
            assertThat(e.reason()).isIn(TrustStoreException.Reason.MALFORMED_MASTER_LIST);
            return;
        }
        assertThat(v.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(v.reason()).isEqualTo(MasterList.Reason.MESSAGE_DIGEST_MISMATCH);
    }

    @Test
    void trustStore_refusesAListNotSignedUnderItsRoots() {
        assertThatThrownBy(() -> TrustStore.builder(java.time.Clock.systemUTC())
                .masterListRoots(List.of(cert("DE_ROOT_CA_CSCA07.cer")))
                .addMasterList(read("NL_ML_2026-07-22.ml")))
                .isInstanceOf(TrustStoreException.class)
                .satisfies(e -> assertThat(((TrustStoreException) e).reason())
                        .isEqualTo(TrustStoreException.Reason.MASTER_LIST_SIGNATURE_INVALID));
    }

    @Test
    void parse_refusesASodAsMasterList() throws Exception {
        byte[] sod = Files.readAllBytes(ML.resolve("../../lds/gmrtd-sod/FR/EF_SOD.bin"));
        byte[] cms = java.util.Arrays.copyOfRange(sod, 4, sod.length); // strip 77 82 xx xx
        assertThatThrownBy(() -> MasterList.parse(cms)).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("2.23.136.1.1.1");
    }
}
