package org.openegate.crypto.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openegate.crypto.chip.AccessMethod;
import org.openegate.crypto.chip.BacKey;
import org.openegate.crypto.chip.ChipException;
import org.openegate.crypto.chip.ChipReadResult;
import org.openegate.crypto.chip.ChipReader;
import org.openegate.crypto.lds.LdsFile;
import org.openegate.crypto.chip.internal.PaceCrypto;
import org.openegate.crypto.tlv.Tlv;

/** The reader against the emulated chip, through real APDUs, with and without the faults of a real link. */
class ChipReaderEmulatorTest {

    static final BacKey KEY = BacKey.of("C4X7Z9K21", "850301", "330228");

    /** EF.COM listing the given data group tags, an SOD-shaped file, and data groups of the given sizes. */
    static Map<Integer, byte[]> passport(int dg2Size, int... extraDgTags) {
        byte[] tagList = new byte[2 + extraDgTags.length];
        tagList[0] = 0x61;
        tagList[1] = 0x75;
        for (int i = 0; i < extraDgTags.length; i++) {
            tagList[2 + i] = (byte) extraDgTags[i];
        }
        Map<Integer, byte[]> files = new HashMap<>();
        files.put(LdsFile.COM.fileId(), Tlv.constructed(0x60, Tlv.of(0x5F01, ascii("0107")), Tlv.of(0x5F36, ascii("040000")),
                Tlv.of(0x5C, tagList)).encode());
        files.put(LdsFile.SOD.fileId(), Tlv.of(0x77, noise(1800, 1)).encode());
        files.put(LdsFile.DG1.fileId(), Tlv.constructed(0x61, Tlv.of(0x5F1F, ascii(
                "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10"))).encode());
        files.put(LdsFile.DG2.fileId(), Tlv.of(0x75, noise(dg2Size, 2)).encode());
        return files;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] noise(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static EmrtdEmulator card(Map<Integer, byte[]> files, boolean extendedLength) {
        return card(files, extendedLength, false);
    }

    static EmrtdEmulator card(Map<Integer, byte[]> files, boolean extendedLength, boolean pace) {
        EmrtdEmulator.Builder b = EmrtdEmulator.builder().files(files).bacKey(KEY).random(new SecureRandom())
                .extendedLength(extendedLength);
        if (pace) {
            b.pace(PaceCrypto.OID_ECDH_GM_AES_128, 13);
        }
        return b.build();
    }

    static ChipReader reader(EmulatorChannel link) {
        return new ChipReader(link, Clock.systemUTC(), new SecureRandom());
    }

    @Test
    void read_returnsEveryFileByteForByte_withExtendedLength() {
        Map<Integer, byte[]> files = passport(20_000);
        EmulatorChannel link = new EmulatorChannel(card(files, true));

        ChipReadResult result = reader(link).read(KEY);

        assertFilesEqual(result, files);
        assertThat(result.extendedLengthUsed()).isTrue();
        assertThat(result.accessMethod()).isEqualTo(AccessMethod.BAC);
        // look for EF.CardAccess (absent: no PACE), SELECT app, GET CHALLENGE, MUTUAL AUTH, then per file
        // SELECT + first 4 bytes + extended blocks of 7936 bytes (one each, three for DG2's 20 005 bytes)
        assertThat(result.stats().apdus()).isEqualTo(1 + 3 + 3 * 3 + (2 + 3));
        assertThat(result.stats().bytesReceived()).isGreaterThan(20_000);
    }

    @Test
    void read_fallsBackToShortBlocks_whenTheChipRefusesExtendedLength_underPaceToo() {
        Map<Integer, byte[]> files = passport(20_000);
        EmulatorChannel link = new EmulatorChannel(card(files, false, true));

        ChipReadResult result = reader(link).read(KEY);

        assertFilesEqual(result, files);
        assertThat(result.accessMethod()).isEqualTo(AccessMethod.PACE);
        assertThat(result.extendedLengthUsed()).isFalse();
    }

    @ParameterizedTest(name = "PACE={0}")
    @ValueSource(booleans = {false, true})
    void corruptedCommandMac_givesSmRejectedByChip_andTheNextReadWorks(boolean pace) {
        Map<Integer, byte[]> files = passport(2000);
        EmulatorChannel link = new EmulatorChannel(card(files, true, pace));
        ChipReader reader = reader(link);
        link.corruptNextCommandMac();

        assertThatThrownBy(() -> reader.read(KEY)).isInstanceOfSatisfying(ChipException.class, e -> {
            assertThat(e.reason()).isEqualTo(ChipException.Reason.SM_REJECTED_BY_CHIP);
            assertThat(e.sw()).isEqualTo(0x6988);
        });
        assertFilesEqual(reader.read(KEY), files);
    }

    @Test
    void read_fallsBackToShortBlocks_whenTheChipRefusesExtendedLength() {
        Map<Integer, byte[]> files = passport(20_000);
        EmulatorChannel link = new EmulatorChannel(card(files, false));

        ChipReadResult result = reader(link).read(KEY);

        assertFilesEqual(result, files);
        assertThat(result.extendedLengthUsed()).isFalse();
        // 20 005 bytes of DG2 in blocks of 0xE7 = 231 bytes need at least 87 READ BINARYs
        assertThat(result.stats().apdus()).isGreaterThan(87);
    }

    @ParameterizedTest(name = "PACE={0}")
    @ValueSource(booleans = {false, true})
    void read_halvesTheExtendedBlock_whenTheChipRefusesItsSizeUnderSecureMessaging(boolean pace) {
        Map<Integer, byte[]> files = passport(20_000);
        EmrtdEmulator.Builder b = EmrtdEmulator.builder().files(files).bacKey(KEY).random(new SecureRandom())
                .maxLe(2048);
        if (pace) {
            b.pace(PaceCrypto.OID_ECDH_GM_AES_128, 13);
        }
        EmulatorChannel link = new EmulatorChannel(b.build());

        ChipReadResult result = reader(link).read(KEY);

        assertFilesEqual(result, files);
        assertThat(result.extendedLengthUsed()).isTrue();
        // COM, SOD (1800 bytes fit 2048) and DG1 as before; DG2: SELECT, header, 7936 and 3968 refused under SM
        // (no new session), then 20 000 bytes in blocks of 1984: 11 READ BINARYs
        // PACE: EF.CardAccess (SELECT, header, rest), MSE, 4 GA, SELECT app; BAC: SELECT EF.CardAccess (absent) + 3
        int accessControl = pace ? 3 + 5 + 1 : 1 + 3;
        assertThat(result.stats().apdus()).isEqualTo(accessControl + 3 * 3 + (2 + 2 + 11));
    }

    @Test
    void emulator_refusesAnExtendedLeAboveItsBuffer_underSecureMessaging() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmrtdEmulator.builder().bacKey(KEY)
                .random(new SecureRandom()).maxLe(100).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxLe 100");
    }

