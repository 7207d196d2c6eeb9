package org.openegate.crypto.pa;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.lds.Com;
import org.openegate.crypto.lds.Dg1;
import org.openegate.crypto.lds.Dg2;
import org.openegate.crypto.lds.LdsFile;
import org.openegate.crypto.lds.Sod;
import org.openegate.crypto.trust.Certificates;
import org.openegate.crypto.trust.TrustStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The BSI TR-03105-5 reference passport (testdata/lds/bsi-tr03105-5): RSASSA-PSS signed SOD, DS "HJP PB DS" whose
 * CSCA "HJP PB CS" is not available, so the chain stays UNDETERMINED while every hashed data group passes.
 */
class BsiReferenceDataTest {

    static final Path DIR = Path.of(System.getProperty("testdata.dir", "../../shared/testdata"))
            .resolve("lds/bsi-tr03105-5");
    static final Instant AT = Instant.parse("2014-06-01T00:00:00Z");
    static byte[] sod;
    static Map<Integer, byte[]> hashed = new TreeMap<>();

    @BeforeAll
    static void read() throws Exception {
        sod = Files.readAllBytes(DIR.resolve("EF_SOD.bin"));
        for (int dg : new int[] {1, 2, 3, 4, 14}) {
            hashed.put(dg, Files.readAllBytes(DIR.resolve("Datagroup" + dg + ".bin")));
        }
    }

    PassiveAuthResult verify(Map<Integer, byte[]> groups) {
        return new PassiveAuthenticator(TrustStore.empty(Clock.systemUTC())).verify(sod, groups, AT);
    }

    @Test
    void bsi_hashedDataGroupsPassAndChainIsUndetermined() {
        PassiveAuthResult result = verify(hashed);
        assertThat(result.signature().status()).as(result.signature().detail()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.signatureAlgorithm()).isEqualTo("RSASSA-PSS(SHA-256,MGF1-SHA-256,salt=32)");
        assertThat(result.digestAlgorithm()).isEqualTo("SHA-256");
        assertThat(result.dataGroups()).containsOnlyKeys(1, 2, 3, 4, 14);
        assertThat(result.dataGroups().values()).allMatch(c -> c.status() == CheckStatus.PASSED);
        assertThat(result.chain().status()).isEqualTo(CheckStatus.UNDETERMINED);
        assertThat(result.chain().reason()).isEqualTo(PaReason.NO_TRUST_ANCHOR);
        assertThat(result.result()).isEqualTo(CheckStatus.UNDETERMINED);
        assertThat(result.issuingState().status()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.documentSigner()).hasValueSatisfying(ds -> assertThat(ds.subject()).contains("HJP PB DS"));
    }

    @Test
    void bsi_dg15IsNotCoveredBySod() throws Exception {
        // SOURCES.md: DG15 is present in the set but not listed in its SOD; an unprotected DG must not pass
        Map<Integer, byte[]> all = new TreeMap<>(hashed);
        all.put(15, Files.readAllBytes(DIR.resolve("Datagroup15.bin")));
        PassiveAuthResult result = verify(all);
        assertThat(result.dataGroups().get(15).reason()).isEqualTo(PaReason.DG_NOT_IN_SOD);
        assertThat(result.result()).isEqualTo(CheckStatus.FAILED);
    }

    @Test
    void bsi_oneFlippedByteInEachDataGroupFails() {
        for (int dg : hashed.keySet()) {
            Map<Integer, byte[]> groups = new TreeMap<>(hashed);
            byte[] altered = groups.get(dg).clone();
            altered[altered.length / 2] ^= 0x04;
            groups.put(dg, altered);
            PassiveAuthResult result = verify(groups);
            assertThat(result.result()).as("DG" + dg).isEqualTo(CheckStatus.FAILED);
            assertThat(result.dataGroups().get(dg).reason()).isEqualTo(PaReason.DG_HASH_MISMATCH);
        }
    }

    @Test
    void bsi_oneFlippedByteInTheSodFailsWherever() {
        Sod parsed = Sod.parse(sod);
        byte[] signature = parsed.signature();
        byte[] eContent = parsed.encapsulatedContent();
        // a byte in the signature value, one in the LDSSecurityObject, one in the signed attributes
        for (int offset : new int[] {indexOf(sod, signature) + 10, indexOf(sod, eContent) + eContent.length - 5,
                indexOf(sod, java.util.Arrays.copyOfRange(parsed.signedAttributes(), 2, 30)) + 20}) {
            byte[] altered = sod.clone();
            altered[offset] ^= 0x01;
            PassiveAuthResult result = new PassiveAuthenticator(TrustStore.empty(Clock.systemUTC()))
                    .verify(altered, hashed, AT);
            assertThat(result.result()).as("offset " + offset).isEqualTo(CheckStatus.FAILED);
        }
    }

    @Test
    void bsi_chainPassesWhenTheDsIsTrustedDirectly() throws Exception {
        // with the DS certificate itself as the anchor (a deployment that pins DS certificates) nothing is missing
        TrustStore store = TrustStore.builder(Clock.systemUTC()).build();
        PassiveAuthResult result = new PassiveAuthenticator(store).verify(sod, hashed, List.of(
                Certificates.decode(Files.readAllBytes(DIR.resolve("../../pki/port-py-server/dsc_de_0142fd5cf927.cer")))),
                List.of(), AT);
        assertThat(result.signature().status()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.chain().status()).isEqualTo(CheckStatus.UNDETERMINED);
    }

    @Test
    void bsi_parsersReadEveryFile() throws Exception {
        Com com = Com.parse(Files.readAllBytes(DIR.resolve("EF_COM.bin")));
        assertThat(com.ldsVersion()).isEqualTo("0107");
        assertThat(com.unicodeVersion()).isEqualTo("040000");
        // EF_COM tag list 61 75 63 76 6E
        assertThat(com.dataGroups()).containsExactly(LdsFile.DG1, LdsFile.DG2, LdsFile.DG3, LdsFile.DG4,
                LdsFile.DG14);
        Dg1 dg1 = Dg1.parse(hashed.get(1));
        assertThat(dg1.lines()).containsExactly("P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<",
                "C11T002JM4D<<9608122F2310314<<<<<<<<<<<<<<<4");
        assertThat(dg1.issuingState()).isEqualTo("D<<");
        Dg2 dg2 = Dg2.parse(hashed.get(2));
        assertThat(dg2.blocks()).hasSize(1);
        assertThat(dg2.blocks().get(0).formatOwner()).isEqualTo(0x0101);
        assertThat(dg2.blocks().get(0).formatType()).isEqualTo(0x0008);
        assertThat(new String(dg2.blocks().get(0).data(), 0, 3, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("FAC");
        // byte-exact re-encoding
        assertThat(com.encode()).isEqualTo(Files.readAllBytes(DIR.resolve("EF_COM.bin")));
        assertThat(dg1.encode()).isEqualTo(hashed.get(1));
        assertThat(dg2.encode()).isEqualTo(hashed.get(2));
        Sod parsed = Sod.parse(sod);
        assertThat(parsed.dataGroupHashes().keySet()).containsExactly(1, 2, 3, 4, 14);
        assertThat(LdsFile.identify(sod)).hasValue(LdsFile.SOD);
        assertThat(LdsFile.identify(hashed.get(14))).hasValue(LdsFile.DG14);
        assertThat(LdsFile.identify(hashed.get(3))).hasValue(LdsFile.DG3);
        assertThat(LdsFile.identify(hashed.get(4))).hasValue(LdsFile.DG4);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
