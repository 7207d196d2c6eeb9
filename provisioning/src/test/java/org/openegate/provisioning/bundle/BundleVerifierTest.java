package org.openegate.provisioning.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openegate.provisioning.bundle.BundleException.Reason;

class BundleVerifierTest {

    static final byte[] CONFIG = "gate:\n  mode: open\n  faceThreshold: 0.42\n".getBytes(StandardCharsets.UTF_8);
    static FleetPki fleet;
    static FleetPki rogue;

    @BeforeAll
    static void pki() throws Exception {
        fleet = FleetPki.create("Test", 100);
        rogue = FleetPki.create("Rogue", 200);
    }

    private static BundleVerifier verifier() {
        return new BundleVerifier(TestClocks.GATE, List.of(fleet.caCert));
    }

    private static Reason reasonOf(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(() -> {
            try {
                call.call();
            } catch (Throwable t) {
                caught[0] = t;
                throw t;
            }
        }).isInstanceOf(BundleException.class);
        return ((BundleException) caught[0]).reason();
    }

    @Test
    void verifyFor_acceptsABundleFromTheFleetOperator_andReturnsWhatWasSigned() throws Exception {
        byte[] bundle = fleet.signer().sign(BundleType.CONFIG, 7, "gate-7", CONFIG);
        VerifiedBundle v = verifier().verifyFor(bundle, "gate-7", "LHR-T5");
        assertThat(v.type()).isEqualTo(BundleType.CONFIG);
        assertThat(v.version()).isEqualTo(7);
        assertThat(v.target()).isEqualTo("gate-7");
        assertThat(v.content()).isEqualTo(CONFIG);
        assertThat(v.signedAt()).isEqualTo(TestClocks.SIGNING.instant());
        assertThat(v.signer()).contains("CN=Test Operator");
        assertThat(v.encoded()).isEqualTo(bundle);
    }

    @Test
    void verifyFor_acceptsSiteAndFleetWideTargets() throws Exception {
        BundleSigner s = fleet.signer();
        assertThat(verifier().verifyFor(s.sign(BundleType.POLICY, 1, "site:LHR-T5", CONFIG), "gate-7", "LHR-T5").target())
                .isEqualTo("site:LHR-T5");
        assertThat(verifier().verifyFor(s.sign(BundleType.POLICY, 1, "*", CONFIG), "gate-7", "LHR-T5").target())
                .isEqualTo("*");
    }

    @Test
    void verifyFor_rejectsWrongTargets() throws Exception {
        BundleSigner s = fleet.signer();
        assertThat(reasonOf(() -> verifier().verifyFor(s.sign(BundleType.CONFIG, 1, "gate-8", CONFIG), "gate-7", "LHR")))
                .isEqualTo(Reason.WRONG_TARGET);
        assertThat(reasonOf(() -> verifier().verifyFor(s.sign(BundleType.CONFIG, 1, "site:CDG", CONFIG), "gate-7", "LHR")))
                .isEqualTo(Reason.WRONG_TARGET);
        // a device id equal to a site name is not a site target
        assertThat(reasonOf(() -> verifier().verifyFor(s.sign(BundleType.CONFIG, 1, "LHR", CONFIG), "gate-7", "LHR")))
                .isEqualTo(Reason.WRONG_TARGET);
    }

