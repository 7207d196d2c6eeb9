package org.openegate.crypto.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.apdu.ApduChannel;
import org.openegate.crypto.apdu.ResponseApdu;
import org.openegate.crypto.chip.AccessKey;
import org.openegate.crypto.chip.AccessMethod;
import org.openegate.crypto.chip.BacKey;
import org.openegate.crypto.chip.ChipAuthMethod;
import org.openegate.crypto.chip.ChipAuthReason;
import org.openegate.crypto.chip.ChipAuthenticity;
import org.openegate.crypto.chip.ChipException;
import org.openegate.crypto.chip.ChipReadResult;
import org.openegate.crypto.chip.ChipReader;
import org.openegate.crypto.chip.PaceKey;
import org.openegate.crypto.chip.internal.ChipAuthCrypto;
import org.openegate.crypto.lds.LdsFile;
import org.openegate.crypto.pa.PassiveAuthenticator;
import org.openegate.crypto.testpassport.ChipFeatures;
import org.openegate.crypto.testpassport.ChipKeys;
import org.openegate.crypto.testpassport.CscaCredentials;
import org.openegate.crypto.testpassport.DocumentSigner;
import org.openegate.crypto.testpassport.KeyAlgorithm;
import org.openegate.crypto.testpassport.PaceVariant;
import org.openegate.crypto.testpassport.PaceVariant.Cipher;
import org.openegate.crypto.testpassport.PaceVariant.Mapping;
import org.openegate.crypto.testpassport.TestImages;
import org.openegate.crypto.testpassport.TestPassport;
import org.openegate.crypto.testpassport.TestPassportFactory;
import org.openegate.crypto.trust.TrustStore;

/**
 * Every PACE variant the factory can make, read end to end through {@link ChipReader} and the emulator over real
 * APDUs, with the MRZ and with the CAN as password: GM on the six curves of the issue, DH-GM on the RFC 5114
 * groups, IM over ECDH and DH, PACE-CAM, each cipher suite. PACE-CAM must also come out as the chip-authenticity
 * method, trusted only with Passive Authentication of DG14.
 */
class PaceVariantsEmulatorTest {

    static final List<String> MRZ = ChipAuthenticationEmulatorTest.MRZ;
    static final BacKey KEY = ChipAuthenticationEmulatorTest.KEY;
    static final String CAN = "519204";
    static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static TestPassportFactory factory;
    static CscaCredentials csca;
    static DocumentSigner signer;
    static TrustStore trust;

    @BeforeAll
    static void issue() {
        factory = new TestPassportFactory(new SecureRandom(new byte[] {7, 1}), CLOCK);
        csca = factory.createCsca("DE", KeyAlgorithm.EC_P256);
        signer = factory.createDocumentSigner(csca, KeyAlgorithm.EC_P256);
        trust = TrustStore.builder(CLOCK).addCertificate(csca.certificate()).build();
    }

    static Stream<Arguments> variants() {
        List<PaceVariant> all = List.of(
                // GM on every curve of the issue, AES-128
                new PaceVariant(Mapping.GM, Cipher.AES128, 12), new PaceVariant(Mapping.GM, Cipher.AES128, 15),
                new PaceVariant(Mapping.GM, Cipher.AES128, 18), new PaceVariant(Mapping.GM, Cipher.AES128, 13),
                new PaceVariant(Mapping.GM, Cipher.AES128, 16), new PaceVariant(Mapping.GM, Cipher.AES128, 17),
                // every cipher
                new PaceVariant(Mapping.GM, Cipher.DES3, 13), new PaceVariant(Mapping.GM, Cipher.AES192, 12),
                new PaceVariant(Mapping.GM, Cipher.AES256, 16),
                // DH generic mapping on the three RFC 5114 groups
                new PaceVariant(Mapping.GM, Cipher.AES128, 0), new PaceVariant(Mapping.GM, Cipher.DES3, 1),
                new PaceVariant(Mapping.GM, Cipher.AES256, 2),
                // integrated mapping, ECDH and DH
                new PaceVariant(Mapping.IM, Cipher.AES128, 13), new PaceVariant(Mapping.IM, Cipher.DES3, 12),
                new PaceVariant(Mapping.IM, Cipher.AES192, 18), new PaceVariant(Mapping.IM, Cipher.AES256, 17),
                new PaceVariant(Mapping.IM, Cipher.AES128, 0), new PaceVariant(Mapping.IM, Cipher.AES256, 2),
                // chip authentication mapping
                new PaceVariant(Mapping.CAM, Cipher.AES128, 13), new PaceVariant(Mapping.CAM, Cipher.AES192, 12),
                new PaceVariant(Mapping.CAM, Cipher.AES256, 15));
        List<Arguments> out = new ArrayList<>();
        for (PaceVariant v : all) {
            out.add(Arguments.of(v, "MRZ"));
            out.add(Arguments.of(v, "CAN"));
        }
        return out.stream();
    }

