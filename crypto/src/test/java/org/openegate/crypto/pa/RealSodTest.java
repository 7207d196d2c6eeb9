package org.openegate.crypto.pa;

import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.lds.Sod;
import org.openegate.crypto.trust.Certificates;
import org.openegate.crypto.trust.TrustStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Passive Authentication of the 13 real-country SODs in testdata/lds/gmrtd-sod against the DE and NL master lists
 * (testdata/pki/masterlists), as gmrtd's own test does. The SODs come without their data groups, so the DG1 and DG2
 * hashes are compared with expected.json instead.
 */
class RealSodTest {

    static final Path TESTDATA = Path.of(System.getProperty("testdata.dir", "../../shared/testdata"));
    static final Path SODS = TESTDATA.resolve("lds/gmrtd-sod");
    static TrustStore masterLists;

    @BeforeAll
    static void load() throws Exception {
        masterLists = loadMasterLists();
    }

    static TrustStore loadMasterLists() throws Exception {
        Path ml = TESTDATA.resolve("pki/masterlists");
        return TrustStore.builder(Clock.systemUTC())
                .masterListRoots(List.of(
                        Certificates.decode(Files.readAllBytes(ml.resolve("DE_ROOT_CA_CSCA07.cer"))),
                        Certificates.decode(Files.readAllBytes(ml.resolve("NL_ROOT_CA.cer")))))
                .load(ml.resolve("DE_ML_2026-05-28-08-28-45.ml"))
                .load(ml.resolve("NL_ML_2026-07-22.ml"))
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"AT", "AU", "CN", "DE", "FI", "FR", "GB", "MY", "NZ", "PH", "RU", "SG", "US"})
    void realSod_signatureAndChainPassAgainstMasterLists(String country) throws Exception {
        Path dir = SODS.resolve(country);
        byte[] sodBytes = Files.readAllBytes(dir.resolve("EF_SOD.bin"));
        X509Certificate dsc = Certificates.decode(Files.readAllBytes(dir.resolve("DSC.cer")));
        X509Certificate csca = Certificates.decode(Files.readAllBytes(dir.resolve("CSCA.cer")));
        String expected = Files.readString(dir.resolve("expected.json"));

        Sod sod = Sod.parse(sodBytes);
        assertThat(sod.certificates()).contains(dsc);
        assertThat(Hex.toHexString(sod.dataGroupHash(1).orElseThrow())).isEqualTo(field(expected, "dg1HashHex"));
        assertThat(Hex.toHexString(sod.dataGroupHash(2).orElseThrow())).isEqualTo(field(expected, "dg2HashHex"));

        // a date inside the DSC's (and so the CSCA's) validity
        Instant at = dsc.getNotBefore().toInstant().plus(Duration.ofDays(1));
        PassiveAuthResult result = new PassiveAuthenticator(masterLists).verify(sodBytes, Map.of(), at);
        assertThat(result.signature().status()).as(country + " signature: " + result.signature().detail())
                .isEqualTo(CheckStatus.PASSED);
        assertThat(result.chain().status()).as(country + " chain: " + result.chain().detail())
                .isEqualTo(CheckStatus.PASSED);
        assertThat(result.result()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.chainCertificates()).hasSize(2);
        assertThat(result.chainCertificates().get(0)).isEqualTo(dsc);
        assertThat(result.chainCertificates().get(1).getPublicKey()).isEqualTo(csca.getPublicKey());
        if (java.util.Set.of("AT", "DE", "FI", "GB", "RU").contains(country)) {
            // these Document Signer keys carry explicit EC domain parameters (README.md: OpenSSL and Python's
            // cryptography refuse them); the signature above verified anyway
            org.bouncycastle.asn1.x509.SubjectPublicKeyInfo spki = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo
                    .getInstance(dsc.getPublicKey().getEncoded());
            assertThat(spki.getAlgorithm().getParameters()).isInstanceOf(org.bouncycastle.asn1.ASN1Sequence.class);
        }
        if (java.util.Set.of("MY", "PH", "SG").contains(country)) {
            assertThat(result.signatureAlgorithm()).startsWith("RSASSA-PSS(");
        }
    }

    @org.junit.jupiter.api.Test
    void malaysianSod_identifiesItsSignerDespiteAnotherRdnOrder() throws Exception {
        // README.md: OpenSSL reports "signer certificate not found" because the SignerInfo issuer orders its RDNs
        // C,O,ST,L,OU,CN while the certificate's issuer says C,ST,L,O,OU,CN
        Path dir = SODS.resolve("MY");
        Sod sod = Sod.parse(Files.readAllBytes(dir.resolve("EF_SOD.bin")));
        X509Certificate dsc = Certificates.decode(Files.readAllBytes(dir.resolve("DSC.cer")));
        byte[] signerIssuer = sod.signedContent().signerIssuer().orElseThrow().getEncoded();
        assertThat(signerIssuer).isNotEqualTo(dsc.getIssuerX500Principal().getEncoded());
        assertThat(sod.signedContent().identifiedSigners(List.of(dsc))).containsExactly(dsc);
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([0-9a-f]+)\"").matcher(json);
        assertThat(m.find()).as(name).isTrue();
        return m.group(1);
    }
}
