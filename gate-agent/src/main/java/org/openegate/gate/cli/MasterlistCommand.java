package org.openegate.gate.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.trust.MasterList;
import org.openegate.crypto.trust.TrustStoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code egate masterlist inspect}: what a CSCA master list holds, and whether its signature holds. */
@Command(name = "masterlist", description = "CSCA master list tools.", subcommands = {MasterlistCommand.Inspect.class})
final class MasterlistCommand extends CommandGroup {

    @Command(name = "inspect", description = "Verify a master list's CMS signature (against --trust, the issuing"
            + " state's root) and list what it holds. Exit status 1 if the signature FAILED.")
    static final class Inspect implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "the master list (.ml)")
        Path file;

        @Option(names = "--trust", paramLabel = "ROOTCERT", description = "the root the list's signer must chain to")
        Path root;

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            MasterList list;
            try {
                list = MasterList.parse(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new EgateCommand.UsageException("cannot read " + file + ": " + e.getMessage(), e);
            } catch (TrustStoreException e) {
                throw new EgateCommand.UsageException("not a master list: " + e.getMessage(), e);
            }
            List<X509Certificate> roots = root == null ? List.of()
                    : DocCommand.trustStore(List.of(root), List.of()).certificates();
            MasterList.Verification verification = list.verify(roots);
            TreeSet<String> countries = new TreeSet<>(list.countries());
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                JsonOutput.print(out, new JsonObject()
                        .put("signature", verification.status().name())
                        .put("reason", verification.reason().name())
                        .put("certificates", list.certificates().size())
                        .put("undecodable", list.undecodable())
                        .put("countries", new JsonArray(List.copyOf(countries))));
            } else {
                out.printf("signature     %s (%s)%n", verification.status(), verification.reason());
                out.printf("certificates  %d (%d undecodable)%n", list.certificates().size(), list.undecodable());
                out.printf("countries     %d: %s%n", countries.size(), String.join(" ", countries));
                out.flush();
            }
            return verification.status() == CheckStatus.FAILED ? EgateCommand.CHECK_FAILED : EgateCommand.OK;
        }
    }
}
