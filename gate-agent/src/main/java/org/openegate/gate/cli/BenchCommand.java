package org.openegate.gate.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.openegate.gate.bench.GateBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code egate bench}: the harness of acceptance 4 and 5 (see docs/gate-bench.md). */
@Command(name = "bench", description = "Run simulated travellers through the full gate with zero hardware delays"
        + " and report software time per transaction (median, p99, per step) and RSS.")
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--travellers", defaultValue = "1000", description = "how many (default ${DEFAULT-VALUE})")
    int travellers;

    @Option(names = "--seed", defaultValue = "1", description = "scenario seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--rss-every", defaultValue = "1000",
            description = "sample RSS every N transactions (default ${DEFAULT-VALUE})")
    int rssEvery;

    @Option(names = "--home", description = "where the bench keeps its CSCA, journal and outbox (default: a new"
            + " temporary folder)")
    Path home;

    @Option(names = "--json", description = "print only the report, as one JSON object")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (travellers < 1 || rssEvery < 1) {
            throw new EgateCommand.UsageException("--travellers and --rss-every must be at least 1");
        }
        Path folder = home != null ? home : Files.createTempDirectory("egate-bench");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JsonObject report = new GateBench(new GateBench.Options(travellers, seed, folder, rssEvery),
                Clock.systemUTC(), new SecureRandom()).run(Optional.of(err));
        if (json) {
            JsonOutput.print(out, report);
        } else {
            out.println(report.encodePrettily());
            out.flush();
        }
        return EgateCommand.OK;
    }
}
