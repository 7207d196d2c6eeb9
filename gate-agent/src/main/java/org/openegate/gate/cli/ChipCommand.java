package org.openegate.gate.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.chip.AccessKey;
import org.openegate.crypto.chip.BacKey;
import org.openegate.crypto.chip.ChipAuthMethod;
import org.openegate.crypto.chip.ChipAuthReason;
import org.openegate.crypto.chip.ChipAuthenticity;
import org.openegate.crypto.chip.ChipException;
import org.openegate.crypto.chip.ChipReadResult;
import org.openegate.crypto.chip.ChipReader;
import org.openegate.crypto.chip.PaceKey;
import org.openegate.crypto.chip.internal.ActiveAuthCrypto;
import org.openegate.crypto.chip.internal.PaceCrypto;
import org.openegate.crypto.emulator.EmrtdEmulator;
import org.openegate.crypto.emulator.LinkFault;
import org.openegate.crypto.emulator.LinkModel;
import org.openegate.crypto.emulator.Sleeper;
import org.openegate.crypto.emulator.VpcdConnector;
import org.openegate.crypto.lds.CardAccess;
import org.openegate.crypto.lds.Dg1;
import org.openegate.crypto.lds.Dg14;
import org.openegate.crypto.lds.LdsDirectory;
import org.openegate.crypto.lds.LdsException;
import org.openegate.crypto.lds.LdsFile;
import org.openegate.crypto.lds.SecurityInfo;
import org.openegate.crypto.mrz.Mrz;
import org.openegate.crypto.mrz.MrzException;
import org.openegate.crypto.pa.PassiveAuthResult;
import org.openegate.crypto.pa.PassiveAuthenticator;
import org.openegate.gate.device.DeviceException;
import org.openegate.gate.device.pcsc.PcscChipConnector;
import org.tinylog.Logger;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code egate chip emulate} and {@code egate chip read}: a passport folder as a chip on pcscd, and the gate's read. */
@Command(name = "chip", description = "eMRTD chips: emulate one on pcscd's virtual reader, read one through PC/SC.",
        subcommands = {ChipCommand.Emulate.class, ChipCommand.Read.class})
final class ChipCommand extends CommandGroup {

    static final String DEFAULT_VPCD = "127.0.0.1:" + VpcdConnector.DEFAULT_PORT;

    @Command(name = "emulate", description = "Serves the passport in DIR (made by 'passport make', or a folder of LDS"
            + " files such as the BSI TR-03105-5 reference set) as a contactless chip on pcscd's virtual reader"
            + " (vsmartcard-vpcd) until killed; reconnects if vpcd drops. The BAC/PACE key is DIR/mrz.txt, else the"
            + " MRZ in DG1.")
    static final class Emulate implements Callable<Integer> {

        @Option(names = "--lds", required = true, paramLabel = "DIR", description = "passport folder")
        Path lds;

        @Option(names = "--vpcd", paramLabel = "HOST:PORT", arity = "0..1", defaultValue = DEFAULT_VPCD,
                fallbackValue = DEFAULT_VPCD, description = "vpcd to plug into; default: ${DEFAULT-VALUE}")
        String vpcd;

        @Option(names = "--ca-key", paramLabel = "FILE", description = "the chip's Chip Authentication private key"
                + " (PKCS#8, DER or PEM; EC or DH); default: DIR/chip/" + PassportCommand.CHIP_AUTHENTICATION_KEY
                + ", else DIR/" + BSI_CA_KEY + ". Another key than DG14's makes a clone.")
        Path caKey;

        @Option(names = "--aa-key", paramLabel = "FILE", description = "the chip's Active Authentication private key"
                + " (PKCS#8, DER or PEM; RSA or EC); default: DIR/chip/" + PassportCommand.ACTIVE_AUTHENTICATION_KEY
                + ", else DIR/" + BSI_AA_KEY + ". Another key than DG15's makes a clone.")
        Path aaKey;

        @Option(names = "--link", paramLabel = "BPS:MS", description = "model a contactless link: answer each APDU"
                + " after its bytes * 8 / BPS seconds plus MS milliseconds, e.g. 424000:5; default: at once")
        String link;

        @Option(names = "--fault", paramLabel = "KIND", description = "fault injection for tests, once: mac (flip a"
                + " bit of a response MAC), truncate (cut a protected response in half) or tear (the card leaves the"
                + " field), at the first chance from APDU --fault-at on; later reads are clean")
        String fault;

