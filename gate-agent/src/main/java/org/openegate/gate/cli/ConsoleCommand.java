package org.openegate.gate.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.openegate.gate.web.ConsoleConfig;
import org.openegate.gate.web.ConsoleServer;
import org.openegate.gate.web.PasswordHasher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code egate console --config FILE}: the officer console (its own role of the same jar) supervising gates over
 * MQTT; {@code egate console hash-password}: an Argon2id hash for an account, from a password on standard input.
 */
@Command(name = "console", description = "Run the officer console (officers, supervisors, operators) for a group of"
        + " gates reached over MQTT.", subcommands = ConsoleCommand.HashPassword.class)
final class ConsoleCommand implements Callable<Integer> {

    @Option(names = "--config", description = "the console's YAML configuration (gate-agent/docs/web.md)")
    Path config;

    @Override
    public Integer call() throws Exception {
        if (config == null) {
            throw new EgateCommand.UsageException("console needs --config FILE (or the hash-password subcommand)");
        }
        ConsoleConfig loaded;
        try {
            loaded = ConsoleConfig.load(config);
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new EgateCommand.UsageException(config + " rejected: " + e.getMessage());
        }
        ConsoleServer server = ConsoleServer.start(loaded, Clock.systemUTC(), new SecureRandom());
        System.out.println("egate: console " + loaded.consoleId() + " on https://" + loaded.http().host() + ":"
                + server.port() + "/ supervising " + loaded.gates().size() + " gates");
        System.out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stop.countDown();
        }, "egate-console-shutdown"));
        stop.await();
        return EgateCommand.OK;
    }

    @Command(name = "hash-password", description = "Print the Argon2id hash (PHC string) of the password read from"
            + " standard input, for an account in the console configuration.")
    static final class HashPassword implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new EgateCommand.UsageException("no password on standard input");
            }
            System.out.println(PasswordHasher.hash(line.toCharArray(), new SecureRandom()));
            return EgateCommand.OK;
        }
    }
}