    @Test
    void read_takesAWholeDataGroupInOneApdu_whenTheTransportAllowsLargeBlocks() {
        Map<Integer, byte[]> files = passport(20_000);
        EmulatorChannel link = new EmulatorChannel(card(files, true));
        ChipReader reader = new ChipReader(link, ChipReader.Options.defaults().withExtendedBlockSize(0xFF00),
                Clock.systemUTC(), new SecureRandom());

        ChipReadResult result = reader.read(KEY);

        assertFilesEqual(result, files);
        assertThat(result.stats().apdus()).isEqualTo(1 + 3 + 4 * 3);
    }

    @Test
    void read_usesShortBlocksOnly_whenExtendedLengthIsSwitchedOffInTheReader() {
        Map<Integer, byte[]> files = passport(3000);
        EmulatorChannel link = new EmulatorChannel(card(files, true));
        ChipReader reader = new ChipReader(link, ChipReader.Options.defaults().withExtendedLength(false),
                Clock.systemUTC(), new SecureRandom());

        ChipReadResult result = reader.read(KEY);

        assertFilesEqual(result, files);
        assertThat(result.extendedLengthUsed()).isFalse();
    }

    @ParameterizedTest(name = "PACE={0}")
    @ValueSource(booleans = {false, true})
    void read_readsBeyondOffset32767_withOddInsReadBinary(boolean pace) {
        Map<Integer, byte[]> files = passport(45_000);
        for (boolean extended : new boolean[] {true, false}) {
            EmulatorChannel link = new EmulatorChannel(card(files, extended, pace));
            ChipReadResult result = reader(link).read(KEY);
            assertFilesEqual(result, files);
        }
    }

    @Test
    void read_toleratesAListedDataGroupTheChipDoesNotHave_andSkipsEacGroups() {
        Map<Integer, byte[]> files = passport(500, 0x6B, 0x63); // COM lists DG11 (absent) and DG3 (EAC)
        files.put(LdsFile.DG3.fileId(), Tlv.of(0x63, noise(100, 3)).encode());
        EmulatorChannel link = new EmulatorChannel(card(files, true));

        ChipReadResult result = reader(link).read(KEY);

        assertThat(result.dataGroupsListed()).containsExactly(1, 2, 3, 11);
        assertThat(result.dataGroupsRead()).containsExactly(1, 2);
        assertThat(result.dataGroupsAbsent()).containsExactly(11);
        assertThat(result.dataGroupsDenied()).isEmpty();
    }