        @Option(names = "--fault-at", paramLabel = "N", defaultValue = "8",
                description = "the command APDU from which --fault fires; default: ${DEFAULT-VALUE}")
        int faultAt;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            HostPort target = HostPort.parse(vpcd);
            Chip chip = loadChip(lds, Optional.ofNullable(caKey), Optional.ofNullable(aaKey), new SecureRandom());
            VpcdLoop loop = new VpcdLoop(chip.emulator(), target, linkModel(), linkFault());
            PrintWriter err = spec.commandLine().getErr();
            err.printf("egate: serving %s as a chip (%s) on vpcd %s:%d%s%s; stop with Ctrl-C%n", lds,
                    String.join(", ", chip.protocols()), target.host(), target.port(),
                    link == null ? "" : ", link " + linkModel(), fault == null ? "" : ", " + linkFault());
            err.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(loop::stop, "vpcd-stop"));
            loop.run();
            return EgateCommand.OK;
        }

        LinkModel linkModel() {
            if (link == null) {
                return LinkModel.NONE;
            }
            try {
                return LinkModel.parse(link);
            } catch (IllegalArgumentException e) {
                throw new EgateCommand.UsageException("--link: " + e.getMessage(), e);
            }
        }

        LinkFault linkFault() {
            if (fault == null) {
                return null;
            }
            try {
                return new LinkFault(LinkFault.Kind.parse(fault), faultAt);
            } catch (IllegalArgumentException e) {
                throw new EgateCommand.UsageException("--fault: " + e.getMessage(), e);
            }
        }

        /** The emulation these arguments describe, ready to {@link VpcdLoop#run()} (tests run it in a thread). */
        static VpcdLoop prepare(String... args) {
            Emulate emulate = new Emulate();
            new CommandLine(emulate).parseArgs(args);
            Chip chip = loadChip(emulate.lds, Optional.ofNullable(emulate.caKey), Optional.ofNullable(emulate.aaKey),
                    new SecureRandom());
            return new VpcdLoop(chip.emulator(), HostPort.parse(emulate.vpcd), emulate.linkModel(),
                    emulate.linkFault());
        }
    }

    @Command(name = "read", description = "Reads a chip through PC/SC the way the gate does (PACE or BAC, then"
            + " EF.COM, EF.SOD and the data groups) and runs Passive Authentication. Exit status 1 unless it PASSED.")
    static final class Read implements Callable<Integer> {

        @Option(names = "--reader", paramLabel = "NAME", description = "PC/SC reader (or a part of its name);"
                + " default: the first reader with a card")
        String reader;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Key key;

        @Option(names = "--trust", paramLabel = "PATH",
                description = "CSCA certificate (DER or PEM), master list (.ml) or a folder of them; repeatable")
        List<Path> trust = new ArrayList<>();

        @Option(names = "--crl", paramLabel = "PATH", description = "CRL file or folder; repeatable")
        List<Path> crls = new ArrayList<>();

        @Option(names = "--at", paramLabel = "YYYY-MM-DD", description = "validation date (default: now)")
        String at;

        @Option(names = "--out", paramLabel = "DIR", description = "also write the files read to this folder")
        Path out;

        @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "10",
                description = "how long to wait for a card; default: ${DEFAULT-VALUE}")
        int waitSeconds;

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (waitSeconds < 0 || waitSeconds > 3600) {
                throw new EgateCommand.UsageException("--wait must be 0..3600 seconds, was " + waitSeconds);
            }
            AccessKey accessKey = key.accessKey();
            Instant when = DocCommand.validationTime(at);
            PassiveAuthenticator authenticator = new PassiveAuthenticator(DocCommand.trustStore(trust, crls));
            ChipReadResult result;
            try (PcscChipConnector connector = new PcscChipConnector(Optional.ofNullable(reader),
                    Duration.ofSeconds(waitSeconds), Clock.systemUTC())) {
                result = new ChipReader(connector.connect(), Clock.systemUTC(), new SecureRandom()).read(accessKey);
            } catch (DeviceException e) {
                throw new EgateCommand.UsageException(e.getMessage(), e);
            } catch (ChipException e) {
                // The chip is there but did not give its files: the read (what is checked here) failed.
                return readFailed(e);
            }
            if (out != null) {
                writeFiles(result, out);
            }
            byte[] sod = result.file(LdsFile.SOD.fileId());
            PassiveAuthResult pa = authenticator.verify(sod, result.dataGroups(), when);
            print(result, pa, ChipAuthenticity.assess(result, pa));
            return pa.result() == CheckStatus.PASSED ? EgateCommand.OK : EgateCommand.CHECK_FAILED;
        }

        /** CardAccess, COM, SOD, then the data groups by number: the order a reader reports, whatever it read first. */
        private static int ldsOrder(int a, int b) {
            return Integer.compare(rank(a), rank(b));
        }

        private static int rank(int fileId) {
            if (fileId == LdsFile.CARD_ACCESS_FILE_ID) {
                return 0;
            }
            if (fileId == LdsFile.COM.fileId()) {
                return 1;
            }
            if (fileId == LdsFile.SOD.fileId()) {
                return 2;
            }
            return 3 + LdsFile.fromFileId(fileId).map(LdsFile::dataGroupNumber).orElse(100);
        }

        private int readFailed(ChipException e) {
            PrintWriter stdout = spec.commandLine().getOut();
            if (json) {
                // TR-03135: a check that could not be completed because the read broke off is ABORTED
                JsonOutput.print(stdout, new JsonObject().put("error", new JsonObject()
                        .put("reason", e.reason().name()).put("message", e.getMessage()))
                        .put("chipAuthenticity", chipAuthenticityJson(new ChipAuthenticity(ChipAuthMethod.NONE,
                                CheckStatus.ABORTED, ChipAuthReason.READ_ABORTED, java.util.Set.of(),
                                "the read failed: " + e.reason())))
                        .put("passiveAuthentication", new JsonObject().put("result", CheckStatus.ABORTED.name())
                                .put("reason", e.reason().name()))
                        .put("apdus", e.apdus()));
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println("egate: chip read failed: " + e.getMessage());
            err.flush();
            return EgateCommand.CHECK_FAILED;
        }

        private void print(ChipReadResult result, PassiveAuthResult pa, ChipAuthenticity chip) {
            PrintWriter stdout = spec.commandLine().getOut();
            List<String> names = result.files().keySet().stream().sorted(Read::ldsOrder).map(LdsFile::nameOf).toList();
            if (json) {
                JsonObject paJson = DocCommand.toJson(pa);
                JsonObject object = new JsonObject()
                        .put("access", result.accessMethod().name())
                        .put("chipAuthenticity", chipAuthenticityJson(chip))
                        .put("passiveAuthentication", paJson.getJsonObject("passiveAuthentication"));
                Optional.ofNullable(paJson.getJsonObject("documentSigner"))
                        .ifPresent(signer -> object.put("documentSigner", signer));
                object.put("digestAlgorithm", paJson.getValue("digestAlgorithm"))
                        .put("signatureAlgorithm", paJson.getValue("signatureAlgorithm"))
                        .put("files", new JsonArray(names))
                        .put("dataGroupsAbsent", new JsonArray(List.copyOf(result.dataGroupsAbsent())))
                        .put("dataGroupsDenied", new JsonArray(List.copyOf(result.dataGroupsDenied())))
                        .put("extendedLength", result.extendedLengthUsed())
                        .put("apdus", result.stats().apdus())
                        .put("bytesRead", result.stats().bytesReceived())
                        .put("ms", result.stats().millis());
                JsonOutput.print(stdout, object);
                return;
            }
            stdout.printf("Access                  %s%n", result.accessMethod());
            stdout.printf("Chip authenticity       %s %s (%s)%n", chip.method(), chip.status(), chip.reason());
            stdout.printf("Passive Authentication  %s (%s)%n", pa.result(), pa.reason());
            pa.dataGroups().forEach((number, check) -> stdout.printf("  DG%-2d                  %s%n", number,
                    check.status()));
            stdout.printf("Files                   %s%n", String.join(" ", names));
            stdout.printf("Cost                    %d APDUs, %d bytes read, %d ms%n", result.stats().apdus(),
                    result.stats().bytesReceived(), result.stats().millis());
            if (out != null) {
                stdout.printf("Written to              %s%n", out);
            }
            stdout.flush();
        }
    }

    /** --mrz or --can, exactly one. */
    static final class Key {
        @Option(names = "--mrz", paramLabel = "LINES", arity = "1..3", required = true,
                description = "the MRZ lines (as separate arguments, or one argument with the lines separated by"
                        + " spaces or newlines)")
        List<String> mrz;

        @Option(names = "--can", paramLabel = "CAN", required = true, description = "Card Access Number (PACE)")
        String can;

        AccessKey accessKey() {
            if (can != null) {
                if (!can.matches("[0-9]{1,10}")) {
                    throw new EgateCommand.UsageException("--can must be digits (6 on most documents), got "
                            + can.length() + " characters");
                }
                return PaceKey.can(can);
            }
            List<String> lines = mrz.stream().flatMap(arg -> Arrays.stream(arg.strip().split("\\s+")))
                    .filter(line -> !line.isEmpty()).toList();
            Mrz parsed;
            try {
                parsed = Mrz.parse(lines);
            } catch (MrzException e) {
                throw new EgateCommand.UsageException("--mrz: " + e.getMessage(), e);
            }
            if (!parsed.valid()) {
                // a wrong check digit means a misread MRZ: BAC would fail on the chip with a less useful message
                throw new EgateCommand.UsageException("--mrz: check digits do not hold: " + parsed.checks());
            }
            return BacKey.fromMrzInformation(parsed.mrzInformation());
        }
    }

    /** CLI.md's chip authenticity object: method CA | AA | PACE_CAM | NONE and the TR-03135 result. */
    static JsonObject chipAuthenticityJson(ChipAuthenticity chip) {
        return new JsonObject().put("method", chip.method().name()).put("result", chip.status().name())
                .put("reason", chip.reason().name());
    }

    /** The files as 'passport make' names them, so 'doc verify --lds' reads the folder. */
    static void writeFiles(ChipReadResult result, Path out) {
        try {
            Files.createDirectories(out);
            for (Map.Entry<Integer, byte[]> file : result.files().entrySet()) {
                boolean dataGroup = LdsFile.fromFileId(file.getKey()).filter(LdsFile::isDataGroup).isPresent();
                String name = (dataGroup ? "" : "EF_") + LdsFile.nameOf(file.getKey()) + ".bin";
                Files.write(out.resolve(name), file.getValue());
            }
        } catch (IOException e) {
            throw new EgateCommand.UsageException("cannot write to --out " + out + ": " + e.getMessage(), e);
        }
    }

    /** An emulator for a passport folder, with what it offers and what it cannot serve yet. */
    record Chip(EmrtdEmulator emulator, List<String> protocols) {
    }

    /** The chip keys of the BSI TR-03105-5 reference set, found beside its LDS files. */
    static final String BSI_CA_KEY = "DG14_sk.pkcs8";
    static final String BSI_AA_KEY = "DG15_sk.pkcs8";

    static Chip loadChip(Path dir, SecureRandom random) {
        return loadChip(dir, Optional.empty(), Optional.empty(), random);
    }

    /**
     * The chip of a passport folder: its LDS files, EF.CardAccess (PACE) if present, the BAC/PACE key from mrz.txt
     * (else from DG1's MRZ), the CAN from chip/can.txt, and the CA and AA private keys (given, else found in the
     * folder as 'passport make' or the BSI reference set lays them out).
     */
    static Chip loadChip(Path dir, Optional<Path> caKey, Optional<Path> aaKey, SecureRandom random) {
        LdsDirectory lds = DocCommand.readLds(dir);
        if (lds.file(LdsFile.COM).isEmpty()) {
            throw new EgateCommand.UsageException("no EF.COM (tag 60) in " + dir);
        }
        Map<Integer, byte[]> files = new TreeMap<>();
        lds.files().forEach((type, content) -> files.put(type.fileId(), content));
        Path mrzFile = dir.resolve("mrz.txt");
        Mrz mrz;
        if (Files.isRegularFile(mrzFile) || lds.file(LdsFile.DG1).isEmpty()) {
            mrz = readMrz(mrzFile);
        } else {
            mrz = mrzOfDg1(lds.file(LdsFile.DG1).get(), dir);
        }
        BacKey bacKey = BacKey.fromMrzInformation(mrz.mrzInformation());
        EmrtdEmulator.Builder builder = EmrtdEmulator.builder().files(files).bacKey(bacKey).random(random);
        List<String> protocols = new ArrayList<>(List.of("BAC"));
        Path cardAccessFile = dir.resolve(PassportCommand.CARD_ACCESS_FILE);
        Path chipDir = dir.resolve(PassportCommand.CHIP_DIR);
        if (Files.isRegularFile(cardAccessFile)) {
            byte[] cardAccess = readSmall(cardAccessFile, 4096);
            PaceCrypto.Parameters pace = paceInfo(cardAccess, cardAccessFile);
            files.put(LdsFile.CARD_ACCESS_FILE_ID, cardAccess);
            builder.files(files).pace(pace.oid(), pace.parameterId());
            protocols.add("PACE");
            Path canFile = chipDir.resolve(PassportCommand.CAN_FILE);
            if (Files.isRegularFile(canFile)) {
                String can = new String(readSmall(canFile, 64), StandardCharsets.US_ASCII).strip();
                if (!can.matches("[0-9]{1,10}")) {
                    throw new EgateCommand.UsageException(canFile + " does not hold a CAN of digits");
                }
                builder.can(can);
                protocols.add("PACE-CAN");
            }
        }
        // Chip and Active Authentication with the chip's own keys, as DG14 announces them (9303-11 §6.1, §6.2).
        Optional<Dg14> dg14 = lds.file(LdsFile.DG14).map(Dg14::parse);
        Optional<Path> caKeyFile = caKey.or(() -> firstFile(chipDir.resolve(PassportCommand.CHIP_AUTHENTICATION_KEY),
                dir.resolve(BSI_CA_KEY)));
        if (caKeyFile.isPresent() && dg14.isPresent()) {
            String caOid = dg14.get().infos(SecurityInfo.ChipAuthenticationInfo.class).stream().findFirst()
                    .map(info -> info.protocol().getId())
                    .orElseThrow(() -> new EgateCommand.UsageException(caKeyFile.get() + " exists but DG14 announces"
                            + " no Chip Authentication"));
            try {
                builder.chipAuthentication(privateKey(caKeyFile.get()), caOid);
            } catch (IllegalArgumentException e) {
                throw new EgateCommand.UsageException(caKeyFile.get() + ": " + e.getMessage(), e);
            }
            protocols.add("CA");
        } else if (caKey.isPresent()) {
            throw new EgateCommand.UsageException("--ca-key given but " + dir + " has no DG14");
        }
        Optional<Path> aaKeyFile = aaKey.or(() -> firstFile(chipDir.resolve(PassportCommand.ACTIVE_AUTHENTICATION_KEY),
                dir.resolve(BSI_AA_KEY)));
        if (aaKeyFile.isPresent()) {
            // ECDSA AA hashes as DG14's ActiveAuthenticationInfo says; RSA AA (ISO/IEC 9796-2) uses SHA-256 here.
            ActiveAuthCrypto.Digest digest = dg14.flatMap(d -> d.infos(SecurityInfo.ActiveAuthenticationInfo.class)
                            .stream().findFirst())
                    .flatMap(info -> ActiveAuthCrypto.Digest.ofEcdsaOid(info.signatureAlgorithm().getId()))
                    .orElse(ActiveAuthCrypto.Digest.SHA256);
            builder.activeAuthentication(privateKey(aaKeyFile.get()), digest);
            protocols.add("AA");
        }
        try {
            return new Chip(builder.build(), List.copyOf(protocols));
        } catch (IllegalArgumentException e) {
            // e.g. PACE-CAM without the chip's CA key on the PACE curve
            throw new EgateCommand.UsageException("cannot emulate " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Optional<Path> firstFile(Path... candidates) {
        return Arrays.stream(candidates).filter(Files::isRegularFile).findFirst();
    }

    /** The MRZ that DG1 holds (9303-10 §4.7.1), for a folder without mrz.txt such as the BSI reference set. */
    private static Mrz mrzOfDg1(byte[] dg1, Path dir) {
        try {
            return Mrz.parse(Dg1.parse(dg1).lines());
        } catch (LdsException | MrzException e) {
            throw new EgateCommand.UsageException("no mrz.txt in " + dir + " and DG1's MRZ is unreadable: "
                    + e.getMessage(), e);
        }
    }

    /**
     * An unencrypted PKCS#8 private key, PEM (as 'passport make' writes it) or DER (as the BSI set has it): EC
     * (also with explicit curve parameters, through BouncyCastle), RSA or DH.
     */
    private static PrivateKey privateKey(Path file) {
        byte[] raw = readSmall(file, 16 * 1024);
        byte[] der = raw;
        String text = new String(raw, StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN PRIVATE KEY-----")) {
            String base64 = text.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            try {
                der = Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new EgateCommand.UsageException(file + " is not a PKCS#8 PEM key: " + e.getMessage(), e);
            }
        }
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : List.of("EC", "RSA", "DH")) {
            try {
                return KeyFactory.getInstance(algorithm, Bc.PROVIDER).generatePrivate(spec);
            } catch (InvalidKeySpecException | IllegalArgumentException e) {
                // try the next algorithm
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("BouncyCastle lacks " + algorithm, e);
            }
        }
        throw new EgateCommand.UsageException(file + " is not an EC, RSA or DH PKCS#8 private key");
    }

    /**
     * Made on first use: building the provider registers every algorithm (a noticeable part of the gate's start-up,
     * and picocli initialises this class for every command).
     */
    private static final class Bc {
        static final java.security.Provider PROVIDER = new org.bouncycastle.jce.provider.BouncyCastleProvider();
    }

    private static Mrz readMrz(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new EgateCommand.UsageException("no " + file + " (the MRZ gives the chip's access key)");
        }
        String text = new String(readSmall(file, 1024), StandardCharsets.US_ASCII);
        try {
            return Mrz.parse(text.strip().lines().map(String::strip).toList());
        } catch (MrzException e) {
            throw new EgateCommand.UsageException(file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readSmall(Path file, int max) {
        try {
            long size = Files.size(file);
            if (size > max) {
                throw new EgateCommand.UsageException(file + " has " + size + " bytes, more than " + max);
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new EgateCommand.UsageException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The first PACEInfo of EF.CardAccess (9303-11 §9.2.1) whose protocol the emulator offers. */
    static PaceCrypto.Parameters paceInfo(byte[] cardAccess, Path file) {
        try {
            for (SecurityInfo.PaceInfo info : CardAccess.parse(cardAccess).paceInfos()) {
                Optional<PaceCrypto.Parameters> parameters = PaceCrypto.Parameters.supported(info);
                if (parameters.isPresent()) {
                    return parameters.get();
                }
            }
        } catch (LdsException e) {
            throw new EgateCommand.UsageException(file + ": " + e.getMessage(), e);
        }
        throw new EgateCommand.UsageException(file + " offers no PACE that the emulator supports");
    }

    record HostPort(String host, int port) {
        static HostPort parse(String value) {
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new EgateCommand.UsageException("--vpcd must be HOST:PORT, was '" + value + "'");
            }
            int port;
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new EgateCommand.UsageException("--vpcd port must be a number, was '"
                        + value.substring(colon + 1) + "'");
            }
            if (port < 1 || port > 65535) {
                throw new EgateCommand.UsageException("--vpcd port " + port + " outside 1..65535");
            }
            return new HostPort(value.substring(0, colon), port);
        }
    }

    /**
     * Keeps the emulated chip plugged into vpcd: runs the connector, and when vpcd drops or is not there yet,
     * connects again after a pause that grows to {@link #MAX_BACKOFF}. Stops on {@link #stop()}.
     */
    static final class VpcdLoop implements Runnable {
        static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
        static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

        private final EmrtdEmulator chip;
        private final HostPort target;
        private final LinkModel link;
        private final LinkFault fault;
        private final CountDownLatch stopped = new CountDownLatch(1);
        private volatile VpcdConnector current;
        private volatile long connections;

        VpcdLoop(EmrtdEmulator chip, HostPort target) {
            this(chip, target, LinkModel.NONE, null);
        }

        /** With a link model (answers wait for it) and a fault that fires once across reconnections, or null. */
        VpcdLoop(EmrtdEmulator chip, HostPort target, LinkModel link, LinkFault fault) {
            this.chip = chip;
            this.target = target;
            this.link = link;
            this.fault = fault;
        }

        @Override
        public void run() {
            Duration backoff = FIRST_BACKOFF;
            while (stopped.getCount() > 0) {
                VpcdConnector connector = new VpcdConnector(chip, target.host(), target.port(), link, Sleeper.REAL)
                        .fault(fault);
                current = connector;
                if (stopped.getCount() == 0) {
                    break;
                }
                try (connector) {
                    connections++;
                    connector.run();
                    Logger.info("vpcd at {}:{} closed the connection; reconnecting", target.host(), target.port());
                    backoff = FIRST_BACKOFF;
                } catch (IOException e) {
                    Logger.warn("vpcd at {}:{}: {}; retrying in {} ms", target.host(), target.port(), e.getMessage(),
                            backoff.toMillis());
                }
                chip.reset();
                try {
                    if (stopped.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                        break;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }

        /** Disconnects from vpcd (pcscd sees the card go) and ends {@link #run()}. */
        void stop() {
            stopped.countDown();
            VpcdConnector connector = current;
            if (connector != null) {
                try {
                    connector.close();
                } catch (IOException e) {
                    Logger.debug("closing the vpcd connection: {}", e.getMessage());
                }
            }
        }

        long connections() {
            return connections;
        }
    }
}
