package org.openegate.gate.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.openegate.crypto.mrz.Mrz;
import org.openegate.crypto.mrz.MrzException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code egate mrz parse LINE... [--json]}: parses and checks two or three MRZ lines. */
@Command(name = "mrz", description = "Machine readable zone tools.", subcommands = {MrzCommand.Parse.class})
final class MrzCommand extends CommandGroup {

    @Command(name = "parse", description = "Parse two or three MRZ lines (TD1, TD2, TD3, MRV-A, MRV-B) and verify"
            + " every check digit. Exit status 1 if a check digit is wrong.")
    static final class Parse implements Callable<Integer> {

        @Parameters(arity = "1..3", paramLabel = "LINE", description = "the MRZ lines, as printed")
        List<String> lines;

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Mrz mrz;
            try {
                mrz = Mrz.parse(lines);
            } catch (MrzException e) {
                throw new EgateCommand.UsageException("not a valid MRZ: " + e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                JsonOutput.print(out, toJson(mrz));
            } else {
                out.printf("format        %s%n", mrz.format());
                out.printf("document      %s %s, issued by %s%n", mrz.documentCode(), mrz.documentNumber(),
                        mrz.issuingState());
                out.printf("holder        %s, %s (%s), born %s, sex %s%n", mrz.surname(), mrz.givenNames(),
                        mrz.nationality(), mrz.dateOfBirth(), mrz.sex().code());
                out.printf("expires       %s%n", mrz.dateOfExpiry());
                mrz.checks().forEach((name, ok) -> out.printf("check %-14s %s%n", name, ok ? "ok" : "WRONG"));
                out.printf("valid         %s%n", mrz.valid());
                out.flush();
            }
            return mrz.valid() ? EgateCommand.OK : EgateCommand.CHECK_FAILED;
        }
    }

    /** The JSON object of CLI.md; the field names are a contract. */
    static JsonObject toJson(Mrz mrz) {
        JsonObject checks = new JsonObject();
        mrz.checks().forEach(checks::put);
        return new JsonObject()
                .put("format", mrz.format().name())
                .put("documentCode", mrz.documentCode())
                .put("issuingState", mrz.issuingState())
                .put("documentNumber", mrz.documentNumber())
                .put("nationality", mrz.nationality())
                .put("dateOfBirth", mrz.dateOfBirth())
                .put("sex", String.valueOf(mrz.sex().code()))
                .put("dateOfExpiry", mrz.dateOfExpiry())
                .put("surname", mrz.surname())
                .put("givenNames", mrz.givenNames())
                .put("optionalData", mrz.optionalData())
                .put("checks", checks)
                .put("valid", mrz.valid());
    }
}
