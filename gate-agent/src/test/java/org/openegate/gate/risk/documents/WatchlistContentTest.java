package org.openegate.gate.risk.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.gate.risk.documents.WatchlistContentException.Reason;

/** Malformed, hostile and truncated content and index files: refused with a reason, never a crash. */
class WatchlistContentTest {

    private static byte[] snapshot;

    @TempDir
    Path dir;

    @BeforeAll
    static void build() throws IOException {
        DocumentSnapshotBuilder builder = new DocumentSnapshotBuilder();
        for (long i = 0; i < 300; i++) {
            builder.add(SyntheticDocuments.state(i, true), SyntheticDocuments.type(i, true),
                    SyntheticDocuments.memberNumber(i));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        builder.writeTo(5, out);
        snapshot = out.toByteArray();
    }

    private static Reason reasonOfLoading(byte[] content) {
        try {
            DocumentIndex.load(new ByteArrayInputStream(content));
            return null;
        } catch (WatchlistContentException e) {
            return e.reason();
        } catch (IOException e) {
            throw new AssertionError("not a content refusal", e);
        }
    }

    private static byte[] with(int offset, int... bytes) {
        byte[] copy = snapshot.clone();
        for (int i = 0; i < bytes.length; i++) {
            copy[offset + i] = (byte) bytes[i];
        }
        return copy;
    }

    @Test
    void header_faultsHaveTheirReasons() {
        assertThat(reasonOfLoading(with(0, 'X'))).isEqualTo(Reason.BAD_MAGIC);
        assertThat(reasonOfLoading(with(4, 2))).isEqualTo(Reason.UNSUPPORTED_FORMAT_VERSION);
        assertThat(reasonOfLoading(with(5, 'Q'))).isEqualTo(Reason.WRONG_KIND);
        assertThat(reasonOfLoading(with(6, 0, 1))).isEqualTo(Reason.UNSUPPORTED_FORMAT_VERSION);
        assertThat(reasonOfLoading(with(8, 0, 0, 0, 0, 0, 0, 0, 0))).isEqualTo(Reason.BAD_VERSION);
        assertThat(reasonOfLoading(with(8, 0x80))).isEqualTo(Reason.BAD_VERSION);
    }

    @Test
    void hugeAnnouncedCount_isRefusedBeforeAnythingIsAllocated() throws IOException {
        assertThat(reasonOfLoading(with(16, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF)))
                .isEqualTo(Reason.TOO_MANY_RECORDS);
        byte[] over = with(16, 0, 0, 0, 0, 0x17, 0xD7, 0x84, 0x01); // 400,000,001
        assertThatThrownBy(() -> DocumentIndex.load(new ByteArrayInputStream(over), dir.resolve("over.idx")))
                .hasMessageContaining("400000001").hasMessageContaining("at byte 16");
        // The heap loader stops at 10 million.
        assertThat(reasonOfLoading(with(16, 0, 0, 0, 0, 0, 0x98, 0x96, 0x81))).isEqualTo(Reason.TOO_MANY_RECORDS);
    }

    @Test
    void largeAnnouncedCount_withFewRecords_failsAsTruncated_andLeavesNoFile() throws IOException {
        // 10 million announced, 300 present: record chunks are made as records arrive, so the heap loader
        // allocates its 8 MiB directory and one 1 MiB chunk, not 110 MB; the mapped loader deletes its file.
        byte[] content = with(16, 0, 0, 0, 0, 0, 0x98, 0x96, 0x80);
        assertThat(reasonOfLoading(content)).isEqualTo(Reason.TRUNCATED);
        Path file = dir.resolve("big.idx");
        assertThatThrownBy(() -> DocumentIndex.load(new ByteArrayInputStream(content), file))
                .isInstanceOfSatisfying(WatchlistContentException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
        assertThat(file).doesNotExist();
    }

    @Test
    void everyTruncation_isRefusedAsTruncated() {
        // Every cut in the header and the first records, then every 7th byte.
        for (int length = 0; length < snapshot.length; length += length < 100 ? 1 : 7) {
            assertThat(reasonOfLoading(Arrays.copyOf(snapshot, length))).as("cut at %d", length)
                    .isEqualTo(Reason.TRUNCATED);
        }
    }

    @Test
    void trailingBytes_areRefused() {
        assertThat(reasonOfLoading(Arrays.copyOf(snapshot, snapshot.length + 1))).isEqualTo(Reason.TRAILING_BYTES);
    }

    @Test
    void swappedRecords_areRefusedAsNotAscending_namingTheOffset() {
        byte[] swapped = snapshot.clone();
        System.arraycopy(snapshot, 24 + 13 * 10, swapped, 24 + 13 * 11, 13);
        System.arraycopy(snapshot, 24 + 13 * 11, swapped, 24 + 13 * 10, 13);
        assertThatThrownBy(() -> DocumentIndex.load(new ByteArrayInputStream(swapped)))
                .isInstanceOfSatisfying(WatchlistContentException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NOT_ASCENDING);
                    assertThat(e.offset()).isEqualTo(24 + 13 * 11);
                });
        byte[] duplicated = snapshot.clone();
        System.arraycopy(snapshot, 24 + 13 * 10, duplicated, 24 + 13 * 11, 13);
        assertThat(reasonOfLoading(duplicated)).isEqualTo(Reason.NOT_ASCENDING);
    }