    @Test
    void read_reportsDg3AsDenied_whenAskedForItUnderBac() {
        Map<Integer, byte[]> files = passport(500, 0x63);
        files.put(LdsFile.DG3.fileId(), Tlv.of(0x63, noise(100, 3)).encode());
        EmulatorChannel link = new EmulatorChannel(card(files, true));
        ChipReader reader = new ChipReader(link, ChipReader.Options.defaults().withDataGroups(Set.of(1, 3)),
                Clock.systemUTC(), new SecureRandom());

        ChipReadResult result = reader.read(KEY);

        assertThat(result.dataGroupsRead()).containsExactly(1);
        assertThat(result.dataGroupsDenied()).containsExactly(3);
    }

    @Test
    void read_failsWithBacFailed_forTheWrongMrz() {
        EmulatorChannel link = new EmulatorChannel(card(passport(100), true));

        assertThatThrownBy(() -> reader(link).read(BacKey.of("C4X7Z9K21", "850301", "330229")))
                .isInstanceOfSatisfying(ChipException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ChipException.Reason.BAC_FAILED);
                    assertThat(e.sw()).isEqualTo(0x6300);
                });
        assertThat(reader(link).read(KEY).dataGroupsRead()).containsExactly(1, 2);
    }

    @Test
    void plainReadOfADataGroup_isRefusedByTheEmulator() {
        EmrtdEmulator card = card(passport(100), true);
        assertThat(card.process(hex("00A4040C07A0000002471001"))).isEqualTo(hex("9000"));
        assertThat(card.process(hex("00A4020C020101"))).isEqualTo(hex("9000"));
        assertThat(card.process(hex("00B0000004"))).isEqualTo(hex("6982"));
    }

    @ParameterizedTest(name = "PACE={0}")
    @ValueSource(booleans = {false, true})
    void corruptedMac_givesSmMacInvalid_andTheNextReadWorks(boolean pace) {
        Map<Integer, byte[]> files = passport(20_000);
        EmulatorChannel link = new EmulatorChannel(card(files, true, pace));
        ChipReader reader = reader(link);
        link.corruptNextMac();

        assertThatThrownBy(() -> reader.read(KEY)).isInstanceOfSatisfying(ChipException.class,
                e -> assertThat(e.reason()).isEqualTo(ChipException.Reason.SM_MAC_INVALID));
        assertFilesEqual(reader.read(KEY), files);
    }

    @ParameterizedTest(name = "PACE={0}")
    @ValueSource(booleans = {false, true})
    void truncatedResponse_givesTruncatedResponse_andTheNextReadWorks(boolean pace) {
        Map<Integer, byte[]> files = passport(20_000);
        EmulatorChannel link = new EmulatorChannel(card(files, true, pace));
        ChipReader reader = reader(link);
        link.truncateNextSecuredResponse();

        assertThatThrownBy(() -> reader.read(KEY)).isInstanceOfSatisfying(ChipException.class,
                e -> assertThat(e.reason()).isEqualTo(ChipException.Reason.TRUNCATED_RESPONSE));
        assertFilesEqual(reader.read(KEY), files);
    }

    @ParameterizedTest(name = "PACE={0}")
    @ValueSource(booleans = {false, true})
    void slowChip_givesTimeout_andTheNextReadWorks(boolean pace) {
        Map<Integer, byte[]> files = passport(2000);
        EmulatorChannel link = new EmulatorChannel(card(files, true, pace));
        ChipReader reader = reader(link);
        link.setLatency(Duration.ofMillis(1500), Duration.ofMillis(1000));

        assertThatThrownBy(() -> reader.read(KEY)).isInstanceOfSatisfying(ChipException.class,
                e -> assertThat(e.reason()).isEqualTo(ChipException.Reason.TIMEOUT));
        link.setLatency(Duration.ofMillis(20), Duration.ofMillis(1000));
        assertFilesEqual(reader.read(KEY), files);
        assertThat(link.simulatedTime()).isGreaterThan(Duration.ofMillis(1500));
    }

    @Test
    void cardTornAway_givesCardRemoved_withTheFileAndApduCount_andTheNextReadWorks() {
        Map<Integer, byte[]> files = passport(20_000);
        EmulatorChannel link = new EmulatorChannel(card(files, false));
        ChipReader reader = reader(link);
        link.tearAfter(40);

        assertThatThrownBy(() -> reader.read(KEY)).isInstanceOfSatisfying(ChipException.class, e -> {
            assertThat(e.reason()).isEqualTo(ChipException.Reason.CARD_REMOVED);
            assertThat(e.fileId()).isEqualTo(LdsFile.DG2.fileId());
            assertThat(e.apdus()).isEqualTo(41);
            assertThat(e.getMessage()).contains("EF 0102").contains("after 41 APDUs");
        });
        assertThatThrownBy(() -> reader.read(KEY)).isInstanceOfSatisfying(ChipException.class,
                e -> assertThat(e.reason()).isEqualTo(ChipException.Reason.CARD_REMOVED));
        link.reinsert();
        assertFilesEqual(reader.read(KEY), files);
    }

    @Test
    void fileShorterThanItsHeader_givesFileMalformed() {
        Map<Integer, byte[]> files = passport(1000);
        byte[] dg2 = files.get(LdsFile.DG2.fileId());
        files.put(LdsFile.DG2.fileId(), java.util.Arrays.copyOf(dg2, dg2.length - 10));
        EmulatorChannel link = new EmulatorChannel(card(files, true));

        assertThatThrownBy(() -> reader(link).read(KEY)).isInstanceOfSatisfying(ChipException.class, e -> {
            assertThat(e.reason()).isEqualTo(ChipException.Reason.FILE_MALFORMED);
            assertThat(e.fileId()).isEqualTo(LdsFile.DG2.fileId());
        });
    }

    @Test
    void missingApplication_givesApplicationNotFound() {
        ChipReader reader = new ChipReader(command -> org.openegate.crypto.apdu.ResponseApdu.status(0x6A82),
                Clock.systemUTC(), new SecureRandom());
        assertThatThrownBy(() -> reader.read(KEY)).isInstanceOfSatisfying(ChipException.class,
                e -> assertThat(e.reason()).isEqualTo(ChipException.Reason.APPLICATION_NOT_FOUND));
    }

    @Test
    void resultToString_namesFilesAndSizes_butNoContent() {
        Map<Integer, byte[]> files = passport(100);
        ChipReadResult result = reader(new EmulatorChannel(card(files, true))).read(KEY);

        assertThat(result.toString()).contains("DG1=").contains("COM=").doesNotContain("ERIKSSON")
                .doesNotContain("L898902C");
        assertThat(KEY.toString()).doesNotContain("C4X7Z9K21").doesNotContain("850301").contains("redacted");
    }

    @Test
    void simulatedClock_givesTheReaderTheModelledDuration() {
        Map<Integer, byte[]> files = passport(20_000);
        EmulatorChannel link = new EmulatorChannel(card(files, true));
        link.setLatency(Duration.ofMillis(10), Duration.ofSeconds(1));
        link.setLinkSpeed(424_000);
        ChipReader reader = new ChipReader(link, link.simulatedClock(), new SecureRandom());

        ChipReadResult result = reader.read(KEY);

        long bytes = result.stats().bytesSent() + result.stats().bytesReceived();
        long expectedMillis = result.stats().apdus() * 10 + bytes * 8 * 1000 / 424_000;
        assertThat(result.stats().millis()).isBetween(expectedMillis - 1, expectedMillis + 1);
        assertThat(Duration.ofMillis(result.stats().millis())).isEqualTo(
                Duration.ofMillis(link.simulatedTime().toMillis()));
    }

    @Test
    void result_cannotBeChangedThroughItsAccessors() {
        Map<Integer, byte[]> files = passport(100);
        ChipReadResult result = reader(new EmulatorChannel(card(files, true))).read(KEY);

        result.files().get(LdsFile.DG1.fileId())[0] ^= 0x7F;
        result.file(LdsFile.DG1.fileId())[1] ^= 0x7F;

        assertFilesEqual(result, files);
    }

    static void assertFilesEqual(ChipReadResult result, Map<Integer, byte[]> files) {
        for (Map.Entry<Integer, byte[]> e : files.entrySet()) {
            if (LdsFile.fromFileId(e.getKey()).map(LdsFile::dataGroupNumber).orElse(0) == 3) {
                continue;
            }
            assertThat(result.file(e.getKey())).as(LdsFile.nameOf(e.getKey())).isEqualTo(e.getValue());
        }
    }

    static byte[] hex(String h) {
        return org.bouncycastle.util.encoders.Hex.decode(h);
    }
}
