package org.openegate.gate.cli;

import picocli.CommandLine;

/** A command that only groups subcommands ({@code egate mrz}, {@code egate doc}, ...): run alone, it shows usage. */
abstract class CommandGroup implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
