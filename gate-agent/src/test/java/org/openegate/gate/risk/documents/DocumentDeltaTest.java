package org.openegate.gate.risk.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.gate.risk.documents.WatchlistContentException.Reason;

/** Deltas against a model: a plain set of normalised keys, changed the same way. */
class DocumentDeltaTest {

    @TempDir
    Path dir;

    private static boolean contains(DocumentIndex index, long i) {
        return index.contains(SyntheticDocuments.state(i, true), SyntheticDocuments.type(i, true),
                SyntheticDocuments.memberNumber(i));
    }

    private static byte[] snapshot(long version, long from, long to) throws IOException {
        DocumentSnapshotBuilder builder = new DocumentSnapshotBuilder();
        for (long i = from; i < to; i++) {
            builder.add(SyntheticDocuments.state(i, true), SyntheticDocuments.type(i, true),
                    SyntheticDocuments.memberNumber(i));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        builder.writeTo(version, out);
        return out.toByteArray();
    }

    private static byte[] delta(long from, long to, List<Long> adds, List<Long> removes) throws IOException {
        DocumentDeltaBuilder builder = new DocumentDeltaBuilder(from, to);
        for (long i : adds) {
            builder.add(SyntheticDocuments.state(i, true), SyntheticDocuments.type(i, true),
                    SyntheticDocuments.memberNumber(i));
        }
        for (long i : removes) {
            builder.remove(SyntheticDocuments.state(i, true), SyntheticDocuments.type(i, true),
                    SyntheticDocuments.memberNumber(i));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        builder.writeTo(out);
        return out.toByteArray();
    }

    /**
     * Twelve deltas of random adds and removes (re-adding removed base keys, removing added keys) over a mapped
     * 10,000-record base; after each, the index answers exactly as the model set over 20,000 candidate keys, and
     * its merged snapshot loads to the same answers.
     */
    @Test
    void randomDeltas_matchTheModel_andMergeIntoTheNextSnapshot() throws IOException {
        int universe = 20_000;
        DocumentIndex index = DocumentIndex.load(new ByteArrayInputStream(snapshot(1, 0, 10_000)),
                dir.resolve("base.idx"));
        Set<Long> model = new HashSet<>();
        for (long i = 0; i < 10_000; i++) {
            model.add(i);
        }
        SplittableRandom random = new SplittableRandom(21);
        for (long version = 1; version <= 12; version++) {
            List<Long> adds = new ArrayList<>();
            List<Long> removes = new ArrayList<>();
            Set<Long> touched = new HashSet<>();
            for (int k = 0; k < 500; k++) {
                long i = random.nextInt(universe);
                if (touched.add(i)) {
                    (model.contains(i) ? removes : adds).add(i);
                }
            }
            index.applyDelta(new ByteArrayInputStream(delta(version, version + 1, adds, removes)));
            model.addAll(adds);
            model.removeAll(removes);
            assertThat(index.version()).isEqualTo(version + 1);
            assertThat(index.size()).isEqualTo(model.size());
            assertThat(disagreements(index, model, universe)).as("at version %d", version + 1).isEmpty();
        }
        assertThat(index.overlaySize()).isPositive();
        ByteArrayOutputStream merged = new ByteArrayOutputStream();
        index.writeSnapshot(merged);
        DocumentIndex next = DocumentIndex.load(new ByteArrayInputStream(merged.toByteArray()), dir.resolve("n.idx"));
        assertThat(next.version()).isEqualTo(13);
        assertThat(next.overlaySize()).isZero();
        assertThat(next.size()).isEqualTo(model.size());
        assertThat(disagreements(next, model, universe)).isEmpty();
    }

    private static List<Long> disagreements(DocumentIndex index, Set<Long> model, int universe) {
        List<Long> wrong = new ArrayList<>();
        for (long i = 0; i < universe; i++) {
            if (contains(index, i) != model.contains(i)) {
                wrong.add(i);
            }
        }
        return wrong;
    }

    @Test
    void delta_withTheWrongBaseVersion_isRefused() throws IOException {
        DocumentIndex index = DocumentIndex.load(new ByteArrayInputStream(snapshot(7, 0, 100)));
        assertThatThrownBy(() -> index.applyDelta(new ByteArrayInputStream(delta(6, 8, List.of(500L), List.of()))))
                .isInstanceOfSatisfying(WatchlistContentException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.VERSION_GAP))
                .hasMessageContaining("version 6").hasMessageContaining("version 7");
        index.applyDelta(new ByteArrayInputStream(delta(7, 8, List.of(500L), List.of())));
        // Replaying the same delta is a gap too: the list is at 8 now.
        assertThatThrownBy(() -> index.applyDelta(new ByteArrayInputStream(delta(7, 8, List.of(500L), List.of()))))
                .hasMessageContaining("VERSION_GAP");
    }

    @Test
    void delta_isAllOrNothing() throws IOException {
        DocumentIndex index = DocumentIndex.load(new ByteArrayInputStream(snapshot(1, 0, 100)));
        // Adds 200 (new) and 50 (already listed): refused whole, so 200 stays unlisted.
        assertThatThrownBy(() -> index.applyDelta(new ByteArrayInputStream(delta(1, 2, List.of(200L, 50L),
                List.of())))).isInstanceOfSatisfying(WatchlistContentException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.ADD_ALREADY_LISTED));
        assertThatThrownBy(() -> index.applyDelta(new ByteArrayInputStream(delta(1, 2, List.of(),
                List.of(10L, 300L))))).isInstanceOfSatisfying(WatchlistContentException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REMOVE_NOT_LISTED));
        assertThat(contains(index, 200)).isFalse();
        assertThat(contains(index, 10)).isTrue();
        assertThat(index.version()).isEqualTo(1);
        assertThat(index.size()).isEqualTo(100);
    }

    @Test
    void deltaBuilder_refusesAddingAndRemovingOneDocument() throws IOException {
        DocumentDeltaBuilder builder = new DocumentDeltaBuilder(1, 2).add("UTO", "P", "L898902C3")
                .remove("uto", "P<", "L898902C3<");
        assertThatThrownBy(() -> builder.writeTo(new ByteArrayOutputStream()))
                .isInstanceOfSatisfying(WatchlistContentException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_ENTRY))
                .hasMessageNotContaining("L898902C3");
        assertThatThrownBy(() -> new DocumentDeltaBuilder(3, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void snapshotGivenAsDelta_andDeltaAsSnapshot_areRefused() throws IOException {
        DocumentIndex index = DocumentIndex.load(new ByteArrayInputStream(snapshot(1, 0, 10)));
        assertThatThrownBy(() -> index.applyDelta(new ByteArrayInputStream(snapshot(2, 0, 10))))
                .isInstanceOfSatisfying(WatchlistContentException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_KIND));
        assertThatThrownBy(() -> DocumentIndex.load(new ByteArrayInputStream(delta(1, 2, List.of(1L), List.of()))))
                .isInstanceOfSatisfying(WatchlistContentException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_KIND));
    }
}
