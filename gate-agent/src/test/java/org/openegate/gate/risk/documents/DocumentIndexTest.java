package org.openegate.gate.risk.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exactness at one million records, heap and mapped: every member found, no non-member reported. */
class DocumentIndexTest {

    private static final int MEMBERS = 1_000_000;
    private static byte[] snapshot;

    @TempDir
    static Path dir;

    @BeforeAll
    static void build() throws IOException {
        DocumentSnapshotBuilder builder = new DocumentSnapshotBuilder(MEMBERS);
        for (long i = 0; i < MEMBERS; i++) {
            builder.add(SyntheticDocuments.state(i, true), SyntheticDocuments.type(i, true),
                    SyntheticDocuments.memberNumber(i));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(builder.writeTo(42, out)).isEqualTo(MEMBERS);
        snapshot = out.toByteArray();
        assertThat(snapshot).hasSize(24 + 13 * MEMBERS);
    }

    private static InputStream content() {
        return new ByteArrayInputStream(snapshot);
    }

    private static void assertExact(DocumentIndex index) {
        assertExact(index, 1);
    }

    /** Probes every {@code step}-th member, non-member and near miss. */
    private static void assertExact(DocumentIndex index, int step) {
        assertThat(index.size()).isEqualTo(MEMBERS);
        assertThat(index.version()).isEqualTo(42);
        long missed = 0;
        for (long i = 0; i < MEMBERS; i += step) {
            if (!index.contains(SyntheticDocuments.state(i, true), SyntheticDocuments.type(i, true),
                    SyntheticDocuments.memberNumber(i))) {
                missed++;
            }
        }
        long reported = 0;
        for (long j = 0; j < MEMBERS; j += step) {
            if (index.contains(SyntheticDocuments.state(j, false), SyntheticDocuments.type(j, false),
                    SyntheticDocuments.nonMemberNumber(j))
                    || index.contains(SyntheticDocuments.state(j, true), SyntheticDocuments.type(j, true),
                    SyntheticDocuments.nearMissNumber(j))) {
                reported++;
            }
        }
        assertThat(missed).as("false negatives").isZero();
        assertThat(reported).as("false positives").isZero();
    }

    @Test
    void heapIndex_findsEveryMemberAndNoOther() throws IOException {
        assertExact(DocumentIndex.load(content()));
    }

    @Test
    void mappedIndex_findsEveryMemberAndNoOther_andReopens() throws IOException {
        Path file = dir.resolve("mapped.idx");
        DocumentIndex loaded = DocumentIndex.load(content(), file);
        assertExact(loaded);
        // B = floor(log2 1e6) - 2 = 17, so 11-byte records and a 2^17 + 1 int directory.
        assertThat(Files.size(file)).isEqualTo(64 + 4L * ((1 << 17) + 1) + 11L * MEMBERS)
                .isEqualTo(loaded.snapshotBytes());
        assertExact(DocumentIndex.open(file), 7);
    }

    @Test
    void lookup_normalisesTheProbe() throws IOException {
        DocumentIndex index = DocumentIndex.load(content());
        String number = SyntheticDocuments.memberNumber(5);
        String state = SyntheticDocuments.state(5, true);
        String type = SyntheticDocuments.type(5, true);
        assertThat(index.contains(" " + state.toLowerCase() + "<<", type + "<", number.toLowerCase() + "<<<"))
                .isTrue();
        assertThat(index.contains(state, type, number + "0")).isFalse();
        assertThat(index.contains(state, type, number + "!")).isFalse();
        assertThat(index.contains(state, type, "12345678901234567")).isFalse();
        assertThat(index.contains(null, type, number)).isFalse();
    }

    @Test
    void writeSnapshot_ofAFreshIndex_isByteForByteTheContent() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DocumentIndex.load(content(), dir.resolve("rewrite.idx")).writeSnapshot(out);
        assertThat(out.toByteArray()).isEqualTo(snapshot);
    }

    /**
     * Keys whose sealed values agree in all but their lowest bits (so in bucket and 100 of 104 bits) are still
     * told apart: the comparison is of the whole key, not of a fingerprint.
     */
    @Test
    void keysCollidingOnAllButTheLastBits_areStillExact() throws IOException {
        SplittableRandom random = new SplittableRandom(3);
        long[] scratch = new long[2];
        List<String[]> listed = new ArrayList<>();
        List<String[]> neighbours = new ArrayList<>();
        while (listed.size() < 2_000) {
            long hi = random.nextLong() & DocumentKeys.MASK52;
            long lo = random.nextLong() & DocumentKeys.MASK52 & ~0xFL;
            List<String[]> family = new ArrayList<>();
            for (long low = 0; low < 16; low++) {
                if (DocumentKeys.isValidSealed(hi, lo | low, scratch)) {
                    family.add(DocumentKeys.decode(hi, lo | low));
                }
            }
            if (family.size() >= 2) {
                listed.add(family.get(0));
                neighbours.addAll(family.subList(1, family.size()));
            }
        }
        DocumentIndex index = heapIndexOf(listed);
        assertThat(listed).allMatch(key -> index.contains(key[0], key[1], key[2]));
        assertThat(neighbours).isNotEmpty().noneMatch(key -> index.contains(key[0], key[1], key[2]));
    }

