package org.openegate.crypto.bench;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.openegate.crypto.trust.Certificates;
import org.openegate.crypto.trust.TrustStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Loading the German CSCA master list (9303-12 §8; testdata/pki/masterlists/DE_ML_2026-05-28-08-28-45.ml, 902 KB,
 * 588 certificates) into a {@link TrustStore} with its root (DE_ROOT_CA_CSCA07.cer), as a gate does when an
 * operator pushes a new list: CMS decoding, the list signer's signature and chain to the root, decoding every
 * certificate, re-decoding it through BouncyCastle and indexing it by fingerprint, key identifier and name.
 *
 * <p>Two baselines with BouncyCastle alone on the same bytes: {@link #baselineDecodeCertificates} parses the CMS
 * and converts the 588 certificates to {@code X509Certificate} (no signature check);
 * {@link #baselineDecodeAndVerifySignature} adds the CMS signature check with the signer certificate the list
 * carries (no chain to the root).
 *
 * <p>Run from the repository root (bench.sh compiles first; results under crypto/target, not committed). With the
 * class defaults (2 forks, 5 x 2 s warm-up, 10 x 2 s measurement), for numbers to quote:
 * <pre>
 * crypto/bench.sh MasterListBenchmark -rf json -rff crypto/target/jmh-master-list.json
 * </pre>
 * A quicker look, as measured when this was written on a loaded 2-core machine (with 3 x 1 s of warm-up the
 * scores were still falling by 10x or more: under load the JIT needs about 4 warm-up iterations of 2 s):
 * <pre>
 * crypto/bench.sh MasterListBenchmark -f 1 -wi 5 -i 5 -w 2s -r 1s -rf json -rff crypto/target/jmh-master-list.json
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(2)
@State(Scope.Benchmark)
public class MasterListBenchmark {

    static final int EXPECTED_CERTIFICATES = 588;

    byte[] masterList;
    X509Certificate root;
    Clock clock;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        var dir = TestData.path("pki/masterlists");
        masterList = Files.readAllBytes(dir.resolve("DE_ML_2026-05-28-08-28-45.ml"));
        root = Certificates.decode(Files.readAllBytes(dir.resolve("DE_ROOT_CA_CSCA07.cer")));
        clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        int loaded = loadIntoTrustStore().size();
        TestData.require(loaded == EXPECTED_CERTIFICATES, "trust store holds " + loaded + " certificates");
        int decoded = baselineDecodeCertificates().size();
        TestData.require(decoded == EXPECTED_CERTIFICATES, "baseline decoded " + decoded + " certificates");
        TestData.require(baselineDecodeAndVerifySignature().size() == EXPECTED_CERTIFICATES,
                "baseline with signature check");
    }

    @Benchmark
    public TrustStore loadIntoTrustStore() {
        return TrustStore.builder(clock).masterListRoots(List.of(root)).addBytes(masterList).build();
    }

    @Benchmark
    public List<X509Certificate> baselineDecodeCertificates() {
        try {
            return decode(new CMSSignedData(masterList));
        } catch (CMSException e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    public List<X509Certificate> baselineDecodeAndVerifySignature() {
        try {
            CMSSignedData cms = new CMSSignedData(masterList);
            SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
            @SuppressWarnings("unchecked")
            X509CertificateHolder signerCert = (X509CertificateHolder) cms.getCertificates()
                    .getMatches(signer.getSID()).iterator().next();
            TestData.require(signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(TestData.BC)
                    .build(signerCert)), "master list CMS signature");
            return decode(cms);
        } catch (CMSException | OperatorCreationException | CertificateException e) {
            throw new IllegalStateException(e);
        }
    }

    /** CscaMasterList ::= SEQUENCE { version, certList SET OF Certificate } (9303-12 §8). */
    private static List<X509Certificate> decode(CMSSignedData cms) {
        try {
            byte[] content = (byte[]) cms.getSignedContent().getContent();
            ASN1Sequence list = ASN1Sequence.getInstance(ASN1Primitive.fromByteArray(content));
            ASN1Set certList = ASN1Set.getInstance(list.getObjectAt(1));
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter().setProvider(TestData.BC);
            List<X509Certificate> certificates = new ArrayList<>(certList.size());
            for (ASN1Encodable element : certList) {
                certificates.add(converter.getCertificate(new X509CertificateHolder(
                        element.toASN1Primitive().getEncoded(ASN1Encoding.DER))));
            }
            return certificates;
        } catch (IOException | CertificateException e) {
            throw new IllegalStateException(e);
        }
    }
}