    record Chip(TestPassport passport, EmrtdEmulator card) {
    }

    static Chip chip(PaceVariant variant, ChipKeys keys, ChipKeys chipHolds) {
        TestPassport passport = factory.issue(csca, signer, MRZ, TestImages.jpeg(24, 30), keys.dataGroups());
        EmrtdEmulator.Builder b = EmrtdEmulator.builder().files(passport.files()).bacKey(KEY).can(CAN)
                .pace(variant.oid(), variant.parameterId()).random(new SecureRandom());
        chipHolds.chipAuthentication().ifPresent(k -> b.chipAuthentication(k.getPrivate(),
                ChipAuthCrypto.OID_CA_ECDH_AES_128));
        return new Chip(passport, b.build());
    }

    @ParameterizedTest(name = "{0} with the {1}")
    @MethodSource("variants")
    void everyVariant_readsTheWholePassport(PaceVariant variant, String password) {
        ChipKeys keys = factory.createChipKeys(ChipFeatures.pace(variant));
        Chip chip = chip(variant, keys, keys);
        AccessKey key = password.equals("CAN") ? PaceKey.can(CAN) : KEY;

        ChipReadResult result = new ChipReader(new EmulatorChannel(chip.card()), CLOCK, new SecureRandom())
                .read(key);

        assertThat(result.accessMethod()).isEqualTo(AccessMethod.PACE);
        chip.passport().files().forEach((id, bytes) ->
                assertThat(result.file(id)).as("file %04X", id).isEqualTo(bytes));
        assertThat(result.file(LdsFile.CARD_ACCESS_FILE_ID)).isEqualTo(variant.cardAccess());
        ChipAuthenticity verdict = ChipAuthenticity.assess(result,
                new PassiveAuthenticator(trust).verify(chip.passport().sod(), chip.passport().dataGroups(), NOW));
        if (variant.mapping() == Mapping.CAM) {
            assertThat(result.chipAuthentication().method()).isEqualTo(ChipAuthMethod.PACE_CAM);
            assertThat(verdict.status()).isEqualTo(CheckStatus.PASSED);
            assertThat(verdict.reason()).isEqualTo(ChipAuthReason.OK);
        } else {
            assertThat(result.chipAuthentication().status()).isEqualTo(CheckStatus.NOT_SUPPORTED);
        }
    }

    /** A clone: genuine files (DG14 with the genuine key), but the chip holds another key. */
    @Test
    void paceCam_cloneWithAnotherKey_isFailed() {
        PaceVariant cam = new PaceVariant(Mapping.CAM, Cipher.AES128, 13);
        ChipKeys genuine = factory.createChipKeys(ChipFeatures.pace(cam));
        ChipKeys clone = factory.createChipKeys(ChipFeatures.pace(cam));
        Chip chip = chip(cam, genuine, clone);

        ChipReadResult result = new ChipReader(new EmulatorChannel(chip.card()), CLOCK, new SecureRandom())
                .read(KEY);

        // the clone still opens PACE (it knows the MRZ) and the files are genuine, but the mapping fails, and CA
        // with the genuine DG14 key fails too: one verdict, FAILED
        assertThat(result.accessMethod()).isEqualTo(AccessMethod.PACE);
        assertThat(result.chipAuthentication().status()).isEqualTo(CheckStatus.FAILED);
        assertThat(result.chipAuthentication().method()).isEqualTo(ChipAuthMethod.PACE_CAM);
        assertThat(result.chipAuthentication().reason()).isEqualTo(ChipAuthReason.CAM_MISMATCH);
        ChipAuthenticity verdict = ChipAuthenticity.assess(result,
                new PassiveAuthenticator(trust).verify(chip.passport().sod(), chip.passport().dataGroups(), NOW));
        assertThat(verdict.status()).isEqualTo(CheckStatus.FAILED);
    }

