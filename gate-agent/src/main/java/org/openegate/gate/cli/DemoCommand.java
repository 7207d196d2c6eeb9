package org.openegate.gate.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.openegate.gate.demo.DemoRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code egate demo}: the main job, a whole simulated gate on an embedded default. */
@Command(name = "demo", description = "Run a whole simulated gate: emulated chips, simulated MRZ reader, camera and"
        + " a broker it starts itself, processing travellers that cover every outcome.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--travellers", defaultValue = "20", description = "how many travellers (default ${DEFAULT-VALUE})")
    int travellers;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the traveller scenario (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--broker", description = "publish to this broker (tcp://HOST:PORT or ssl://...) instead of an"
            + " embedded one")
    String broker;

    @Option(names = "--drain-timeout", defaultValue = "120", paramLabel = "SECONDS",
            description = "how long to wait for the outbox to empty (default ${DEFAULT-VALUE})")
    long drainTimeoutSeconds;

    @Option(names = "--home", description = "where the demo keeps its CSCA, journal and outbox"
            + " (default: the egate.home property, else ~/.openegate)")
    Path home;

    @Option(names = "--json", description = "print only the summary, as one JSON object")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (travellers < 1) {
            throw new EgateCommand.UsageException("--travellers must be at least 1, was " + travellers);
        }
        if (broker != null && !broker.matches("(tcp|ssl)://[^/\\s]+:\\d+")) {
            throw new EgateCommand.UsageException("--broker must look like tcp://HOST:PORT or ssl://HOST:PORT, was '"
                    + broker + "'");
        }
        Path folder = home != null ? home
                : Path.of(System.getProperty("egate.home", System.getProperty("user.home") + "/.openegate"), "demo");
        DemoRunner.Options options = new DemoRunner.Options(travellers, seed, Optional.ofNullable(broker),
                Duration.ofSeconds(drainTimeoutSeconds), folder);
        PrintWriter out = spec.commandLine().getOut();
        DemoRunner.Summary summary = new DemoRunner(options, Clock.systemUTC(), new SecureRandom())
                .run(out, !json);
        if (json) {
            JsonOutput.print(out, summary.toJson());
        } else {
            out.printf("%d travellers in %d ms: %s; reasons %s; %d crossing records published, %d still queued%n",
                    summary.travellers(), summary.durationMs(), summary.toJson().getJsonObject("outcomes").encode(),
                    summary.toJson().getJsonObject("reasons").encode(), summary.published(), summary.queued());
            out.flush();
        }
        return EgateCommand.OK;
    }
}
