package org.openegate.gate.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.lds.LdsDirectory;
import org.openegate.crypto.lds.LdsException;
import org.openegate.crypto.lds.LdsFile;
import org.openegate.crypto.pa.PassiveAuthResult;
import org.openegate.crypto.pa.PassiveAuthenticator;
import org.openegate.crypto.trust.TrustStore;
import org.openegate.crypto.trust.TrustStoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code egate doc verify}: Passive Authentication of LDS files in a folder. */
@Command(name = "doc", description = "Travel document tools.", subcommands = {DocCommand.Verify.class})
final class DocCommand extends CommandGroup {

    @Command(name = "verify", description = "Passive Authentication (ICAO 9303-11 §5.1, BSI TR-03135) of the LDS"
            + " files in a folder, recognised by their ICAO tag. Exit status 1 unless the result is PASSED.")
    static final class Verify implements Callable<Integer> {

        @Option(names = "--lds", required = true, paramLabel = "DIR", description = "folder with EF.SOD and the DGs")
        Path lds;

        @Option(names = "--trust", paramLabel = "PATH",
                description = "CSCA certificate (DER or PEM), master list (.ml) or a folder of them; repeatable")
        List<Path> trust = new ArrayList<>();

        @Option(names = "--crl", paramLabel = "PATH", description = "CRL file or folder; repeatable")
        List<Path> crls = new ArrayList<>();

        @Option(names = "--at", paramLabel = "YYYY-MM-DD", description = "validation date (default: now)")
        String at;

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Instant when = validationTime(at);
            LdsDirectory directory = readLds(lds);
            TrustStore trustStore = trustStore(trust, crls);
            PassiveAuthResult result = new PassiveAuthenticator(trustStore)
                    .verify(directory.file(LdsFile.SOD).orElseThrow(), directory.dataGroups(), when);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                JsonOutput.print(out, toJson(result));
            } else {
                out.printf("Passive Authentication  %s (%s)%n", result.result(), result.reason());
                out.printf("  signature             %s (%s)%n", result.signature().status(),
                        result.signature().reason());
                out.printf("  chain                 %s (%s)%n", result.chain().status(), result.chain().reason());
                out.printf("  revocation            %s (%s)%n", result.revocation().status(),
                        result.revocation().reason());
                result.dataGroups().forEach((number, check) -> out.printf("  DG%-2d                  %s (%s)%n",
                        number, check.status(), check.reason()));
                result.documentSigner().ifPresent(signer -> out.printf("  document signer       %s%n"
                        + "  issued by             %s%n  serial                %s%n", signer.subject(),
                        signer.issuer(), signer.serialHex()));
                out.printf("  algorithms            %s, %s%n", result.digestAlgorithm(), result.signatureAlgorithm());
                out.flush();
            }
            return result.result() == CheckStatus.PASSED ? EgateCommand.OK : EgateCommand.CHECK_FAILED;
        }
    }

    /** The JSON object of CLI.md; the field names are a contract. */
    static JsonObject toJson(PassiveAuthResult result) {
        JsonObject groups = new JsonObject();
        result.dataGroups().forEach((number, check) -> groups.put(String.valueOf(number), check.status().name()));
        JsonObject pa = new JsonObject()
                .put("result", result.result().name())
                .put("reason", result.reason().name())
                .put("signature", result.signature().status().name())
                .put("chain", result.chain().status().name())
                .put("revocation", result.revocation().status().name())
                .put("dataGroups", groups)
                .put("details", new JsonObject()
                        .put("signature", result.signature().reason().name())
                        .put("chain", result.chain().reason().name())
                        .put("revocation", result.revocation().reason().name())
                        .put("issuingState", result.issuingState().status().name()));
        JsonObject json = new JsonObject().put("passiveAuthentication", pa);
        result.documentSigner().ifPresent(signer -> json.put("documentSigner", new JsonObject()
                .put("subject", signer.subject()).put("issuer", signer.issuer()).put("serial", signer.serialHex())));
        return json.put("digestAlgorithm", result.digestAlgorithm())
                .put("signatureAlgorithm", result.signatureAlgorithm());
    }

    /** Noon UTC of the given day, so a certificate valid "on that date" in any time zone counts as valid. */
    static Instant validationTime(String date) {
        if (date == null) {
            return Clock.systemUTC().instant();
        }
        try {
            return LocalDate.parse(date).atTime(12, 0).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new EgateCommand.UsageException("--at must be YYYY-MM-DD, was '" + date + "'");
        }
    }

    /** The LDS files of the folder, recognised by tag (LdsDirectory); EF.SOD must be among them. */
    static LdsDirectory readLds(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new EgateCommand.UsageException("--lds " + folder + " is not a folder");
        }
        LdsDirectory directory;
        try {
            directory = LdsDirectory.read(folder);
        } catch (IOException e) {
            throw new EgateCommand.UsageException("cannot read " + folder + ": " + e.getMessage(), e);
        } catch (LdsException e) {
            throw new EgateCommand.UsageException(folder + ": " + e.getMessage(), e);
        }
        if (directory.file(LdsFile.SOD).isEmpty()) {
            throw new EgateCommand.UsageException("no EF.SOD (tag 77) in " + folder);
        }
        return directory;
    }

    static TrustStore trustStore(List<Path> trust, List<Path> crls) {
        TrustStore.Builder builder = TrustStore.builder(Clock.systemUTC());
        for (Path path : concat(trust, crls)) {
            if (!Files.exists(path)) {
                throw new EgateCommand.UsageException("no such file or folder: " + path);
            }
            try {
                builder.load(path);
            } catch (TrustStoreException e) {
                throw new EgateCommand.UsageException("cannot load " + path + ": " + e.getMessage(), e);
            }
        }
        return builder.build();
    }

    private static List<Path> concat(List<Path> a, List<Path> b) {
        List<Path> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
