package org.openegate.gate.cli;

import java.io.PrintWriter;
import org.tinylog.Logger;
import org.tinylog.jul.JulTinylogBridge;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code egate} command line. Its command names, options and JSON fields are a contract that scripts outside
 * the project rely on (see CLI.md): add, never rename.
 *
 * <p>Exit status: 0 success, 1 the thing checked failed, 2 bad usage or unreadable input, always with a one-line
 * reason on stderr and never a stack trace.
 */
@Command(name = "egate", mixinStandardHelpOptions = true, versionProvider = EgateCommand.Version.class,
        description = "OpenEgate: the software of an automated border-control gate.",
        subcommands = {DemoCommand.class, RunCommand.class, BenchCommand.class, MrzCommand.class, DocCommand.class,
            MasterlistCommand.class, FaceCommand.class, PassportCommand.class, ChipCommand.class, StatsCommand.class,
            ConsoleCommand.class, FleetCommand.class})
public final class EgateCommand implements Runnable {

    /** The command ran and what it checked holds. */
    public static final int OK = 0;
    /** The command ran and what it checked does not hold (a document that does not verify, faces that differ). */
    public static final int CHECK_FAILED = 1;
    /** Bad usage or unreadable input. */
    public static final int USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // java.util.logging (Paho, parts of HiveMQ) goes to tinylog too: one backend, one format, one level.
        JulTinylogBridge.activate();
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit status; tests call this instead of {@link #main}. */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new EgateCommand());
        commandLine.setExecutionExceptionHandler(EgateCommand::reportFailure);
        commandLine.setParameterExceptionHandler(EgateCommand::reportUsage);
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static int reportUsage(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("egate: " + e.getMessage());
        err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return USAGE;
    }

    private static int reportFailure(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof UsageException usage) {
            err.println("egate: " + usage.getMessage());
            err.flush();
            return USAGE;
        }
        // Unexpected: one line for the user, the stack trace only at debug level.
        Logger.debug(e, "command failed");
        err.println("egate: " + commandLine.getCommandName() + " failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        err.flush();
        return USAGE;
    }

    /** Bad usage or unreadable input found while running a command: exit status 2 with this message. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }

        public UsageException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = EgateCommand.class.getPackage().getImplementationVersion();
            return new String[] {"egate " + (version == null ? "development build" : version)};
        }
    }
}
