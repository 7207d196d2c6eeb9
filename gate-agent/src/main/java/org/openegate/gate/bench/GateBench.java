package org.openegate.gate.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.openegate.gate.config.GateConfig;
import org.openegate.gate.decision.DecisionPolicy;
import org.openegate.gate.decision.Outcome;
import org.openegate.gate.flow.CrossingPipeline;
import org.openegate.gate.flow.FaceEngines;
import org.openegate.gate.flow.GateController;
import org.openegate.gate.flow.GateMode;
import org.openegate.gate.flow.GateStateMachine;
import org.openegate.gate.journal.DataKey;
import org.openegate.gate.journal.Journal;
import org.openegate.gate.sim.LatchGateIo;
import org.openegate.gate.sim.PreparedTraveller;
import org.openegate.gate.sim.SimulatedCrossing;
import org.openegate.gate.sim.SimulatedTraveller;
import org.openegate.gate.sim.SimulatedWorld;
import org.openegate.gate.sim.TravellerFactory;
import org.openegate.mqtt.Outbox;

/**
 * The harness of acceptance 4 and 5 ({@code egate bench --travellers 1000}): simulated travellers through the
 * full gate (state machine, MRZ, chip over APDUs with BAC and Chip Authentication, Passive Authentication, face
 * and PAD, risk, policy, journal with fsync, outbox) with every modelled hardware delay zero.
 *
 * <p>"Software time" of a transaction is the wall time from the entry beam to the traveller leaving, which
 * includes the journal and outbox commits; issuing the traveller's passport (key generation, signing) happens
 * before and is not counted, as at a real gate the passport exists already. RSS is read from /proc every
 * {@code rssEvery} transactions to show whether memory grows. Results are for the machine it runs on.
 */
public final class GateBench {

    /** What to run. */
    public record Options(int travellers, long seed, Path home, int rssEvery) {
        public Options {
            if (travellers < 1) {
                throw new IllegalArgumentException("--travellers must be at least 1, was " + travellers);
            }
            if (rssEvery < 1) {
                throw new IllegalArgumentException("--rss-every must be at least 1, was " + rssEvery);
            }
        }
    }

    private final Options options;
    private final Clock clock;
    private final SecureRandom random;

    public GateBench(Options options, Clock clock, SecureRandom random) {
        this.options = options;
        this.clock = clock;
        this.random = random;
    }

