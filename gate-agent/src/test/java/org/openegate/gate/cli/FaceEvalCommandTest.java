package org.openegate.gate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code egate face eval --reframe}: the full pipeline on LFW pairs re-framed as unaligned captures (issue #5). */
class FaceEvalCommandTest {

    static final Path LFW = Path.of(System.getProperty("testdata.dir", "../../shared/testdata"))
            .resolve("faces/lfw-aligned-112");

    @TempDir
    Path dir;

    @Test
    void reframe_runsTheFullPipelineOnEveryPair_andCountsFailedImages() throws Exception {
        Path pairs = firstPairs(12);

        CliTestSupport.Run run = CliTestSupport.run("face", "eval", "--pairs", pairs.toString(), "--root",
                LFW.toString(), "--reframe", "640x480", "--seed", "7", "--json");

        assertThat(run.status()).as(run.err()).isZero();
        JsonObject json = new JsonObject(run.out().strip());
        assertThat(json.getInteger("pairs")).isEqualTo(12);
        assertThat(json.getInteger("genuine") + json.getInteger("impostor")).isEqualTo(12);
        assertThat(json.getJsonObject("failedImages")).isNotNull();
        assertThat(json.getDouble("threshold")).isBetween(-1.0, 1.0);
    }

    @Test
    void reframe_refusesABadSizeAndAlignedTogether() throws Exception {
        Path pairs = firstPairs(2);
        CliTestSupport.Run bad = CliTestSupport.run("face", "eval", "--pairs", pairs.toString(), "--root",
                LFW.toString(), "--reframe", "wide");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).startsWith("egate: ");

        CliTestSupport.Run both = CliTestSupport.run("face", "eval", "--pairs", pairs.toString(), "--root",
                LFW.toString(), "--reframe", "640x480", "--aligned");
        assertThat(both.status()).isEqualTo(2);
        assertThat(both.err()).contains("--aligned");
    }

    /** The header and the first n genuine and n impostor rows of fold 1, so both classes are present. */
    private Path firstPairs(int n) throws Exception {
        List<String> rows = Files.readAllLines(LFW.resolve("pairs_folds1-4.csv"), StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>(List.of(rows.get(0)));
        rows.stream().skip(1).filter(r -> r.startsWith("1,1,")).limit(n / 2).forEach(out::add);
        rows.stream().skip(1).filter(r -> r.startsWith("1,0,")).limit(n - n / 2).forEach(out::add);
        Path file = dir.resolve("pairs.csv");
        Files.write(file, out, StandardCharsets.UTF_8);
        return file;
    }
}
