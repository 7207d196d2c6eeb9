package org.openegate.crypto.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.apdu.ApduChannel;
import org.openegate.crypto.apdu.CommandApdu;
import org.openegate.crypto.apdu.ResponseApdu;
import org.openegate.crypto.chip.BacKey;
import org.openegate.crypto.chip.ChipAuthMethod;
import org.openegate.crypto.chip.ChipAuthReason;
import org.openegate.crypto.chip.ChipAuthenticity;
import org.openegate.crypto.chip.ChipException;
import org.openegate.crypto.chip.ChipReadResult;
import org.openegate.crypto.chip.ChipReader;
import org.openegate.crypto.chip.internal.ActiveAuthCrypto;
import org.openegate.crypto.chip.internal.ChipAuthCrypto;
import org.openegate.crypto.chip.internal.PaceCrypto;
import org.openegate.crypto.lds.Dg14;
import org.openegate.crypto.lds.SecurityInfo;
import org.openegate.crypto.pa.PassiveAuthResult;
import org.openegate.crypto.pa.PassiveAuthenticator;
import org.openegate.crypto.testpassport.ChipFeatures;
import org.openegate.crypto.testpassport.ChipKeys;
import org.openegate.crypto.testpassport.CscaCredentials;
import org.openegate.crypto.testpassport.DocumentSigner;
import org.openegate.crypto.testpassport.KeyAlgorithm;
import org.openegate.crypto.testpassport.TestImages;
import org.openegate.crypto.testpassport.TestPassport;
import org.openegate.crypto.testpassport.TestPassportFactory;
import org.openegate.crypto.trust.TrustStore;

/**
 * Chip Authentication and Active Authentication between the reader and the emulated chip, over real APDUs, with
 * passports from the factory (keys published in a DG14/DG15 the SOD covers) and the TR-03135 verdict after PA.
 */
class ChipAuthenticationEmulatorTest {

    static final List<String> MRZ = List.of(
            "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<",
            "C11T002JM4D<<9608122F2310314<<<<<<<<<<<<<<<4");
    static final BacKey KEY = BacKey.of("C11T002JM", "960812", "231031");
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static TestPassportFactory factory;
    static CscaCredentials csca;
    static DocumentSigner signer;
    static TrustStore trust;
    static ChipKeys caAndEcAa;
    static ChipKeys rsaAaOnly;
    static ChipKeys other;

    @BeforeAll
    static void issue() {
        factory = new TestPassportFactory(new SecureRandom(new byte[] {4, 2}), CLOCK);
        csca = factory.createCsca("DE", KeyAlgorithm.EC_P256);
        signer = factory.createDocumentSigner(csca, KeyAlgorithm.EC_P256);
        trust = TrustStore.builder(CLOCK).addCertificate(csca.certificate()).build();
        caAndEcAa = factory.createChipKeys(new ChipFeatures(false, true, Optional.of(KeyAlgorithm.EC_P256)));
        rsaAaOnly = factory.createChipKeys(new ChipFeatures(false, false, Optional.of(KeyAlgorithm.RSA_2048)));
        other = factory.createChipKeys(new ChipFeatures(false, true, Optional.of(KeyAlgorithm.RSA_2048)));
    }

    static TestPassport passport(Map<Integer, byte[]> extraGroups) {
        return factory.issue(csca, signer, MRZ, TestImages.jpeg(24, 30), extraGroups);
    }

    static EmrtdEmulator.Builder chip(TestPassport passport, boolean pace) {
        EmrtdEmulator.Builder b = EmrtdEmulator.builder().files(passport.files()).bacKey(KEY)
                .random(new SecureRandom());
        if (pace) {
            b.pace(PaceCrypto.OID_ECDH_GM_AES_128, 12);
        }
        return b;
    }

    static ChipReadResult read(ApduChannel channel) {
        return new ChipReader(channel, CLOCK, new SecureRandom()).read(KEY);
    }

    static PassiveAuthResult pa(TestPassport passport) {
        return new PassiveAuthenticator(trust).verify(passport.sod(), passport.dataGroups(), NOW);
    }

    static PrivateKey caKey(ChipKeys keys) {
        return keys.chipAuthentication().orElseThrow().getPrivate();
    }