    /** Runs the harness; progress lines go to {@code progress} when given. Returns the report. */
    public JsonObject run(Optional<PrintWriter> progress) throws Exception {
        long start = System.nanoTime();
        Path home = options.home();
        Files.createDirectories(home);
        SimulatedWorld world = SimulatedWorld.create(home, options.seed(), options.travellers(),
                TravellerFactory.Delays.NONE, clock, random);
        List<SimulatedTraveller> travellers = world.travellers();

        double[] totals = new double[travellers.size()];
        Map<String, double[]> steps = new LinkedHashMap<>();
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        JsonArray rss = new JsonArray();
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean();
        double[] cpu = new double[travellers.size()];
        try (FaceEngines faces = FaceEngines.load();
                Journal journal = Journal.open(home.resolve("journal.db"),
                        DataKey.loadOrCreate(home.resolve("data.key"), random), clock, Duration.ofDays(1));
                Outbox outbox = Outbox.open(home.resolve("outbox.db"))) {
            CrossingPipeline pipeline = new CrossingPipeline("bench", "bench", world.trust(), faces, world.risk(),
                    DecisionPolicy.standard(), clock, random);
            // Closed first: its recorder drains into the journal and outbox before they close.
            try (GateController controller = new GateController("bench", pipeline, journal, outbox, clock,
                    new SimpleMeterRegistry())) {
                GateStateMachine gate = new GateStateMachine(new LatchGateIo(),
                        GateConfig.Timeouts.generous().byState(), clock, () -> UUID.randomUUID().toString(),
                        controller);
                controller.attach(gate);
                controller.recover();
                gate.start(GateMode.OPEN);
                rss.add(new JsonObject().put("after", 0).put("rssMb", rssMb()));
                for (int i = 0; i < travellers.size(); i++) {
                    PreparedTraveller prepared = world.factory().prepare(travellers.get(i));
                    long cpu0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    CrossingPipeline.Crossing crossing = SimulatedCrossing.run(controller, prepared).orElseThrow(
                            () -> new IllegalStateException("a bench traveller left without a decision"));
                    totals[i] = (System.nanoTime() - t0) / 1e6;
                    // The outbox enqueue runs on after the traveller left (GateController's recorder): it belongs
                    // to this transaction's CPU, not to the next traveller's passport being made.
                    controller.awaitRecorded();
                    cpu[i] = (os.getProcessCpuTime() - cpu0) / 1e6;
                    final int index = i;
                    double stepSum = 0;
                    for (Map.Entry<String, Object> step : crossing.timingsMs()) {
                        double ms = ((Number) step.getValue()).doubleValue();
                        stepSum += ms;
                        steps.computeIfAbsent(step.getKey(), k -> new double[travellers.size()])[index] = ms;
                    }
                    // Journal, outbox, state machine and the traveller leaving: everything outside the checks.
                    steps.computeIfAbsent("gateAndRecord", k -> new double[travellers.size()])[index] =
                            Math.max(0, totals[i] - stepSum);
                    outcomes.merge(crossing.decision().outcome(), 1, Integer::sum);
                    if ((i + 1) % options.rssEvery() == 0) {
                        rss.add(new JsonObject().put("after", i + 1).put("rssMb", rssMb()));
                        progress.ifPresent(out -> {
                            out.printf("bench: %d travellers, RSS %d MB%n", index + 1, rssMb());
                            out.flush();
                        });
                    }
                }
            }
        }
        JsonObject trend = rssTrend(rss, travellers.size());
        progress.ifPresent(out -> {
            JsonObject half = trend.getJsonObject("secondHalf");
            out.printf("bench: RSS trend %s MB per 1,000 travellers over %d samples from %d travellers on; last %d MB,"
                    + " max %d MB; second half (from %d): %s MB per 1,000 over %d samples, %d-%d MB%n",
                    trend.getValue("slopeMbPer1000"), trend.getInteger("samples"), trend.getLong("fromAfter"),
                    trend.getLong("lastMb"), trend.getLong("maxMb"), half.getLong("fromAfter"),
                    half.getValue("slopeMbPer1000"), half.getInteger("samples"), half.getLong("minMb"),
                    half.getLong("maxMb"));
            out.flush();
        });
        JsonObject stepsJson = new JsonObject();
        steps.forEach((name, values) -> stepsJson.put(name, summary(values)));
        JsonObject outcomesJson = new JsonObject();
        outcomes.forEach((outcome, n) -> outcomesJson.put(outcome.name(), n));
        return new JsonObject()
                .put("travellers", travellers.size())
                .put("softwareMs", summary(totals))
                // Every thread of the process (pipeline, portrait, recorder, outbox, GC, JIT) while a traveller
                // was in the gate: far less sensitive to other load on the machine than wall time.
                .put("cpuMs", summary(cpu))
                .put("steps", stepsJson)
                .put("outcomes", outcomesJson)
                .put("rss", rss)
                .put("rssTrend", trend)
                .put("cpus", Runtime.getRuntime().availableProcessors())
                .put("loadAverage", Math.round(java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage() * 100) / 100.0)
                .put("durationMs", (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Acceptance 5's "no growth trend" as a number: the least-squares slope of RSS against transactions, in MB per
     * 1,000, over the samples from the first fifth of the run on (the heap, JIT and malloc arenas grow while they
     * warm up; a leak keeps growing after). Null slope with fewer than two such samples. {@code secondHalf} is the
     * same over the samples from half the run on, with their RSS range: a slow warm-up (the old generation's pages
     * touched one collection after another) still tilts the slope from the first fifth, a leak tilts both.
     */
    static JsonObject rssTrend(JsonArray rss, int travellers) {
        long max = -1;
        for (int i = 0; i < rss.size(); i++) {
            max = Math.max(max, rss.getJsonObject(i).getLong("rssMb"));
        }
        JsonObject trend = slopeFrom(rss, travellers / 5)
                .put("lastMb", rss.isEmpty() ? -1 : rss.getJsonObject(rss.size() - 1).getLong("rssMb"))
                .put("maxMb", max);
        JsonObject secondHalf = slopeFrom(rss, travellers / 2);
        List<Long> halfMb = samplesFrom(rss, travellers / 2).stream().map(s -> s.getLong("rssMb")).toList();
        secondHalf.put("minMb", halfMb.stream().mapToLong(Long::longValue).min().orElse(-1))
                .put("maxMb", halfMb.stream().mapToLong(Long::longValue).max().orElse(-1));
        return trend.put("secondHalf", secondHalf);
    }

    /** The samples after {@code from} transactions or more (never the one at start). */
    private static List<JsonObject> samplesFrom(JsonArray rss, long from) {
        List<JsonObject> samples = new java.util.ArrayList<>();
        for (int i = 0; i < rss.size(); i++) {
            JsonObject sample = rss.getJsonObject(i);
            if (sample.getLong("after") >= from && sample.getLong("after") > 0) {
                samples.add(sample);
            }
        }
        return samples;
    }

    /** fromAfter, samples and the least-squares slopeMbPer1000 (null with fewer than two samples). */
    private static JsonObject slopeFrom(JsonArray rss, long from) {
        List<JsonObject> samples = samplesFrom(rss, from);
        JsonObject trend = new JsonObject().put("fromAfter", from).put("samples", samples.size());
        if (samples.size() < 2) {
            return trend.putNull("slopeMbPer1000");
        }
        double meanX = samples.stream().mapToLong(s -> s.getLong("after")).average().orElseThrow();
        double meanY = samples.stream().mapToLong(s -> s.getLong("rssMb")).average().orElseThrow();
        double covariance = 0;
        double variance = 0;
        for (JsonObject sample : samples) {
            double dx = sample.getLong("after") - meanX;
            covariance += dx * (sample.getLong("rssMb") - meanY);
            variance += dx * dx;
        }
        return trend.put("slopeMbPer1000", round(covariance / variance * 1000));
    }

    static JsonObject summary(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new JsonObject()
                .put("median", round(percentile(sorted, 50)))
                .put("p99", round(percentile(sorted, 99)))
                .put("mean", round(Arrays.stream(sorted).average().orElse(0)))
                .put("max", round(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
    }

    /** Nearest-rank percentile of sorted values. */
    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** Resident set size of this process (Linux /proc), in MB; -1 where there is no /proc. */
    static long rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