    private static DocumentIndex heapIndexOf(List<String[]> keys) throws IOException {
        DocumentSnapshotBuilder builder = new DocumentSnapshotBuilder();
        for (String[] key : keys) {
            builder.add(key[0], key[1], key[2]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        builder.writeTo(1, out);
        return DocumentIndex.load(new ByteArrayInputStream(out.toByteArray()));
    }

    /** Every key in one directory bucket: the in-bucket binary search still finds exactly the listed ones. */
    @Test
    void oneCrowdedBucket_isSearchedExactly() throws IOException {
        SplittableRandom random = new SplittableRandom(4);
        long[] scratch = new long[2];
        long top = 0xABCL << 40; // the same top 12 bits: one bucket at any B <= 12 (B is 8 here)
        List<String[]> listed = new ArrayList<>();
        List<String[]> absent = new ArrayList<>();
        while (listed.size() + absent.size() < 6_000) {
            long hi = top | (random.nextLong() & ((1L << 40) - 1));
            long lo = random.nextLong() & DocumentKeys.MASK52;
            if (DocumentKeys.isValidSealed(hi, lo, scratch)) {
                (random.nextBoolean() ? listed : absent).add(DocumentKeys.decode(hi, lo));
            }
        }
        DocumentIndex index = heapIndexOf(listed);
        assertThat(index.size()).isEqualTo(listed.size());
        assertThat(listed).allMatch(key -> index.contains(key[0], key[1], key[2]));
        assertThat(absent).noneMatch(key -> index.contains(key[0], key[1], key[2]));
    }

    @Test
    void builder_dropsDuplicates_andAnEmptyListLoads() throws IOException {
        DocumentSnapshotBuilder builder = new DocumentSnapshotBuilder(0);
        ByteArrayOutputStream empty = new ByteArrayOutputStream();
        assertThat(builder.writeTo(1, empty)).isZero();
        DocumentIndex none = DocumentIndex.load(new ByteArrayInputStream(empty.toByteArray()),
                dir.resolve("empty.idx"));
        assertThat(none.size()).isZero();
        assertThat(none.contains("UTO", "P", "L898902C3")).isFalse();
        assertThat(DocumentIndex.open(dir.resolve("empty.idx")).size()).isZero();

        for (int i = 0; i < 1_000; i++) {
            builder.add("UTO", "P", "L898902C3").add("uto", "P<", "L898902C3<");
        }
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        assertThat(builder.writeTo(2, one)).isEqualTo(1);
        assertThat(DocumentIndex.load(new ByteArrayInputStream(one.toByteArray())).contains("UTO", "P", "L898902C3"))
                .isTrue();
    }

    @Test
    void toString_namesCountsNotDocuments() throws IOException {
        DocumentIndex index = DocumentIndex.load(content());
        assertThat(index.toString()).contains("version 42", String.valueOf(MEMBERS))
                .doesNotContain(SyntheticDocuments.memberNumber(0));
        DocumentSnapshotBuilder builder = new DocumentSnapshotBuilder().add("UTO", "P", "L898902C3");
        assertThat(builder.toString()).doesNotContain("L898902C3");
        assertThat(new DocumentDeltaBuilder(1, 2).add("UTO", "P", "L898902C3").toString())
                .doesNotContain("L898902C3");
    }

    @Test
    void builder_refusesUnlistableEntries_withoutEchoingThem() {
        DocumentSnapshotBuilder builder = new DocumentSnapshotBuilder();
        assertThatThrownBy(() -> builder.add("UTO", "P", "L8989-SECRET"))
                .isInstanceOfSatisfying(WatchlistContentException.class, e -> {
                    assertThat(e.reason()).isEqualTo(WatchlistContentException.Reason.INVALID_ENTRY);
                    assertThat(e.getMessage()).contains("position 5").doesNotContain("SECRET", "L8989");
                });
        assertThatThrownBy(() -> builder.add("UTOPIA", "P", "1"))
                .hasMessageContaining("issuing state");
    }
}