    /** PACE-CAM passes the protocol, but a DG14 not covered by a valid SOD leaves authenticity UNDETERMINED. */
    @Test
    void paceCam_withoutPassiveAuthenticationOfDg14_isNotTrusted() {
        PaceVariant cam = new PaceVariant(Mapping.CAM, Cipher.AES128, 13);
        ChipKeys keys = factory.createChipKeys(ChipFeatures.pace(cam));
        Chip chip = chip(cam, keys, keys);
        ChipReadResult result = new ChipReader(new EmulatorChannel(chip.card()), CLOCK, new SecureRandom())
                .read(KEY);
        TrustStore nobody = TrustStore.builder(CLOCK).build();

        ChipAuthenticity verdict = ChipAuthenticity.assess(result,
                new PassiveAuthenticator(nobody).verify(chip.passport().sod(), chip.passport().dataGroups(), NOW));

        assertThat(result.chipAuthentication().status()).isEqualTo(CheckStatus.PASSED);
        assertThat(verdict.status()).isEqualTo(CheckStatus.UNDETERMINED);
        assertThat(verdict.reason()).isEqualTo(ChipAuthReason.KEY_NOT_VERIFIED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrongPasswordVariants")
    void wrongPassword_isPaceFailed_andTheRightOneThenWorks(PaceVariant variant) {
        ChipKeys keys = factory.createChipKeys(ChipFeatures.pace(variant));
        Chip chip = chip(variant, keys, keys);
        ChipReader reader = new ChipReader(new EmulatorChannel(chip.card()), CLOCK, new SecureRandom());

        assertThatThrownBy(() -> reader.read(PaceKey.can("000000"))).isInstanceOfSatisfying(ChipException.class,
                e -> assertThat(e.reason()).isEqualTo(ChipException.Reason.PACE_FAILED));
        assertThat(reader.read(PaceKey.can(CAN)).accessMethod()).isEqualTo(AccessMethod.PACE);
    }

    static Stream<PaceVariant> wrongPasswordVariants() {
        return Stream.of(new PaceVariant(Mapping.GM, Cipher.DES3, 0), new PaceVariant(Mapping.IM, Cipher.AES128, 13),
                new PaceVariant(Mapping.CAM, Cipher.AES256, 17));
    }

    /** 3DES PACE gives 3DES secure messaging: 8-byte blocks and an 8-byte SSC starting at zero (9303-11 §9.8.6.3). */
    @Test
    void pace3des_readsUnder3desSecureMessaging() {
        PaceVariant des = new PaceVariant(Mapping.GM, Cipher.DES3, 12);
        ChipKeys keys = factory.createChipKeys(ChipFeatures.pace(des));
        Chip chip = chip(des, keys, keys);
        EmulatorChannel link = new EmulatorChannel(chip.card());
        List<byte[]> responses = new ArrayList<>();
        ApduChannel recording = command -> {
            ResponseApdu r = link.transmit(command);
            if ((command.cla() & 0x0C) == 0x0C && r.dataLength() > 0) {
                responses.add(r.data());
            }
            return r;
        };

        new ChipReader(recording, CLOCK, new SecureRandom()).read(KEY);

        // every protected answer ends in DO'8E' with an 8-byte MAC; DO'87' contents are 01 + whole 8-byte blocks
        assertThat(responses).isNotEmpty().allSatisfy(r -> {
            assertThat(r[r.length - 10]).isEqualTo((byte) 0x8E);
            if (r[0] == (byte) 0x87 && (r[1] & 0x80) == 0) {
                assertThat((r[1] - 1) % 8).isZero();
            }
        });
    }

    @Test
    void paceVariant_rejectsUndefinedCombinations() {
        assertThatThrownBy(() -> new PaceVariant(Mapping.CAM, Cipher.DES3, 13))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PaceVariant(Mapping.CAM, Cipher.AES128, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PaceVariant(Mapping.IM, Cipher.AES128, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 mod 4");
        assertThatThrownBy(() -> new PaceVariant(Mapping.GM, Cipher.AES128, 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PaceVariant.domainParameterId("brainpoolP384r1")).isEqualTo(16);
        assertThat(PaceVariant.domainParameterId("P-521")).isEqualTo(18);
        assertThat(PaceVariant.domainParameterId("modp2048-256")).isEqualTo(2);
        assertThat(new PaceVariant(Mapping.IM, Cipher.AES256, 0).oid()).isEqualTo("0.4.0.127.0.7.2.2.4.3.4");
    }

    @Test
    void chipFeatures_keepTheOldMeaningOfPace() {
        assertThat(new ChipFeatures(true, false, Optional.empty()).paceVariant()).isEqualTo(PaceVariant.DEFAULT);
        assertThat(PaceVariant.DEFAULT.oid()).isEqualTo("0.4.0.127.0.7.2.2.4.2.2");
    }
}
