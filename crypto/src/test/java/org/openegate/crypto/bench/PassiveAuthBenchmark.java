package org.openegate.crypto.bench;

import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.lds.Sod;
import org.openegate.crypto.pa.PaReason;
import org.openegate.crypto.pa.PassiveAuthResult;
import org.openegate.crypto.pa.PassiveAuthenticator;
import org.openegate.crypto.tlv.TlvReader;
import org.openegate.crypto.trust.Certificates;
import org.openegate.crypto.trust.TrustStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Passive Authentication (9303-11 §5.1) of a real SOD: the CMS signature, the chain from the Document Signer to its
 * CSCA, and two data group hashes, through {@link PassiveAuthenticator}; against a baseline of BouncyCastle's bare
 * CMS signature verification of the same SOD.
 *
 * <p>Which data: no set in {@code testdata} has all three of a real SOD, its CSCA and its data groups. The
 * gmrtd-sod country folders have real national SODs with their DSC and CSCA but no data group files; the BSI
 * TR-03105-5 set has DG1 and DG2 but no CSCA for its signer. So {@link #passiveAuthentication} verifies a gmrtd
 * country SOD (signature and chain PASSED against the country's real CSCA) and hashes the real BSI DG1 (93 bytes)
 * and DG2 (15 083 bytes, a JPEG face) as data groups 1 and 2 with the SOD's own digest. Those two hashes do not match
 * that SOD (the check is FAILED with DG_HASH_MISMATCH), but the work is that of a genuine passport: the
 * authenticator hashes every data group and compares it whatever the other checks found (no short cut on failure).
 * {@link CountryState#setUp} asserts these outcomes, so the benchmark measures what it claims. DE is ECDSA over
 * brainpoolP384r1 with explicit curve parameters and SHA-384; FR is RSA with SHA-256.
 *
 * <p>{@link #passiveAuthenticationBsi} is the all-matching variant on the BSI set alone: signature (RSASSA-PSS) and
 * both hashes PASSED, the chain UNDETERMINED because no CSCA is published for its signer, so no chain signature is
 * verified there.
 *
 * <p>{@link #baselineBouncyCastleCms} is the floor: {@code CMSSignedData} plus {@code SignerInformation.verify} with
 * the Document Signer certificate of the same SOD (messageDigest and signature, no chain, no data groups).
 *
 * <p>Run from the repository root (bench.sh compiles first; results under crypto/target, not committed). With the
 * class defaults (2 forks, 5 x 2 s warm-up, 10 x 2 s measurement), for numbers to quote:
 * <pre>
 * crypto/bench.sh PassiveAuthBenchmark -rf json -rff crypto/target/jmh-passive-auth.json
 * </pre>
 * A quicker look, as measured when this was written on a loaded 2-core machine (with 3 x 1 s of warm-up the
 * scores were still falling by 10x or more: under load the JIT needs about 4 warm-up iterations of 2 s):
 * <pre>
 * crypto/bench.sh PassiveAuthBenchmark -f 1 -wi 5 -i 5 -w 2s -r 1s -rf json -rff crypto/target/jmh-passive-auth.json
 * </pre>
 * The test data is found through the {@code testdata.dir} system property, which bench.sh sets to
 * {@code ../shared/testdata}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(2)
public class PassiveAuthBenchmark {

    /** A real national SOD with its CSCA, and the BSI DG1 and DG2 hashed against it. */
    @State(Scope.Benchmark)
    public static class CountryState {

        /** gmrtd-sod folders: DE (ECDSA brainpool, explicit parameters, SHA-384) and FR (RSA, SHA-256). */
        @Param({"DE", "FR"})
        public String country;

        byte[] sod;
        Map<Integer, byte[]> dataGroups;
        PassiveAuthenticator authenticator;
        Instant validationTime;
        byte[] signedData;
        X509Certificate documentSigner;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            var dir = TestData.path("lds/gmrtd-sod/" + country);
            sod = Files.readAllBytes(dir.resolve("EF_SOD.bin"));
            documentSigner = Certificates.decode(Files.readAllBytes(dir.resolve("DSC.cer")));
            X509Certificate csca = Certificates.decode(Files.readAllBytes(dir.resolve("CSCA.cer")));
            dataGroups = TestData.bsiDg1AndDg2();
            TrustStore store = TrustStore.builder(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
                    .addCertificate(csca).build();
            authenticator = new PassiveAuthenticator(store);
            // the certificates have expired since; validate inside the DSC's validity, as RealSodTest does
            validationTime = documentSigner.getNotBefore().toInstant().plus(Duration.ofDays(1));
            signedData = TlvReader.readFirst(sod).value();

            PassiveAuthResult result = authenticator.verify(sod, dataGroups, validationTime);
            TestData.require(result.signature().status() == CheckStatus.PASSED, "signature " + result.signature());
            TestData.require(result.chain().status() == CheckStatus.PASSED, "chain " + result.chain());
            for (int dg : List.of(1, 2)) {
                TestData.require(result.dataGroups().get(dg).reason() == PaReason.DG_HASH_MISMATCH,
                        "DG" + dg + " " + result.dataGroups().get(dg));
            }
            TestData.require(baseline(signedData, documentSigner), "BouncyCastle CMS verify of " + country);
        }
    }

    /** The BSI TR-03105-5 reference passport: SOD, DG1, DG2; no CSCA. */
    @State(Scope.Benchmark)
    public static class BsiState {

        byte[] sod;
        Map<Integer, byte[]> dataGroups;
        PassiveAuthenticator authenticator;
        Instant validationTime;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            sod = Files.readAllBytes(TestData.path("lds/bsi-tr03105-5/EF_SOD.bin"));
            dataGroups = TestData.bsiDg1AndDg2();
            authenticator = new PassiveAuthenticator(TrustStore.empty(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC)));
            // inside the Document Signer's validity (2013-12-16 to 2014-12-11): the date check must pass so that
            // the chain check goes on to look for the issuer
            validationTime = Sod.parse(sod).certificates().get(0).getNotBefore().toInstant().plus(Duration.ofDays(1));

            PassiveAuthResult result = authenticator.verify(sod, dataGroups, validationTime);
            TestData.require(result.signature().status() == CheckStatus.PASSED, "signature " + result.signature());
            TestData.require(result.chain().status() == CheckStatus.UNDETERMINED, "chain " + result.chain());
            for (int dg : List.of(1, 2)) {
                TestData.require(result.dataGroups().get(dg).status() == CheckStatus.PASSED,
                        "DG" + dg + " " + result.dataGroups().get(dg));
            }
        }
    }

    @Benchmark
    public PassiveAuthResult passiveAuthentication(CountryState state) {
        return state.authenticator.verify(state.sod, state.dataGroups, state.validationTime);
    }

    @Benchmark
    public PassiveAuthResult passiveAuthenticationBsi(BsiState state) {
        return state.authenticator.verify(state.sod, state.dataGroups, state.validationTime);
    }

    @Benchmark
    public boolean baselineBouncyCastleCms(CountryState state) {
        return baseline(state.signedData, state.documentSigner);
    }

    /** Bare BouncyCastle: decode the SignedData, verify the one SignerInfo with the DSC's key. */
    static boolean baseline(byte[] signedData, X509Certificate documentSigner) {
        try {
            CMSSignedData cms = new CMSSignedData(signedData);
            SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
            return signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(TestData.BC)
                    .build(documentSigner));
        } catch (CMSException | OperatorCreationException e) {
            throw new IllegalStateException("baseline CMS verification failed: " + e.getMessage(), e);
        }
    }
}