    @ParameterizedTest(name = "PACE={0}")
    @ValueSource(booleans = {false, true})
    void chipAuthentication_aes_passes_andTheWholePassportIsReadUnderTheNewKeys(boolean pace) {
        TestPassport passport = passport(caAndEcAa.dataGroups());
        EmrtdEmulator card = chip(passport, pace).chipAuthentication(caKey(caAndEcAa),
                ChipAuthCrypto.OID_CA_ECDH_AES_128).build();

        ChipReadResult result = read(new EmulatorChannel(card));

        assertThat(result.chipAuthentication().method()).isEqualTo(ChipAuthMethod.CA);
        assertThat(result.chipAuthentication().status()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.chipAuthentication().reason()).isEqualTo(ChipAuthReason.PA_NOT_ASSESSED);
        assertThat(result.chipAuthentication().keyDataGroups()).containsExactly(14);
        assertThat(result.dataGroupsRead()).containsExactly(1, 2, 14, 15);
        passport.files().forEach((id, bytes) -> assertThat(result.file(id)).as("file %04X", id).isEqualTo(bytes));

        ChipAuthenticity verdict = ChipAuthenticity.assess(result, pa(passport));
        assertThat(verdict.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(verdict.reason()).isEqualTo(ChipAuthReason.OK);
        assertThat(verdict.method()).isEqualTo(ChipAuthMethod.CA);
    }

    /** CA with 3DES (9303-11 §6.2.4.1, MSE:SET KAT), announced by a ChipAuthenticationInfo with the 3DES OID. */
    @Test
    void chipAuthentication_3des_passesWithMseSetKat() {
        KeyPair ca = caAndEcAa.chipAuthentication().orElseThrow();
        byte[] dg14 = new Dg14(List.of(
                new SecurityInfo.ChipAuthenticationInfo(new ASN1ObjectIdentifier(ChipAuthCrypto.OID_CA_ECDH_3DES), 1,
                        Optional.empty()),
                new SecurityInfo.ChipAuthenticationPublicKeyInfo(new ASN1ObjectIdentifier("0.4.0.127.0.7.2.2.1.2"),
                        ca.getPublic().getEncoded(), Optional.empty()))).encode();
        TestPassport passport = passport(Map.of(14, dg14));
        EmrtdEmulator card = chip(passport, false).chipAuthentication(ca.getPrivate(),
                ChipAuthCrypto.OID_CA_ECDH_3DES).build();

        ChipReadResult result = read(new EmulatorChannel(card));

        assertThat(result.chipAuthentication().status()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.chipAuthentication().detail()).contains("DES3");
        assertThat(ChipAuthenticity.assess(result, pa(passport)).status()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.file(0x0102)).isEqualTo(passport.files().get(0x0102));
    }

    /** CA with DH (9303-11 §6.2, id-CA-DH-*) in the 1024-bit MODP group of RFC 2409 (BouncyCastle lacks RFC 5114). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {ChipAuthCrypto.OID_CA_DH_3DES, ChipAuthCrypto.OID_CA_DH_AES_128})
    void chipAuthentication_dh_passes_andAnotherDhKeyIsAClone(String oid) throws Exception {
        org.bouncycastle.crypto.params.DHParameters group =
                org.bouncycastle.crypto.agreement.DHStandardGroups.rfc2409_1024;
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("DH");
        g.initialize(new javax.crypto.spec.DHParameterSpec(group.getP(), group.getG()));
        KeyPair ca = g.generateKeyPair();
        byte[] dg14 = new Dg14(List.of(
                new SecurityInfo.ChipAuthenticationInfo(new ASN1ObjectIdentifier(oid), 1, Optional.empty()),
                new SecurityInfo.ChipAuthenticationPublicKeyInfo(new ASN1ObjectIdentifier("0.4.0.127.0.7.2.2.1.1"),
                        ca.getPublic().getEncoded(), Optional.empty()))).encode();
        TestPassport passport = passport(Map.of(14, dg14));

        ChipReadResult genuine = read(new EmulatorChannel(chip(passport, false)
                .chipAuthentication(ca.getPrivate(), oid).build()));
        ChipReadResult clone = read(new EmulatorChannel(chip(passport, false)
                .chipAuthentication(g.generateKeyPair().getPrivate(), oid).build()));

        assertThat(genuine.chipAuthentication().status()).isEqualTo(CheckStatus.PASSED);
        assertThat(ChipAuthenticity.assess(genuine, pa(passport)).status()).isEqualTo(CheckStatus.PASSED);
        assertThat(genuine.file(0x0102)).isEqualTo(passport.files().get(0x0102));
        assertThat(clone.chipAuthentication().status()).isEqualTo(CheckStatus.FAILED);
        assertThat(clone.chipAuthentication().reason()).isEqualTo(ChipAuthReason.CA_KEY_MISMATCH);
    }

    /** A clone: every file genuine (PA passes), but the chip holds another CA key. */
    @ParameterizedTest(name = "PACE={0}")
    @ValueSource(booleans = {false, true})
    void clone_withAnotherCaKey_failsChipAuthenticity_butStillReadsTheFiles(boolean pace) {
        TestPassport passport = passport(caAndEcAa.dataGroups());
        EmrtdEmulator card = chip(passport, pace).chipAuthentication(caKey(other),
                ChipAuthCrypto.OID_CA_ECDH_AES_128).activeAuthentication(
                        caAndEcAa.activeAuthentication().orElseThrow().getPrivate(), ActiveAuthCrypto.Digest.SHA256)
                .build();

        ChipReadResult result = read(new EmulatorChannel(card));
        PassiveAuthResult pa = pa(passport);

        assertThat(result.chipAuthentication().status()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.chipAuthentication().reason()).isEqualTo(ChipAuthReason.CA_KEY_MISMATCH);
        assertThat(pa.result()).isEqualTo(CheckStatus.PASSED);
        ChipAuthenticity verdict = ChipAuthenticity.assess(result, pa);
        assertThat(verdict.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(verdict.method()).isEqualTo(ChipAuthMethod.CA);
        // a failed CA is not rescued by AA: one success is enough, but a failure is evidence of a clone
        passport.files().forEach((id, bytes) -> assertThat(result.file(id)).as("file %04X", id).isEqualTo(bytes));
    }

    @ParameterizedTest(name = "SHA-256 trailer={0}")
    @ValueSource(booleans = {false, true})
    void activeAuthentication_rsa_passes(boolean sha256) {
        TestPassport passport = passport(rsaAaOnly.dataGroups());
        EmrtdEmulator card = chip(passport, false).activeAuthentication(
                rsaAaOnly.activeAuthentication().orElseThrow().getPrivate(),
                sha256 ? ActiveAuthCrypto.Digest.SHA256 : ActiveAuthCrypto.Digest.SHA1).build();

        ChipReadResult result = read(new EmulatorChannel(card));

        assertThat(result.chipAuthentication().method()).isEqualTo(ChipAuthMethod.AA);
        assertThat(result.chipAuthentication().status()).isEqualTo(CheckStatus.PASSED);
        assertThat(result.chipAuthentication().keyDataGroups()).containsExactly(15);
        assertThat(result.chipAuthentication().detail()).contains(sha256 ? "SHA256" : "SHA1");
        ChipAuthenticity verdict = ChipAuthenticity.assess(result, pa(passport));
        assertThat(verdict.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(verdict.method()).isEqualTo(ChipAuthMethod.AA);
    }

    /** EC AA: the hash comes from DG14's ActiveAuthenticationInfo, so both DG14 and DG15 must pass PA. */
    @Test
    void activeAuthentication_ecdsa_passes_whenTheChipHasNoChipAuthentication() {
        TestPassport passport = passport(caAndEcAa.dataGroups());
        EmrtdEmulator card = chip(passport, true).activeAuthentication(
                caAndEcAa.activeAuthentication().orElseThrow().getPrivate(), ActiveAuthCrypto.Digest.SHA256).build();

        ChipReadResult result = read(new EmulatorChannel(card));

        // DG14 announces CA but this chip refuses MSE: that is a failed CA, not a reason to fall back to AA
        assertThat(result.chipAuthentication().method()).isEqualTo(ChipAuthMethod.CA);
        assertThat(result.chipAuthentication().status()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.chipAuthentication().reason()).isEqualTo(ChipAuthReason.CA_REFUSED);

        ChipKeys ecAaOnly = factory.createChipKeys(new ChipFeatures(false, false, Optional.of(KeyAlgorithm.EC_P256)));
        TestPassport aaOnly = passport(ecAaOnly.dataGroups());
        ChipReadResult aa = read(new EmulatorChannel(chip(aaOnly, true).activeAuthentication(
                ecAaOnly.activeAuthentication().orElseThrow().getPrivate(), ActiveAuthCrypto.Digest.SHA256).build()));
        assertThat(aa.chipAuthentication().method()).isEqualTo(ChipAuthMethod.AA);
        assertThat(aa.chipAuthentication().status()).isEqualTo(CheckStatus.PASSED);
        assertThat(aa.chipAuthentication().keyDataGroups()).containsExactly(14, 15);
        assertThat(ChipAuthenticity.assess(aa, pa(aaOnly)).status()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void clone_withAnotherAaKey_failsChipAuthenticity() {
        TestPassport passport = passport(rsaAaOnly.dataGroups());
        ChipKeys impostor = factory.createChipKeys(new ChipFeatures(false, false, Optional.of(KeyAlgorithm.RSA_2048)));
        EmrtdEmulator card = chip(passport, false).activeAuthentication(
                impostor.activeAuthentication().orElseThrow().getPrivate(), ActiveAuthCrypto.Digest.SHA1).build();

        ChipReadResult result = read(new EmulatorChannel(card));

        assertThat(result.chipAuthentication().status()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.chipAuthentication().reason()).isEqualTo(ChipAuthReason.AA_SIGNATURE_INVALID);
        assertThat(ChipAuthenticity.assess(result, pa(passport)).status()).isEqualTo(CheckStatus.FAILED);
    }

    @Test
    void chipWithoutDg14OrDg15_isNotSupported_andTheReadSucceeds() {
        TestPassport passport = passport(Map.of());
        ChipReadResult result = read(new EmulatorChannel(chip(passport, false).build()));

        assertThat(result.dataGroupsRead()).containsExactly(1, 2);
        assertThat(result.chipAuthentication().status()).isEqualTo(CheckStatus.NOT_SUPPORTED);
        assertThat(result.chipAuthentication().method()).isEqualTo(ChipAuthMethod.NONE);
        assertThat(result.chipAuthentication().reason()).isEqualTo(ChipAuthReason.NO_CHIP_AUTHENTICATION);
        assertThat(ChipAuthenticity.assess(result, pa(passport)).status()).isEqualTo(CheckStatus.NOT_SUPPORTED);
    }

    @Test
    void chipAuthenticationOff_sendsNothing_andReportsDisabled() {
        TestPassport passport = passport(caAndEcAa.dataGroups());
        EmrtdEmulator card = chip(passport, false).chipAuthentication(caKey(caAndEcAa),
                ChipAuthCrypto.OID_CA_ECDH_AES_128).build();
        ChipReader reader = new ChipReader(new EmulatorChannel(card),
                ChipReader.Options.defaults().withChipAuthentication(false), CLOCK, new SecureRandom());

        ChipReadResult result = reader.read(KEY);

        assertThat(result.chipAuthentication().reason()).isEqualTo(ChipAuthReason.DISABLED);
        assertThat(result.chipAuthentication().status()).isEqualTo(CheckStatus.NOT_SUPPORTED);
    }

    /** The keys are trusted only through PA: no CSCA means UNDETERMINED, a swapped DG14 means FAILED. */
    @Test
    void assess_needsPaToVouchForTheKeyFile() {
        TestPassport passport = passport(caAndEcAa.dataGroups());
        EmrtdEmulator card = chip(passport, false).chipAuthentication(caKey(caAndEcAa),
                ChipAuthCrypto.OID_CA_ECDH_AES_128).build();
        ChipReadResult result = read(new EmulatorChannel(card));
        PassiveAuthResult noCsca = new PassiveAuthenticator(TrustStore.empty(CLOCK)).verify(passport.sod(),
                passport.dataGroups(), NOW);

        ChipAuthenticity undetermined = ChipAuthenticity.assess(result, noCsca);
        assertThat(undetermined.status()).isEqualTo(CheckStatus.UNDETERMINED);
        assertThat(undetermined.reason()).isEqualTo(ChipAuthReason.KEY_NOT_VERIFIED);

        // a forger swaps in a DG14 with its own CA key and a chip holding that key: CA passes, PA catches DG14
        Map<Integer, byte[]> forged = new HashMap<>(passport.files());
        forged.put(0x010E, other.dataGroups().get(14));
        TestPassport forgedPassport = new TestPassport(forged, MRZ, passport.csca(), passport.documentSigner());
        ChipReadResult forgedRead = read(new EmulatorChannel(EmrtdEmulator.builder().files(forged).bacKey(KEY)
                .random(new SecureRandom()).chipAuthentication(caKey(other), ChipAuthCrypto.OID_CA_ECDH_AES_128)
                .build()));
        assertThat(forgedRead.chipAuthentication().status()).isEqualTo(CheckStatus.PASSED);
        ChipAuthenticity forgedVerdict = ChipAuthenticity.assess(forgedRead, pa(forgedPassport));
        assertThat(forgedVerdict.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(forgedVerdict.reason()).isEqualTo(ChipAuthReason.KEY_HASH_MISMATCH);
    }

    /**
     * A SOD whose signature does not verify vouches for nothing, even when DG14's hash matches it: chip
     * authenticity is UNDETERMINED (PA reports the FAILED signature itself).
     */
    @Test
    void assess_isUndetermined_whenTheSodSignatureFails() {
        TestPassport passport = TestPassportFactory.tamper(passport(caAndEcAa.dataGroups()),
                org.openegate.crypto.testpassport.Tamper.SOD_SIGNATURE_FLIPPED);
        EmrtdEmulator card = chip(passport, false).chipAuthentication(caKey(caAndEcAa),
                ChipAuthCrypto.OID_CA_ECDH_AES_128).build();
        ChipReadResult result = read(new EmulatorChannel(card));
        PassiveAuthResult pa = pa(passport);

        assertThat(result.chipAuthentication().status()).isEqualTo(CheckStatus.PASSED);
        assertThat(pa.signature().status()).isEqualTo(CheckStatus.FAILED);
        ChipAuthenticity verdict = ChipAuthenticity.assess(result, pa);
        assertThat(verdict.status()).isEqualTo(CheckStatus.UNDETERMINED);
        assertThat(verdict.reason()).isEqualTo(ChipAuthReason.KEY_NOT_VERIFIED);
        assertThat(verdict.detail()).contains("SOD signature FAILED");
    }

    /** After CA has been proven, a response with a bad MAC under the new keys stops the read. */
    @Test
    void wrongMacAfterChipAuthenticationRestart_abortsTheRead() {
        TestPassport passport = passport(caAndEcAa.dataGroups());
        EmulatorChannel link = new EmulatorChannel(chip(passport, false).chipAuthentication(caKey(caAndEcAa),
                ChipAuthCrypto.OID_CA_ECDH_AES_128).build());
        ApduChannel corruptAfterCa = new ApduChannel() {
            int afterGa = -1;

            @Override
            public ResponseApdu transmit(CommandApdu command) {
                if (command.ins() == 0x86 && (command.cla() & 0x0C) == 0x0C) {
                    afterGa = 0;
                } else if (afterGa >= 0 && ++afterGa == 2) {
                    link.corruptNextMac(); // the first command after CA proves the keys; corrupt the second
                }
                return link.transmit(command);
            }
        };

        assertThatThrownBy(() -> read(corruptAfterCa)).isInstanceOfSatisfying(ChipException.class,
                e -> assertThat(e.reason()).isEqualTo(ChipException.Reason.SM_MAC_INVALID));
    }

    /** A tampered answer to the proving command after CA is indistinguishable from a clone: FAILED, not a crash. */
    @Test
    void wrongMacOnTheProvingCommand_failsChipAuthentication() {
        TestPassport passport = passport(caAndEcAa.dataGroups());
        EmulatorChannel link = new EmulatorChannel(chip(passport, false).chipAuthentication(caKey(caAndEcAa),
                ChipAuthCrypto.OID_CA_ECDH_AES_128).build());
        ApduChannel corruptProof = command -> {
            if (command.ins() == 0x86 && (command.cla() & 0x0C) == 0x0C) {
                ResponseApdu r = link.transmit(command);
                link.corruptNextMac();
                return r;
            }
            return link.transmit(command);
        };

        ChipReadResult result = read(corruptProof);

        assertThat(result.chipAuthentication().status()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.chipAuthentication().reason()).isEqualTo(ChipAuthReason.CA_KEY_MISMATCH);
    }

    @Test
    void toStrings_showNoKeysAndNoPersonalData() {
        TestPassport passport = passport(caAndEcAa.dataGroups());
        KeyPair ca = caAndEcAa.chipAuthentication().orElseThrow();
        EmrtdEmulator card = chip(passport, false).chipAuthentication(ca.getPrivate(),
                ChipAuthCrypto.OID_CA_ECDH_AES_128).build();
        ChipReadResult result = read(new EmulatorChannel(card));
        ChipAuthenticity verdict = ChipAuthenticity.assess(result, pa(passport));
        String privateHex = HexFormat.of().formatHex(ca.getPrivate().getEncoded()).toLowerCase();
        String d = ((java.security.interfaces.ECPrivateKey) ca.getPrivate()).getS().toString(16);

        for (String s : List.of(result.toString(), verdict.toString(), card.toString(), result.chipAuthentication()
                .toString(), ChipAuthCrypto.terminal(ca.getPublic(), new SecureRandom()).toString())) {
            assertThat(s.toLowerCase()).doesNotContain(d).doesNotContain(privateHex.substring(privateHex.length() - 40))
                    .doesNotContain("mustermann").doesNotContain("c11t002jm").doesNotContain("960812");
        }
        assertThat(result.toString()).contains("CA/PASSED");
        assertThat(verdict.detail()).contains(ChipAuthCrypto.OID_CA_ECDH_AES_128);
        assertThat(Set.copyOf(result.chipAuthentication().keyDataGroups())).containsExactly(14);
    }
}
