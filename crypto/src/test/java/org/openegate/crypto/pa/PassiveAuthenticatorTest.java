package org.openegate.crypto.pa;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.testpassport.CscaCredentials;
import org.openegate.crypto.testpassport.DocumentSigner;
import org.openegate.crypto.testpassport.KeyAlgorithm;
import org.openegate.crypto.testpassport.Tamper;
import org.openegate.crypto.testpassport.TestImages;
import org.openegate.crypto.testpassport.TestPassport;
import org.openegate.crypto.testpassport.TestPassportFactory;
import org.openegate.crypto.trust.TrustStore;

import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PassiveAuthenticatorTest {

    static final List<String> MRZ = List.of(
            "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<",
            "C11T002JM4D<<9608122F2310314<<<<<<<<<<<<<<<4");
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static TestPassportFactory factory;
    static CscaCredentials csca;
    static TestPassport passport;
    static TrustStore trust;

    @BeforeAll
    static void issue() {
        factory = new TestPassportFactory(new SecureRandom(new byte[] {7}), CLOCK);
        csca = factory.createCsca("DE", KeyAlgorithm.EC_P256);
        passport = factory.issue(csca, MRZ, TestImages.jpeg(48, 60));
        trust = TrustStore.builder(CLOCK).addCertificate(csca.certificate()).build();
    }

    PassiveAuthResult verify(TestPassport p, TrustStore store) {
        return new PassiveAuthenticator(store).verify(p.sod(), p.dataGroups(), NOW);
    }

    @Test
    void verify_passesAGenuineTestPassport() {
        PassiveAuthResult result = verify(passport, trust);
        assertThat(result.result()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.reason()).isEqualTo(PaReason.OK);
        assertThat(result.signature().status()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.chain().status()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.revocation().status()).isEqualTo(CheckStatus.UNDETERMINED);
        assertThat(result.revocation().reason()).isEqualTo(PaReason.NO_CRL);
        assertThat(result.dataGroups()).containsOnlyKeys(1, 2);
        assertThat(result.dataGroup(1)).hasValue(CheckStatus.PASSED);
        assertThat(result.dataGroup(2)).hasValue(CheckStatus.PASSED);
        assertThat(result.issuingState().status()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.digestAlgorithm()).isEqualTo("SHA-256");
        assertThat(result.signatureAlgorithm()).isEqualTo("SHA256withECDSA");
        assertThat(result.documentSigner()).hasValueSatisfying(ds -> {
            assertThat(ds.subject()).contains("Document Signer");
            assertThat(ds.issuer()).contains("CSCA DE");
            assertThat(ds.serialHex()).isEqualTo(passport.documentSigner().getSerialNumber().toString(16));
        });
        assertThat(result.chainCertificates()).containsExactly(passport.documentSigner(), csca.certificate());
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void verify_passesEveryDocumentSignerAlgorithm(KeyAlgorithm algorithm) {
        DocumentSigner ds = factory.createDocumentSigner(csca, algorithm);
        TestPassport p = factory.issue(csca, ds, MRZ, TestImages.jpeg(16, 16), Map.of());
        PassiveAuthResult result = verify(p, trust);
        assertThat(result.result()).as(result.signature().detail()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.signatureAlgorithm()).isEqualTo(switch (algorithm) {
            case EC_P256, EC_BRAINPOOL_P256_EXPLICIT -> "SHA256withECDSA";
            case RSA_2048 -> "SHA256withRSA";
            case RSA_2048_PSS -> "RSASSA-PSS(SHA-256,MGF1-SHA-256,salt=32)";
        });
    }

    @Test
    void verify_passesUnderAnRsaCsca() {
        CscaCredentials rsa = factory.createCsca("DE", KeyAlgorithm.RSA_2048);
        TestPassport p = factory.issue(rsa, MRZ, TestImages.jpeg(16, 16));
        TrustStore store = TrustStore.builder(CLOCK).addCertificate(rsa.certificate()).build();
        assertThat(verify(p, store).result()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void verify_failsAlteredDg1() {
        PassiveAuthResult result = verify(TestPassportFactory.tamper(passport, Tamper.DG1_ALTERED), trust);
        assertThat(result.result()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.reason()).isEqualTo(PaReason.DG_HASH_MISMATCH);
        assertThat(result.dataGroup(1)).hasValue(CheckStatus.FAILED);
        assertThat(result.dataGroup(2)).hasValue(CheckStatus.PASSED);
        assertThat(result.signature().status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void verify_failsAlteredDg2() {
        PassiveAuthResult result = verify(TestPassportFactory.tamper(passport, Tamper.DG2_ALTERED), trust);
        assertThat(result.result()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.dataGroups().get(2).reason()).isEqualTo(PaReason.DG_HASH_MISMATCH);
        assertThat(result.dataGroups().get(2).detail()).contains("DG2");
    }

    @Test
    void verify_failsFlippedSignature() {
        PassiveAuthResult result = verify(TestPassportFactory.tamper(passport, Tamper.SOD_SIGNATURE_FLIPPED), trust);
        assertThat(result.result()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.reason()).isEqualTo(PaReason.SIGNATURE_INVALID);
        assertThat(result.dataGroup(1)).hasValue(CheckStatus.PASSED);
    }

    @Test
    void verify_failsAlteredSignedAttributes() {
        PassiveAuthResult result = verify(
                TestPassportFactory.tamper(passport, Tamper.SOD_SIGNED_ATTRIBUTES_ALTERED), trust);
        assertThat(result.result()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.signature().status()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.reason()).isIn(PaReason.SIGNATURE_INVALID, PaReason.MESSAGE_DIGEST_MISMATCH);
    }

    @Test
    void verify_failsDataGroupTheSodDoesNotCover() {
        Map<Integer, byte[]> groups = new java.util.TreeMap<>(passport.dataGroups());
        groups.put(15, new byte[] {0x6F, 0x00});
        PassiveAuthResult result = new PassiveAuthenticator(trust).verify(passport.sod(), groups, NOW);
        assertThat(result.result()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.dataGroups().get(15).reason()).isEqualTo(PaReason.DG_NOT_IN_SOD);
    }

    @Test
    void verify_isUndeterminedWithoutTheCsca() {
        PassiveAuthResult result = verify(passport, TrustStore.empty(CLOCK));
        assertThat(result.result()).isEqualTo(CheckStatus.UNDETERMINED);
        assertThat(result.reason()).isEqualTo(PaReason.NO_TRUST_ANCHOR);
        assertThat(result.signature().status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void verify_failsUnderAnotherCscaWithTheSameName() {
        CscaCredentials impostor = factory.createCsca("DE", KeyAlgorithm.EC_P256);
        PassiveAuthResult result = verify(passport,
                TrustStore.builder(CLOCK).addCertificate(impostor.certificate()).build());
        assertThat(result.result()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.reason()).isEqualTo(PaReason.CHAIN_SIGNATURE_INVALID);
    }

    @Test
    void verify_failsAfterTheDocumentSignerExpired() {
        Instant later = passport.documentSigner().getNotAfter().toInstant().plus(Duration.ofDays(1));
        PassiveAuthResult result = new PassiveAuthenticator(trust).verify(passport.sod(), passport.dataGroups(), later);
        assertThat(result.result()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.chain().reason()).isEqualTo(PaReason.DS_CERTIFICATE_NOT_VALID_AT_DATE);
    }

    @Test
    void verify_failsARevokedDocumentSigner() throws Exception {
        X509CRL crl = crl(csca, passport, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), true);
        PassiveAuthResult result = new PassiveAuthenticator(trust).verify(passport.sod(), passport.dataGroups(),
                List.of(), List.of(crl), NOW);
        assertThat(result.result()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.revocation().reason()).isEqualTo(PaReason.DS_REVOKED);
    }

    @Test
    void verify_passesRevocationWithAFreshCrl() throws Exception {
        X509CRL crl = crl(csca, passport, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), false);
        TrustStore store = TrustStore.builder(CLOCK).addCertificate(csca.certificate()).addCrl(crl).build();
        PassiveAuthResult result = verify(passport, store);
        assertThat(result.result()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.revocation().status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void verify_revocationUndeterminedWithAStaleCrl() throws Exception {
        X509CRL crl = crl(csca, passport, NOW.minus(Duration.ofDays(60)), NOW.minus(Duration.ofDays(30)), false);
        PassiveAuthResult result = new PassiveAuthenticator(trust).verify(passport.sod(), passport.dataGroups(),
                List.of(), List.of(crl), NOW);
        assertThat(result.revocation().status()).isEqualTo(CheckStatus.UNDETERMINED);
        assertThat(result.revocation().reason()).isEqualTo(PaReason.CRL_STALE);
        assertThat(result.result()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void verify_ignoresACrlSignedByAnotherKey() throws Exception {
        CscaCredentials other = factory.createCsca("DE", KeyAlgorithm.EC_P256);
        X509CRL crl = crl(other, passport, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)), true);
        PassiveAuthResult result = new PassiveAuthenticator(trust).verify(passport.sod(), passport.dataGroups(),
                List.of(), List.of(crl), NOW);
        assertThat(result.revocation().reason()).isEqualTo(PaReason.CRL_SIGNATURE_INVALID);
        assertThat(result.result()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void verify_failsAMalformedSod() {
        PassiveAuthResult result = new PassiveAuthenticator(trust).verify(new byte[] {0x77, 0x03, 0x30, 0x01, 0x00},
                passport.dataGroups(), NOW);
        assertThat(result.result()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.reason()).isEqualTo(PaReason.SOD_MALFORMED);
        assertThat(result.dataGroup(1)).hasValue(CheckStatus.UNDETERMINED);
    }

    @Test
    void verify_warnsWhenIssuingStateDiffersFromSignerCountry() {
        CscaCredentials nl = factory.createCsca("NL", KeyAlgorithm.EC_P256);
        TestPassport p = factory.issue(nl, MRZ, TestImages.jpeg(16, 16));
        PassiveAuthResult result = verify(p, TrustStore.builder(CLOCK).addCertificate(nl.certificate()).build());
        assertThat(result.issuingState().reason()).isEqualTo(PaReason.ISSUING_STATE_MISMATCH);
        assertThat(result.issuingState().detail()).doesNotContain("MUSTERMANN");
        assertThat(result.result()).isEqualTo(CheckStatus.PASSED); // a warning, not part of the result
    }

    @Test
    void verify_reachesAnOldCscaThroughALinkCertificate() {
        CscaCredentials next = factory.createCsca("DE", KeyAlgorithm.EC_P256);
        java.security.cert.X509Certificate link = factory.createLinkCertificate(csca, next);
        TestPassport p = factory.issue(next, MRZ, TestImages.jpeg(16, 16));
        PassiveAuthenticator pa = new PassiveAuthenticator(trust);
        // without the link: the new CSCA has the old one's name but another key
        assertThat(pa.verify(p.sod(), p.dataGroups(), NOW).chain().status()).isEqualTo(CheckStatus.FAILED);
        // the link supplied alongside
        PassiveAuthResult viaSupplied = pa.verify(p.sod(), p.dataGroups(), List.of(link), List.of(), NOW);
        assertThat(viaSupplied.result()).isEqualTo(CheckStatus.PASSED);
        assertThat(viaSupplied.chainCertificates()).containsExactly(p.documentSigner(), link, csca.certificate());
        // the link in the trust store, as master lists carry them
        TrustStore withLink = TrustStore.builder(CLOCK).addCertificate(csca.certificate()).addCertificate(link).build();
        assertThat(verify(p, withLink).result()).isEqualTo(CheckStatus.PASSED);
    }

    @ParameterizedTest
    @EnumSource(org.openegate.crypto.lds.DigestAlgorithm.class)
    void verify_passesEveryHashAndLdsSecurityObjectV1(org.openegate.crypto.lds.DigestAlgorithm digest) {
        DocumentSigner ds = factory.createDocumentSigner(csca, KeyAlgorithm.EC_P256);
        TestPassport p = factory.issue(csca, ds, MRZ, TestImages.jpeg(16, 16), Map.of(),
                new org.openegate.crypto.testpassport.SodProfile(digest, true));
        org.openegate.crypto.lds.Sod sod = org.openegate.crypto.lds.Sod.parse(p.sod());
        assertThat(sod.ldsSecurityObjectVersion()).isEqualTo(1);
        assertThat(sod.ldsVersion()).hasValue("0108");
        assertThat(sod.unicodeVersion()).hasValue("060000");
        assertThat(sod.digestAlgorithm()).isEqualTo(digest);
        PassiveAuthResult result = verify(p, trust);
        assertThat(result.result()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.digestAlgorithm()).isEqualTo(digest.jcaName());
    }

    @Test
    void verify_passesCscaAndDsWithExplicitEcParameters() throws Exception {
        CscaCredentials explicit = factory.createCsca("DE", KeyAlgorithm.EC_BRAINPOOL_P256_EXPLICIT);
        DocumentSigner ds = factory.createDocumentSigner(explicit, KeyAlgorithm.EC_BRAINPOOL_P256_EXPLICIT);
        // the SubjectPublicKeyInfo carries ECParameters (a SEQUENCE), not a named-curve OID
        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo spki = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo
                .getInstance(ds.certificate().getPublicKey().getEncoded());
        assertThat(spki.getAlgorithm().getParameters()).isInstanceOf(org.bouncycastle.asn1.ASN1Sequence.class);
        TestPassport p = factory.issue(explicit, ds, MRZ, TestImages.jpeg(16, 16), Map.of());
        PassiveAuthResult result = verify(p, TrustStore.builder(CLOCK).addCertificate(explicit.certificate()).build());
        assertThat(result.result()).isEqualTo(CheckStatus.PASSED);
    }

    static X509CRL crl(CscaCredentials issuer, TestPassport p, Instant thisUpdate, Instant nextUpdate,
                       boolean revokeDs) throws Exception {
        X509v2CRLBuilder builder = new X509v2CRLBuilder(
                X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()),
                Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
        if (revokeDs) {
            builder.addCRLEntry(p.documentSigner().getSerialNumber(), Date.from(thisUpdate), CRLReason.keyCompromise);
        }
        return new JcaX509CRLConverter().setProvider(new BouncyCastleProvider()).getCRL(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").setProvider(new BouncyCastleProvider())
                        .build(issuer.privateKey())));
    }
}
