package org.openegate.gate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.gate.decision.Decision;
import org.openegate.gate.decision.Outcome;
import org.openegate.gate.decision.ReasonCode;
import org.openegate.gate.journal.CrossingRecord;
import org.openegate.gate.journal.DataKey;
import org.openegate.gate.journal.Journal;

/** {@code egate stats}: JSON contract, CSV, PNG, and exit 2 with one line on bad input. */
class StatsCommandTest {

    @TempDir
    static Path dir;

    /** Two days before now, on the hour: every period of the data has ended whatever the wall clock says. */
    private static final Instant START = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2));
    private static final int CROSSINGS = 240;

    @BeforeAll
    static void journal() throws Exception {
        Random random = new Random(42);
        try (Journal journal = Journal.open(dir.resolve("journal.db"),
                DataKey.loadOrCreate(dir.resolve("data.key"), new SecureRandom()), Clock.systemUTC(),
                Duration.ofDays(30))) {
            for (int i = 0; i < CROSSINGS; i++) {
                Instant started = START.plusSeconds(random.nextInt(12 * 3600));
                int draw = random.nextInt(20);
                Decision decision = draw < 15 ? new Decision(Outcome.OPEN_EXIT, List.of())
                        : draw < 18 ? new Decision(Outcome.REFER, List.of(draw == 15 ? ReasonCode.FACE_MISMATCH
                                : ReasonCode.MINOR))
                        : new Decision(Outcome.REJECT, List.of(ReasonCode.DOCUMENT_EXPIRED));
                boolean common = random.nextInt(4) > 0;
                JsonObject statistics = new JsonObject().put("nationality", common ? "UTO" : random.nextBoolean() ? "D" : "FRA")
                        .put("sex", random.nextBoolean() ? "F" : "M")
                        .put("ageBand", common ? "30-44" : List.of("0-17", "18-29", "60+").get(random.nextInt(3)))
                        .put("direction", "ENTRY");
                long ms = 600 + (long) Math.abs(random.nextGaussian() * 900);
                journal.append(new CrossingRecord(UUID.randomUUID().toString(), "gate-1", started,
                        started.plusMillis(ms), decision, new JsonObject(), new JsonObject().put("chip", ms * 0.6),
                        new JsonObject(), new JsonObject().put("surname", "ERIKSSON"), statistics));
            }
        }
    }

    private static String[] args(String... extra) {
        List<String> all = new java.util.ArrayList<>(List.of("stats", "--journal", dir.resolve("journal.db").toString(),
                "--from", START.toString(), "--to", START.plus(Duration.ofHours(12)).toString()));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    @Test
    void json_printsOneObjectThatReconciles() {
        CliTestSupport.Run run = CliTestSupport.run(args("--json", "--gate", "gate-1"));
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out().strip()).doesNotContain("\n");
        JsonObject json = new JsonObject(run.out().strip());
        assertThat(json.fieldNames()).contains("gate", "period", "k", "periods", "total", "published", "suppressed",
                "totals", "processingMs", "from", "to");
        assertThat(json.getInteger("periods")).isEqualTo(12);
        assertThat(json.getInteger("total")).isEqualTo(CROSSINGS);
        assertThat(json.getInteger("published") + json.getInteger("suppressed")).isEqualTo(CROSSINGS);
        JsonObject totals = json.getJsonObject("totals");
        for (String dimension : List.of("direction", "nationality", "sex", "ageBand", "outcome", "referralReason")) {
            JsonObject d = totals.getJsonObject(dimension);
            int sum = d.getJsonObject("values").getMap().values().stream().mapToInt(v -> (Integer) v).sum();
            assertThat(sum + d.getInteger("suppressed")).as(dimension).isEqualTo(CROSSINGS);
        }
        assertThat(run.out()).doesNotContain("ERIKSSON");
    }

    @Test
    void dayPeriods_publishMoreThanHours() {
        JsonObject hours = new JsonObject(CliTestSupport.run(args("--json")).out().strip());
        JsonObject days = new JsonObject(CliTestSupport.run(args("--json", "--period", "day")).out().strip());
        assertThat(days.getInteger("total")).isEqualTo(CROSSINGS);
        assertThat(days.getInteger("suppressed")).isLessThan(hours.getInteger("suppressed"));
    }

    @Test
    void csv_rowsAddUpToTheTotal() throws Exception {
        Path csv = dir.resolve("out.csv");
        CliTestSupport.Run run = CliTestSupport.run(args("--csv", csv.toString()));
        assertThat(run.status()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("periodStart,periodEnd,direction,nationality,sex,ageBand,outcome,"
                + "referralReason,count");
        int sum = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            assertThat(fields).hasSize(9);
            int count = Integer.parseInt(fields[8]);
            assertThat(fields[2].equals("SUPPRESSED") || count >= 5).as(line).isTrue();
            sum += count;
        }
        assertThat(sum).isEqualTo(CROSSINGS);
        assertThat(run.out()).contains("240 crossings in 12 hour periods");
    }

    @Test
    void plot_writesAPngAnAnalystCanRead() throws Exception {
        for (String period : List.of("hour", "day")) {
            plot(period);
        }
    }

    private static void plot(String period) throws Exception {
        Path png = dir.resolve("stats-" + period + ".png");
        CliTestSupport.Run run = CliTestSupport.run(args("--plot", png.toString(), "--period", period));
        assertThat(run.status()).as(run.err()).isZero();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
        assertThat(bytes.length).isBetween(10_000, 2_000_000);
        if (System.getProperty("stats.chart.dir") != null) { // to look at it: -Dstats.chart.dir=/tmp
            Files.copy(png, Path.of(System.getProperty("stats.chart.dir"), png.getFileName().toString()),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image.getWidth()).isEqualTo(1400);
        assertThat(image.getHeight()).isEqualTo(1000);
        // Something is drawn in each panel: not a blank canvas.
        assertThat(colours(image, 90, 110, 1070, 420)).isGreaterThan(3);
        assertThat(colours(image, 250, 620, 420, 320)).isGreaterThan(2);
        assertThat(colours(image, 800, 620, 560, 320)).isGreaterThan(2);
    }

    private static long colours(BufferedImage image, int x, int y, int w, int h) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int i = x; i < x + w; i += 3) {
            for (int j = y; j < y + h; j += 3) {
                seen.add(image.getRGB(i, j));
            }
        }
        return seen.size();
    }

    @Test
    void badInput_exitsTwoWithOneLine() {
        List<String[]> cases = List.of(
                new String[] {"stats", "--journal", dir.resolve("missing.db").toString()},
                args("--k", "1"),
                args("--from", "yesterday"),
                args("--period", "week"),
                args("--direction", "UP"),
                new String[] {"stats", "--journal", dir.resolve("journal.db").toString(), "--key-file",
                    dir.resolve("nokey").toString()},
                new String[] {"stats", "--journal", dir.resolve("journal.db").toString(), "--from",
                    "2026-01-02", "--to", "2026-01-01"});
        for (String[] c : cases) {
            CliTestSupport.Run run = CliTestSupport.run(c);
            assertThat(run.status()).as(String.join(" ", c) + " -> " + run.err()).isEqualTo(2);
            assertThat(run.err().strip()).startsWith("egate: ").doesNotContain("Exception").doesNotContain("\tat ");
            assertThat(run.err().strip().lines().count()).isLessThanOrEqualTo(2);
        }
        assertThat(Files.exists(dir.resolve("missing.db"))).as("a missing journal is not created").isFalse();
    }
}
