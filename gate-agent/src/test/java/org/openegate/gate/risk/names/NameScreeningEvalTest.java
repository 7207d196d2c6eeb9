package org.openegate.gate.risk.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The acceptance 2 as tests. The normal suite runs a small seeded set (20,000 entries) as a quality
 * guard; the 1 million entry run with Lucene in the same run is tagged soak and driven by
 * {@code gate-agent/names-eval.sh}, which writes {@code gate-agent/target/names-eval.txt}.
 */
class NameScreeningEvalTest {

    /** The reported seed; the default threshold was tuned on seed 1 (docs/name-screening.md). */
    static final long SEED = 20261129L;

    @Test
    void evaluation_smallSet_keepsRecallAndFalseAlerts() throws IOException {
        NameScreeningEval.Report r = NameScreeningEval.run(20_000, 1000, 2000, SEED,
                ScreeningConfig.DEFAULT_THRESHOLD, false);
        // A smaller list has fewer look-alikes than the 1M one, so this guards quality against regressions
        // rather than proving the 1M acceptance; latency is not asserted (shared machines), only reported.
        assertThat(r.ours().recall()).isGreaterThanOrEqualTo(0.98);
        assertThat(r.ours().falseAlertRate()).isLessThanOrEqualTo(0.01);
        assertThat(r.heapBytes()).isPositive();
    }

    @Test
    void luceneBaseline_runsOnTheSameProbes() throws IOException {
        NameScreeningEval.Report r = NameScreeningEval.run(2_000, 100, 200, SEED,
                ScreeningConfig.DEFAULT_THRESHOLD, true);
        // FuzzyQuery with 9303 spellings indexed finds most listed people; it has no score to hold back on.
        assertThat(r.lucene().recall()).isGreaterThan(0.9);
        assertThat(r.lucene().listed()).isEqualTo(r.ours().listed());
        assertThat(r.lucene().nonListed()).isEqualTo(r.ours().nonListed());
    }

    @Test
    @Tag("soak")
    void evaluation_oneMillion_withLuceneInTheSameRun() throws IOException {
        int size = Integer.getInteger("names.eval.size", 1_000_000);
        int listed = Integer.getInteger("names.eval.listed", 2000);
        int nonListed = Integer.getInteger("names.eval.nonListed", 4000);
        NameScreeningEval.Report r = NameScreeningEval.run(size, listed, nonListed, SEED,
                ScreeningConfig.DEFAULT_THRESHOLD, true);
        String text = r.text();
        System.out.print(text);
        Files.writeString(Path.of("target", "names-eval.txt"), text, StandardCharsets.UTF_8);
        assertThat(r.ours().recall()).isGreaterThanOrEqualTo(0.98);
        assertThat(r.ours().falseAlertRate()).isLessThanOrEqualTo(0.01);
    }
}
