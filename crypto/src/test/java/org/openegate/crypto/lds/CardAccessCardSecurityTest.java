package org.openegate.crypto.lds;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.openegate.crypto.testpassport.ChipFeatures;
import org.openegate.crypto.testpassport.CscaCredentials;
import org.openegate.crypto.testpassport.DocumentSigner;
import org.openegate.crypto.testpassport.KeyAlgorithm;
import org.openegate.crypto.testpassport.TestPassportFactory;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** EF.CardAccess and EF.CardSecurity: real files, the test-passport factory, hostile input. */
class CardAccessCardSecurityTest {

    /** EF.CardAccess of an Austrian passport, from gmrtd (MIT), document/card_access_test.go, TestNewCardAccessHappyAT. */
    static final String CARD_ACCESS_AT = "31143012060a04007f0007020204020202010202010d";
    /** EF.CardAccess of a German passport (PACE-GM and PACE-CAM), from the same file, TestNewCardAccessHappyDE. */
    static final String CARD_ACCESS_DE = "31283012060a04007f0007020204020202010202010d"
            + "3012060a04007f0007020204060202010202010d";

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    /**
     * EF.CardSecurity of a German passport, from gmrtd (MIT), document/card_security_test.go, TestNewCardSecurityDE
     * (hex unchanged). Its Document Signer is byte-identical to testdata lds/gmrtd-sod/DE/DSC.cer.
     */
    static byte[] cardSecurityDe() throws Exception {
        try (InputStream in = CardAccessCardSecurityTest.class.getResourceAsStream("vectors/cardsecurity-de.hex")) {
            return Hex.decode(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        }
    }

    // ---- EF.CardAccess ----

    @Test
    void cardAccess_austrian_onePaceGmInfo_andEncodesByteExact() {
        byte[] file = Hex.decode(CARD_ACCESS_AT);
        CardAccess access = CardAccess.parse(file);
        assertThat(access.paceInfos()).singleElement().satisfies(p -> {
            assertThat(p.protocol().getId()).isEqualTo("0.4.0.127.0.7.2.2.4.2.2"); // ECDH-GM-AES-128
            assertThat(p.version()).isEqualTo(2);
            assertThat(p.parameterId()).hasValue(13);
            assertThat(p.mapping()).isEqualTo("ECDH-GM");
        });
        assertThat(access.encode()).isEqualTo(file);
    }

    @Test
    void cardAccess_german_offersGenericAndChipAuthenticationMapping() {
        byte[] file = Hex.decode(CARD_ACCESS_DE);
        CardAccess access = CardAccess.parse(file);
        assertThat(access.paceInfos()).extracting(SecurityInfo.PaceInfo::mapping).containsExactly("ECDH-GM", "ECDH-CAM");
        assertThat(access.paceInfos().get(1).isChipAuthenticationMapping()).isTrue();
        assertThat(access.encode()).isEqualTo(file);
    }

    @Test
    void cardAccess_keepsUnknownInfosInPlace_andEncodesByteExact() {
        // an EFDIRInfo-like info of an unknown protocol between two known ones (9303-11 §9.2: a chip may hold infos of other protocols)
        byte[] unknown = Hex.decode("300b06062b0601040101" + "0401aa");
        byte[] file = set(Hex.decode("3012060a04007f0007020204020202010202010d"), unknown,
                Hex.decode("300d060804007f00070202020201 02".replace(" ", "")));
        CardAccess access = CardAccess.parse(file);
        assertThat(access.securityInfos()).hasSize(3);
        assertThat(access.securityInfos().get(1)).isInstanceOf(SecurityInfo.Unknown.class);
        assertThat(((SecurityInfo.Unknown) access.securityInfos().get(1)).encoded()).isEqualTo(unknown);
        assertThat(access.securityInfos().get(2)).isInstanceOf(SecurityInfo.TerminalAuthenticationInfo.class);
        assertThat(access.encode()).isEqualTo(file);
    }

    @Test
    void cardAccess_paddedAfterTheSet_isAccepted() {
        byte[] file = Hex.decode(CARD_ACCESS_AT);
        byte[] padded = Arrays.copyOf(file, file.length + 16);
        assertThat(CardAccess.parse(padded)).isEqualTo(CardAccess.parse(file));
    }

    @Test
    void cardAccess_fromTheFactoryPaceInfo_roundTrips() {
        TestPassportFactory factory = new TestPassportFactory(new SecureRandom(new byte[] {1}), CLOCK);
        Dg14 dg14 = Dg14.parse(factory.createChipKeys(new ChipFeatures(true, true, Optional.empty()))
                .dataGroups().get(14));
        CardAccess access = new CardAccess(List.copyOf(dg14.infos(SecurityInfo.PaceInfo.class)));
        byte[] file = access.encode();
        assertThat(CardAccess.parse(file)).isEqualTo(access);
        assertThat(access.paceInfos()).singleElement()
                .satisfies(p -> assertThat(p.parameterId()).hasValue(12)); // NIST P-256
    }

    @Test
    void cardAccess_rejectsHostileInput_withReasons() {
        assertReason(() -> CardAccess.parse(new byte[0]), LdsException.Reason.MALFORMED_TLV);
        // a SEQUENCE where the SET must be
        assertReason(() -> CardAccess.parse(Hex.decode("3012060a04007f0007020204020202010202010d")),
                LdsException.Reason.WRONG_TAG);
        // declares 0x7FFFFFFF bytes: refused by the TLV codec before any allocation
        assertReason(() -> CardAccess.parse(Hex.decode("31847fffffff30")), LdsException.Reason.MALFORMED_TLV);
        // 10 000 nested SETs: refused by the codec's depth limit, no stack overflow
        assertReason(() -> CardAccess.parse(nested(10_000)), LdsException.Reason.MALFORMED_TLV);
        // a SecurityInfo with one element
        assertReason(() -> CardAccess.parse(Hex.decode("310730050603290101")), LdsException.Reason.BAD_VALUE);
        // PACEInfo parameterId 2^40
        assertReason(() -> CardAccess.parse(Hex.decode("3119" + "3017060a04007f000702020402020201020206"
                + "010000000000")), LdsException.Reason.BAD_VALUE);
        // 65 infos: more than any chip holds
        byte[][] many = new byte[65][];
        Arrays.fill(many, Hex.decode("300d060804007f0007020202020102"));
        assertReason(() -> CardAccess.parse(set(many)), LdsException.Reason.TOO_MANY_ELEMENTS);
    }

    // ---- EF.CardSecurity ----

    @Test
    void cardSecurity_german_decodesAllSevenInfos() throws Exception {
        CardSecurity cs = CardSecurity.parse(cardSecurityDe());
        // gmrtd's expectation: 2 PACEInfo, 1 ChipAuthenticationInfo, 2 ChipAuthenticationPublicKeyInfo, 1 TA, and
        // 1 unhandled (a ChipAuthenticationDomainParameterInfo, kept as Unknown here)
        assertThat(cs.securityInfos()).hasSize(7);
        assertThat(cs.infos(SecurityInfo.PaceInfo.class)).extracting(SecurityInfo.PaceInfo::mapping)
                .containsExactly("ECDH-GM", "ECDH-CAM");
        assertThat(cs.infos(SecurityInfo.ChipAuthenticationInfo.class)).singleElement()
                .satisfies(c -> assertThat(c.keyId()).hasValue(BigInteger.valueOf(0x48)));
        assertThat(cs.infos(SecurityInfo.TerminalAuthenticationInfo.class)).singleElement()
                .satisfies(t -> assertThat(t.version()).isEqualTo(2));
        assertThat(cs.infos(SecurityInfo.Unknown.class)).singleElement()
                .satisfies(u -> assertThat(u.protocol().getId()).isEqualTo("0.4.0.127.0.7.2.2.3.2"));
        assertThat(cs.infos(SecurityInfo.ChipAuthenticationPublicKeyInfo.class))
                .extracting(SecurityInfo.ChipAuthenticationPublicKeyInfo::keyId)
                .containsExactly(Optional.of(BigInteger.valueOf(13)), Optional.of(BigInteger.valueOf(0x48)));
        // the PACE-CAM key: keyId 13, the PACEInfo's parameterId
        assertThat(cs.chipPublicKey(Optional.of(BigInteger.valueOf(13)))).isPresent();
        assertThat(cs.chipPublicKey(Optional.empty())).isEmpty(); // two keys: the caller must say which
        assertThat(cs.chipPublicKey(Optional.of(BigInteger.TWO))).isEmpty();
        // the signed infos re-encode to the signed bytes
        assertThat(SecurityInfos.encode(cs.securityInfos())).isEqualTo(cs.signedContent().content());
        assertThat(cs.encoded()).isEqualTo(cardSecurityDe());
        assertThat(cs.toString()).contains("infos=7").contains("certificates=1");
    }

    @Test
    void cardSecurity_german_chipKeysOnStandardizedDomainParameters_decodeOnBrainpoolP256r1() throws Exception {
        // TR-03110-3 §A.2.1.1: AlgorithmIdentifier standardizedDomainParameters 0.4.0.127.0.7.1.2 with id 13
        CardSecurity cs = CardSecurity.parse(cardSecurityDe());
        SecurityInfo.ChipAuthenticationPublicKeyInfo camKey = cs.chipPublicKey(Optional.of(BigInteger.valueOf(13)))
                .orElseThrow();
        org.bouncycastle.jce.interfaces.ECPublicKey ec = (org.bouncycastle.jce.interfaces.ECPublicKey) camKey.publicKey();
        assertThat(ec.getParameters().getN()).isEqualTo(new BigInteger(
                "A9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7", 16)); // brainpoolP256r1
        assertThat(Hex.toHexString(ec.getQ().getEncoded(false))).isEqualTo("04614cd88b00821a887869d0060b44a9d1878935"
                + "3e8cf7dfbc3f29f79327de30b97b1b2dda0be77f24ad415c327c7b7ab2e9c10b0258f5bcbf90c01825fbdfdef7");
        assertThat(cs.chipPublicKey(Optional.of(BigInteger.valueOf(0x48))).orElseThrow().publicKey())
                .isNotEqualTo(camKey.publicKey());
    }

    @Test
    void standardizedDomainParameters_thatAreNotACurve_areRefusedWithAReason() {
        ASN1ObjectIdentifier standardized = new ASN1ObjectIdentifier("0.4.0.127.0.7.1.2");
        ASN1ObjectIdentifier pkEcdh = new ASN1ObjectIdentifier("0.4.0.127.0.7.2.2.1.2");
        byte[] dhGroup = spki(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(standardized,
                new org.bouncycastle.asn1.ASN1Integer(2)));
        assertReason(() -> new SecurityInfo.ChipAuthenticationPublicKeyInfo(pkEcdh, dhGroup, Optional.empty())
                .publicKey(), LdsException.Reason.UNSUPPORTED_ALGORITHM);
        byte[] noId = spki(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(standardized));
        assertReason(() -> new SecurityInfo.ChipAuthenticationPublicKeyInfo(pkEcdh, noId, Optional.empty())
                .publicKey(), LdsException.Reason.BAD_VALUE);
        byte[] notAPoint = spki(new org.bouncycastle.asn1.x509.AlgorithmIdentifier(standardized,
                new org.bouncycastle.asn1.ASN1Integer(13)));
        assertReason(() -> new SecurityInfo.ChipAuthenticationPublicKeyInfo(pkEcdh, notAPoint, Optional.empty())
                .publicKey(), LdsException.Reason.BAD_CERTIFICATE);
        assertThat(SecurityInfos.standardizedCurve(12)).hasValue("secp256r1");
        assertThat(SecurityInfos.standardizedCurve(2)).isEmpty();
        assertThat(SecurityInfos.standardizedCurve(19)).isEmpty();
    }

    private static byte[] spki(org.bouncycastle.asn1.x509.AlgorithmIdentifier algorithm) {
        try {
            return new org.bouncycastle.asn1.x509.SubjectPublicKeyInfo(algorithm, new byte[] {4, 1, 2}).getEncoded();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void cardSecurity_german_signatureVerifiesWithItsDocumentSigner_andChainsToTheGermanCsca() throws Exception {
        CardSecurity cs = CardSecurity.parse(cardSecurityDe());
        X509Certificate ds = cs.signerCertificates().get(0);
        assertThat(ds.getEncoded()).isEqualTo(Files.readAllBytes(Dg14Dg15Test.LDS.resolve("gmrtd-sod/DE/DSC.cer")));
        assertThat(cs.verifySigner(ds.getPublicKey())).isEqualTo(SignedContent.SignerCheck.VALID);
        X509Certificate csca = certificate(Files.readAllBytes(Dg14Dg15Test.LDS.resolve("gmrtd-sod/DE/CSCA.cer")));
        ds.verify(csca.getPublicKey(), new org.bouncycastle.jce.provider.BouncyCastleProvider());
        // another key does not verify it
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(384);
        assertThat(cs.verifySigner(ec.generateKeyPair().getPublic())).isNotEqualTo(SignedContent.SignerCheck.VALID);
    }

    @Test
    void cardSecurity_german_withAlteredSecurityInfos_failsTheMessageDigest() throws Exception {
        byte[] file = cardSecurityDe();
        // the last byte of the eContent: the CA key's keyId 0x48 becomes 0x49
        int at = indexOf(file, Hex.decode("020148a0820497")); // keyId, then the certificates [0]
        file[at + 2] = 0x49;
        CardSecurity cs = CardSecurity.parse(file);
        assertThat(cs.verifySigner(cs.signerCertificates().get(0).getPublicKey()))
                .isEqualTo(SignedContent.SignerCheck.MESSAGE_DIGEST_MISMATCH);
    }

    @Test
    void cardSecurity_fromTheFactory_isSignedByItsDocumentSigner() {
        TestPassportFactory factory = new TestPassportFactory(new SecureRandom(new byte[] {2}), CLOCK);
        CscaCredentials csca = factory.createCsca("UT", KeyAlgorithm.EC_P256);
        DocumentSigner signer = factory.createDocumentSigner(csca, KeyAlgorithm.EC_P256);
        List<SecurityInfo> infos = Dg14.parse(factory.createChipKeys(new ChipFeatures(true, true, Optional.empty()))
                .dataGroups().get(14)).securityInfos();
        CardSecurity cs = CardSecurity.parse(factory.cardSecurity(signer, infos));
        assertThat(cs.securityInfos()).isEqualTo(infos);
        assertThat(cs.signerCertificates()).containsExactly(signer.certificate());
        assertThat(cs.verifySigner(signer.certificate().getPublicKey())).isEqualTo(SignedContent.SignerCheck.VALID);
        assertThat(cs.chipPublicKey(Optional.empty()).orElseThrow().publicKey()).isNotNull();
        assertThat(cs.signedContent().contentType()).isEqualTo(CardSecurity.ID_SECURITY_OBJECT);
    }

    @Test
    void cardSecurity_rejectsHostileInput_withReasons() throws Exception {
        assertReason(() -> CardSecurity.parse(new byte[0]), LdsException.Reason.MALFORMED_CMS);
        assertReason(() -> CardSecurity.parse(Hex.decode("0608")), LdsException.Reason.MALFORMED_CMS);
        // an EF.SOD is not an EF.CardSecurity: tag 77 around it
        assertReason(() -> CardSecurity.parse(Hex.decode("7703020100")), LdsException.Reason.MALFORMED_CMS);
        // gmrtd's TestNewCardSecurityBadSignedDataOid: eContentType 0.4.0.127.0.7.3.2.2
        byte[] wrongType = cardSecurityDe();
        wrongType[indexOf(wrongType, Hex.decode("060804007f0007030201a0")) + 9] = 0x02;
        assertReason(() -> CardSecurity.parse(wrongType), LdsException.Reason.WRONG_CONTENT_TYPE);
        // gmrtd's TestNewCardSecurityBadSecInfos: the SET tag 31 of the SecurityInfos replaced by FF
        byte[] badSet = cardSecurityDe();
        badSet[indexOf(badSet, Hex.decode("0482013531820131")) + 4] = (byte) 0xFF;
        assertReason(() -> CardSecurity.parse(badSet), LdsException.Reason.WRONG_TAG);
        // signed content with bytes after the SET
        TestPassportFactory factory = new TestPassportFactory(new SecureRandom(new byte[] {3}), CLOCK);
        DocumentSigner signer = factory.createDocumentSigner(factory.createCsca("UT", KeyAlgorithm.EC_P256),
                KeyAlgorithm.EC_P256);
        byte[] trailing = signed(factory, signer, concat(Hex.decode(CARD_ACCESS_AT), new byte[] {0}));
        assertReason(() -> CardSecurity.parse(trailing), LdsException.Reason.BAD_VALUE);
    }

    @Test
    void cardSecurity_signerKeyWithItsGeneratorOffTheCurve_isRefusedAtParse() throws Exception {
        // regression: found by CardSecurityFuzzTest. The DSC's explicit brainpoolP384r1 parameters with a damaged
        // generator parsed, then X509Certificate.getPublicKey() threw IllegalArgumentException in the signature check
        byte[] file = cardSecurityDe();
        int generator = indexOf(file, Hex.decode("0461041d1c64f068cf45ffa2")) + 2; // OCTET STRING 04||X||Y
        file[generator + 96] ^= 0x01; // the last octet of Y
        assertReason(() -> CardSecurity.parse(file), LdsException.Reason.BAD_CERTIFICATE);
    }

    @Test
    void ldsFile_namesTheMasterFileFiles_andTheApplication() {
        assertThat(LdsFile.CARD_ACCESS_FILE_ID).isEqualTo(0x011C);
        assertThat(LdsFile.CARD_SECURITY_FILE_ID).isEqualTo(0x011D);
        assertThat(LdsFile.nameOf(0x011C)).isEqualTo("CardAccess");
        assertThat(LdsFile.nameOf(0x0102)).isEqualTo("DG2");
        assertThat(LdsFile.nameOf(0x011E)).isEqualTo("COM");
        assertThat(LdsFile.nameOf(0x3F00)).isEqualTo("3F00");
        byte[] aid = LdsFile.emrtdAid();
        assertThat(Hex.toHexString(aid)).isEqualTo("a0000002471001");
        aid[0] = 0;
        assertThat(LdsFile.isEmrtdAid(LdsFile.emrtdAid())).isTrue(); // a copy was handed out
        assertThat(LdsFile.isEmrtdAid(aid)).isFalse();
    }

    /** A SignedData of type id-SecurityObject over arbitrary content, as a hostile chip could sign it. */
    private static byte[] signed(TestPassportFactory factory, DocumentSigner signer, byte[] content) throws Exception {
        org.bouncycastle.cms.CMSSignedDataGenerator generator = new org.bouncycastle.cms.CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder()
                .build("SHA256withECDSA", signer.privateKey(), signer.certificate()));
        return generator.generate(new org.bouncycastle.cms.CMSProcessableByteArray(
                new ASN1ObjectIdentifier("0.4.0.127.0.7.3.2.1"), content), true).getEncoded();
    }

    static void assertReason(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, LdsException.Reason reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(LdsException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    static byte[] set(byte[]... infos) {
        byte[] body = new byte[0];
        for (byte[] info : infos) {
            body = concat(body, info);
        }
        return org.openegate.crypto.tlv.Tlv.of(0x31, body).encode();
    }

    static byte[] nested(int depth) {
        byte[] inner = new byte[0];
        for (int i = 0; i < depth; i++) {
            inner = org.openegate.crypto.tlv.Tlv.of(0x31, inner).encode();
        }
        return inner;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }

    static X509Certificate certificate(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509", new org.bouncycastle.jce.provider.BouncyCastleProvider())
                .generateCertificate(new ByteArrayInputStream(der));
    }
}