    @Test
    void recordsNoKeySealsTo_areRefused() {
        byte[] bad = snapshot.clone();
        Arrays.fill(bad, 24 + 13 * 299, bad.length, (byte) 0xFF); // the last record: above all others, no key
        assertThat(reasonOfLoading(bad)).isEqualTo(Reason.INVALID_KEY);
    }

    /** Random corruption of a valid snapshot: it loads (a different but valid list) or is refused, nothing else. */
    @Test
    void randomCorruption_isLoadedOrRefused_neverACrash() {
        SplittableRandom random = new SplittableRandom(77);
        int refused = 0;
        for (int n = 0; n < 3_000; n++) {
            byte[] bad = snapshot.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bad[random.nextInt(bad.length)] ^= (byte) (1 << random.nextInt(8));
            }
            if (reasonOfLoading(bad) != null) {
                refused++;
            }
        }
        // Flipping any bit of a sealed key almost always breaks its order or its validity.
        assertThat(refused).isGreaterThan(2_500);
    }

    @Test
    void indexFile_truncatedOrCorrupt_isRefusedOnOpen() throws IOException {
        Path file = dir.resolve("ok.idx");
        DocumentIndex.load(new ByteArrayInputStream(snapshot), file);
        byte[] good = Files.readAllBytes(file);

        Path cut = dir.resolve("cut.idx");
        Files.write(cut, Arrays.copyOf(good, good.length - 1));
        assertThatThrownBy(() -> DocumentIndex.open(cut)).isInstanceOfSatisfying(WatchlistContentException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.BAD_INDEX_FILE)).hasMessageContaining("implies");
        Files.write(cut, Arrays.copyOf(good, 10));
        assertThatThrownBy(() -> DocumentIndex.open(cut)).hasMessageContaining("BAD_INDEX_FILE");

        Path noMagic = dir.resolve("nomagic.idx");
        byte[] copy = good.clone();
        copy[0] = 0;
        Files.write(noMagic, copy);
        assertThatThrownBy(() -> DocumentIndex.open(noMagic)).hasMessageContaining("BAD_INDEX_FILE");

        Path badDirectory = dir.resolve("dir.idx");
        copy = good.clone();
        ByteBuffer.wrap(copy).putInt(64 + 4 * 3, 1_000_000); // bucket 3 would start past the records
        Files.write(badDirectory, copy);
        assertThatThrownBy(() -> DocumentIndex.open(badDirectory))
                .isInstanceOfSatisfying(WatchlistContentException.class,
                        e -> assertThat(e.offset()).isEqualTo(64 + 4 * 3));

        Path badCount = dir.resolve("count.idx");
        copy = good.clone();
        ByteBuffer.wrap(copy).putLong(16, Long.MAX_VALUE);
        Files.write(badCount, copy);
        assertThatThrownBy(() -> DocumentIndex.open(badCount)).hasMessageContaining("inconsistent");
    }

    @Test
    void failedLoad_leavesNoIndexFileBehind_evenReplacingAGoodOne() throws IOException {
        Path file = dir.resolve("replace.idx");
        DocumentIndex.load(new ByteArrayInputStream(snapshot), file);
        assertThatThrownBy(() -> DocumentIndex.load(new ByteArrayInputStream(Arrays.copyOf(snapshot, 100)), file))
                .isInstanceOf(WatchlistContentException.class);
        assertThat(file).doesNotExist();
    }

    @Test
    void magicIsWrittenLast_soAHalfWrittenFileNeverOpens() throws IOException {
        Path file = dir.resolve("half.idx");
        DocumentIndex.load(new ByteArrayInputStream(snapshot), file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.writeInt(0); // what a crash before the last header write leaves
        }
        assertThatThrownBy(() -> DocumentIndex.open(file)).hasMessageContaining("not a complete");
    }
}