    @Test
    void verify_rejectsAlteredContent() throws Exception {
        byte[] bundle = fleet.signer().sign(BundleType.CONFIG, 3, "gate-7", CONFIG);
        int at = indexOf(bundle, "faceThreshold: 0.42".getBytes(StandardCharsets.UTF_8));
        bundle[at + "faceThreshold: 0.".length()] = '9'; // 0.42 -> 0.92
        assertThat(reasonOf(() -> verifier().verify(bundle))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void verify_rejectsAlteredSignedTarget() throws Exception {
        byte[] bundle = fleet.signer().sign(BundleType.CONFIG, 3, "gate-7", CONFIG);
        int at = indexOf(bundle, "gate-7".getBytes(StandardCharsets.US_ASCII));
        bundle[at + 5] = '8';
        assertThat(reasonOf(() -> verifier().verifyFor(bundle, "gate-8", "LHR"))).isEqualTo(Reason.BAD_SIGNATURE);
    }

    @Test
    void verify_rejectsAlteredSignature() throws Exception {
        byte[] bundle = fleet.signer().sign(BundleType.CONFIG, 3, "gate-7", CONFIG);
        bundle[bundle.length - 5] ^= 0x01; // inside the ECDSA signature, the last element
        assertThat(reasonOf(() -> verifier().verify(bundle))).isIn(Reason.BAD_SIGNATURE, Reason.MALFORMED);
    }

    @Test
    void verify_rejectsAnUnsignedBundle() throws Exception {
        CMSSignedDataGenerator g = new CMSSignedDataGenerator();
        g.addCertificates(new JcaCertStore(List.of(fleet.operatorCert)));
        byte[] unsigned = g.generate(new CMSProcessableByteArray(BundleFormat.CONTENT_TYPE, CONFIG), true).getEncoded("DER");
        BundleException e = org.junit.jupiter.api.Assertions.assertThrows(BundleException.class,
                () -> verifier().verify(unsigned));
        assertThat(e.reason()).isEqualTo(Reason.UNSIGNED);
        assertThat(e.getMessage()).contains("no SignerInfo");
    }

    @Test
    void verify_rejectsBytesThatAreNoBundle() {
        assertThat(reasonOf(() -> verifier().verify(CONFIG))).isEqualTo(Reason.MALFORMED);
        assertThat(reasonOf(() -> verifier().verify(new byte[0]))).isEqualTo(Reason.MALFORMED);
        assertThat(reasonOf(() -> verifier().verify(new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, 0x00})))
                .isEqualTo(Reason.MALFORMED);
    }

    @Test
    void verify_rejectsOtherSignedData_byItsContentType() throws Exception {
        byte[] other = cms(org.bouncycastle.asn1.cms.CMSObjectIdentifiers.data, fleet.operatorKey, fleet.operatorCert,
                "SHA256withECDSA", true, TestClocks.SIGNING.instant());
        BundleException e = org.junit.jupiter.api.Assertions.assertThrows(BundleException.class,
                () -> verifier().verify(other));
        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(e.getMessage()).contains("1.2.840.113549.1.7.1");
    }

    @Test
    void verify_rejectsAnotherFleetsOperator() throws Exception {
        byte[] bundle = rogue.signer().sign(BundleType.CONFIG, 99, "*", CONFIG);
        BundleException e = org.junit.jupiter.api.Assertions.assertThrows(BundleException.class,
                () -> verifier().verify(bundle));
        assertThat(e.reason()).isEqualTo(Reason.UNTRUSTED_SIGNER);
        assertThat(e.getMessage()).contains("Rogue Operator");
    }

    @Test
    void verify_rejectsACaCertificateUsedAsIssuerWithoutBeingACa() throws Exception {
        // the operator certificate is not a CA: a certificate it "issued" must not be trusted through it
        KeyPair other = FleetPki.p256(300);
        X509Certificate issuedByOperator = FleetPki.certificate("CN=Test Operator,O=OpenEgate", "CN=Sub,O=OpenEgate",
                other, fleet.operatorKey, false, FleetPki.NOT_BEFORE, FleetPki.NOT_AFTER, 9);
        byte[] bundle = new BundleSigner(other.getPrivate(), issuedByOperator, TestClocks.SIGNING, FleetPki.seeded(1))
                .sign(BundleType.CONFIG, 1, "*", CONFIG);
        assertThat(reasonOf(() -> new BundleVerifier(TestClocks.GATE, List.of(fleet.operatorCert)).verify(bundle)))
                .isEqualTo(Reason.UNTRUSTED_SIGNER);
    }

    @Test
    void verify_acceptsAPinnedOperatorCertificateAsAnchor() throws Exception {
        byte[] bundle = fleet.signer().sign(BundleType.WATCHLIST, 2, "*", CONFIG);
        assertThat(new BundleVerifier(TestClocks.GATE, List.of(fleet.operatorCert)).verify(bundle).version()).isEqualTo(2);
    }

    @Test
    void verify_rejectsAnExpiredOperatorCertificate() throws Exception {
        Clock later = Clock.fixed(FleetPki.NOT_AFTER.plusSeconds(60), ZoneOffset.UTC);
        byte[] bundle = new BundleSigner(fleet.operatorKey.getPrivate(), fleet.operatorCert, later, FleetPki.seeded(3))
                .sign(BundleType.CONFIG, 1, "*", CONFIG);
        BundleException e = org.junit.jupiter.api.Assertions.assertThrows(BundleException.class,
                () -> new BundleVerifier(later, List.of(fleet.caCert)).verify(bundle));
        assertThat(e.reason()).isEqualTo(Reason.SIGNER_NOT_VALID);
        assertThat(e.getMessage()).contains("2028-01-01T00:00:00Z");
    }

    @Test
    void verify_rejectsASigningTimeFarInTheFuture() throws Exception {
        Clock future = Clock.fixed(TestClocks.GATE.instant().plusSeconds(3600), ZoneOffset.UTC);
        byte[] bundle = new BundleSigner(fleet.operatorKey.getPrivate(), fleet.operatorCert, future, FleetPki.seeded(3))
                .sign(BundleType.TRUSTLIST, 1, "*", CONFIG);
        assertThat(reasonOf(() -> verifier().verify(bundle))).isEqualTo(Reason.SIGNED_IN_FUTURE);
    }

    @Test
    void verify_rejectsSha1() throws Exception {
        byte[] bundle = cms(BundleFormat.CONTENT_TYPE, fleet.operatorKey, fleet.operatorCert, "SHA1withECDSA", true,
                TestClocks.SIGNING.instant());
        assertThat(reasonOf(() -> verifier().verify(bundle))).isEqualTo(Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void verify_rejectsABundleWithoutBundleInfo() throws Exception {
        byte[] bundle = cms(BundleFormat.CONTENT_TYPE, fleet.operatorKey, fleet.operatorCert, "SHA256withECDSA", false,
                TestClocks.SIGNING.instant());
        BundleException e = org.junit.jupiter.api.Assertions.assertThrows(BundleException.class,
                () -> verifier().verify(bundle));
        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(e.getMessage()).contains("BundleInfo");
    }

    @Test
    void verify_refusesAnOversizedBundleBeforeParsing() {
        byte[] huge = new byte[BundleVerifier.MAX_BUNDLE_BYTES + 1];
        assertThat(reasonOf(() -> verifier().verify(huge))).isEqualTo(Reason.TOO_LARGE);
    }

    @Test
    void sign_refusesBadArguments() {
        BundleSigner s = fleet.signer();
        assertThatThrownBy(() -> s.sign(BundleType.CONFIG, 0, "*", CONFIG)).hasMessageContaining("version 0");
        assertThatThrownBy(() -> s.sign(BundleType.CONFIG, 1, "gate/7", CONFIG)).hasMessageContaining("U+002F");
        assertThatThrownBy(() -> s.sign(BundleType.CONFIG, 1, "site:", CONFIG)).hasMessageContaining("0 characters");
        assertThatThrownBy(() -> s.sign(BundleType.CONFIG, 1, "*", new byte[0])).hasMessageContaining("0 bytes");
    }

    @Test
    void toString_revealsNeitherKeyNorContent() throws Exception {
        BundleSigner s = fleet.signer();
        String keyHex = HexFormat.of().formatHex(fleet.operatorKey.getPrivate().getEncoded());
        String keyB64 = Base64.getEncoder().encodeToString(fleet.operatorKey.getPrivate().getEncoded());
        assertThat(s.toString()).contains("redacted").doesNotContain(keyHex.substring(70, 100))
                .doesNotContain(keyB64.substring(50, 80));
        VerifiedBundle v = verifier().verify(s.sign(BundleType.WATCHLIST, 1, "*", "ERIKSSON ANNA 690806".getBytes(StandardCharsets.UTF_8)));
        assertThat(v.toString()).contains("watchlist v1", "20 bytes").doesNotContain("ERIKSSON", "690806");
    }

    /** Where {@code needle} first stands in {@code haystack} (ISO-8859-1 maps every byte to one char). */
    static int indexOf(byte[] haystack, byte[] needle) {
        int at = new String(haystack, StandardCharsets.ISO_8859_1).indexOf(new String(needle, StandardCharsets.ISO_8859_1));
        assertThat(at).as("needle found").isNotNegative();
        return at;
    }

    /** A SignedData built by hand, to make bundles our signer never would. */
    static byte[] cms(org.bouncycastle.asn1.ASN1ObjectIdentifier contentType, KeyPair key, X509Certificate cert,
            String algorithm, boolean withBundleInfo, Instant signingTime) throws Exception {
        BouncyCastleProvider bc = new BouncyCastleProvider();
        ASN1EncodableVector attributes = new ASN1EncodableVector();
        if (withBundleInfo) {
            attributes.add(new Attribute(BundleFormat.BUNDLE_INFO,
                    new DERSet(BundleFormat.encode(new BundleFormat.Info(BundleType.CONFIG, 1, "*")))));
        }
        attributes.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(signingTime)))));
        CMSSignedDataGenerator g = new CMSSignedDataGenerator();
        g.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().setProvider(bc).build())
                .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes)))
                .build(new JcaContentSignerBuilder(algorithm).setProvider(bc).build(key.getPrivate()), cert));
        g.addCertificates(new JcaCertStore(List.of(cert)));
        return g.generate(new CMSProcessableByteArray(contentType, CONFIG), true).getEncoded("DER");
    }
}
