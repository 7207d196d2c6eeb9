package org.openegate.gate.cli;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openegate.gate.config.ConfigException;
import org.openegate.gate.config.ConfigLoader;
import org.openegate.gate.config.GateConfig;
import org.openegate.provisioning.enrol.EnrolmentException;
import org.openegate.gate.service.GateService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code egate run --config FILE}: the gate as a long-running service. */
@Command(name = "run", description = "Run the gate agent as a long-running service (simulated drivers when the"
        + " config says simulation: true).")
final class RunCommand implements Callable<Integer> {

    /** Exit status of a gate the operator revoked (it wiped itself): a supervisor must not restart it. */
    static final int REVOKED = 3;

    @Option(names = "--config", required = true, description = "the gate's YAML configuration")
    Path config;

    @Override
    public Integer call() throws Exception {
        GateConfig gateConfig;
        Vertx loader = Vertx.vertx();
        try {
            gateConfig = ConfigLoader.load(loader, config).toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ConfigException bad) {
                // Every offending field, one a line, then the one-line reason CLI.md asks for.
                bad.errors().forEach(error -> System.err.println("egate: " + config + ": " + error));
                throw new EgateCommand.UsageException(config + " rejected: " + bad.errors().size()
                        + " error(s), nothing started");
            }
            throw new EgateCommand.UsageException("cannot read " + config + ": " + e.getCause().getMessage());
        } finally {
            loader.close();
        }
        GateService service;
        try {
            service = GateService.start(gateConfig, Clock.systemUTC(), new SecureRandom());
        } catch (EnrolmentException e) {
            System.err.println("egate: gate " + gateConfig.gateId() + " does not start: " + e.getMessage());
            return e.reason() == EnrolmentException.Reason.REVOKED ? REVOKED : EgateCommand.USAGE;
        } catch (IllegalStateException e) {
            throw new EgateCommand.UsageException(e.getMessage());
        }
        System.out.println("egate: gate " + gateConfig.gateId() + " ready in " + service.readyMs()
                + " ms (" + service.readyCpuMs() + " ms CPU); health on port " + service.httpPort());
        System.out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        AtomicBoolean closed = new AtomicBoolean();
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                service.close();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close.run();
            stop.countDown();
        }, "egate-shutdown"));
        service.enrolment().ifPresent(e -> e.revoked().thenRun(stop::countDown));
        stop.await();
        if (service.enrolment().filter(e -> e.revoked().isDone()).isPresent()) {
            close.run(); // the journal and outbox are wiped once closed
            System.err.println("egate: gate " + gateConfig.gateId() + " was revoked by the operator: keys and personal"
                    + " data wiped; it will not run again until re-enrolled");
            return REVOKED;
        }
        return EgateCommand.OK;
    }
}
