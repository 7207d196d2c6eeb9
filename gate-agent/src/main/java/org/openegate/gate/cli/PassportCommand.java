package org.openegate.gate.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.openegate.biometrics.DemoFaces;
import org.openegate.crypto.mrz.Mrz;
import org.openegate.crypto.mrz.MrzWriter;
import org.openegate.crypto.testpassport.ChipFeatures;
import org.openegate.crypto.testpassport.ChipKeys;
import org.openegate.crypto.testpassport.CscaCredentials;
import org.openegate.crypto.testpassport.KeyAlgorithm;
import org.openegate.crypto.testpassport.PaceVariant;
import org.openegate.crypto.testpassport.TestPassport;
import org.openegate.crypto.testpassport.TestPassportFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code egate passport make}: a synthetic, correctly signed passport in a folder, laid out as CLI.md fixes it
 * (the LDS files, {@code mrz.txt}, {@code pki/csca.pem}); {@code chip emulate} serves such a folder.
 *
 * <p>Beside the contract files the folder holds what only a chip knows: {@code EF_CardAccess.bin} when the passport
 * offers PACE (read in plain by a reader, never covered by the SOD: 9303-11 §4.2), and under {@code chip/} the
 * private chip keys (owner-only) and the CAN. {@code pki/csca-key.pem} keeps the test CSCA's key so that the next
 * passport made into the same folder chains to the same CSCA.
 */
@Command(name = "passport", description = "Synthetic test passports.", subcommands = {PassportCommand.Make.class})
final class PassportCommand extends CommandGroup {

    /** The chip's private files inside a passport folder. */
    static final String CHIP_DIR = "chip";
    static final String CARD_ACCESS_FILE = "EF_CardAccess.bin";
    static final String CHIP_AUTHENTICATION_KEY = "chip-authentication-key.pem";
    static final String ACTIVE_AUTHENTICATION_KEY = "active-authentication-key.pem";
    static final String CAN_FILE = "can.txt";
    /** A face image beyond this is not a portrait (DG2 portraits are 10-100 kB). */
    static final long MAX_FACE_BYTES = 2L * 1024 * 1024;
    private static final String DIGITS = "0123456789";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    @Command(name = "make", description = "Writes a synthetic, correctly signed passport to a folder: its LDS files,"
            + " mrz.txt and pki/csca.pem (the test CSCA, made fresh unless pki/ already holds one).")
    static final class Make implements Callable<Integer> {

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder to write (created; LDS files already in it are replaced)")
        Path out;

        @Option(names = "--surname", paramLabel = "S", defaultValue = "SPECIMEN", description = "default: ${DEFAULT-VALUE}")
        String surname;

        @Option(names = "--given", paramLabel = "G", defaultValue = "ANNA", description = "default: ${DEFAULT-VALUE}")
        String given;

        @Option(names = "--nationality", paramLabel = "C", defaultValue = "UTO",
                description = "9303-3 code of 1-3 letters; default: ${DEFAULT-VALUE}")
        String nationality;

        @Option(names = "--face", paramLabel = "IMG", description = "JPEG portrait for DG2 (default: a demo face)")
        Path face;

        @Option(names = "--pace", description = "offer PACE (EF.CardAccess and a PACEInfo in DG14)")
        boolean pace;

        @Option(names = "--aa", description = "Active Authentication: an EC P-256 key in DG15")
        boolean activeAuthentication;

        @Option(names = "--ca", description = "Chip Authentication: an EC P-256 key in DG14")
        boolean chipAuthentication;

        @Option(names = "--aa-rsa", description = "Active Authentication with an RSA 2048 key in DG15 (ISO/IEC 9796-2;"
                + " instead of --aa's EC key)")
        boolean activeAuthenticationRsa;

        @Option(names = "--ca-dh", description = "Chip Authentication with a DH key (2048-bit MODP group, RFC 3526)"
                + " in DG14, id-CA-DH-AES-CBC-CMAC-128 (instead of --ca's EC key)")
        boolean chipAuthenticationDh;

        @Option(names = "--can", paramLabel = "CAN", description = "Card Access Number the chip also accepts for"
                + " PACE (6 digits; with --pace; default: random)")
        String can;

        @Option(names = "--pace-mapping", paramLabel = "GM|IM|CAM", description = "PACE mapping: GM generic,"
                + " IM integrated, CAM chip authentication mapping (the chip's CA key, on the PACE curve, goes in"
                + " DG14); implies --pace; default: GM")
        PaceVariant.Mapping paceMapping;

        @Option(names = "--pace-curve", paramLabel = "NAME", description = "PACE domain parameters: P-256,"
                + " P-384, P-521, brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 (or any 9303-11 Table 6"
                + " curve, or its id); implies --pace; default: P-256")
        String paceCurve;

        @Option(names = "--pace-dh", paramLabel = "GROUP", arity = "0..1", fallbackValue = "modp2048-256",
                description = "PACE over DH instead of ECDH, on an RFC 5114 group: modp1024, modp2048-224,"
                + " modp2048-256 (default when the option is given alone); implies --pace")
        String paceDh;

        @Option(names = "--cipher", paramLabel = "3DES|AES128|AES192|AES256", description = "PACE cipher and"
                + " session key length; implies --pace; default: AES128")
        String cipher;

        @Option(names = "--json", description = "print one JSON object")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PaceVariant variant = paceVariant();
            boolean pace = this.pace || paceMapping != null || paceCurve != null || paceDh != null || cipher != null;
            if (can != null && (!pace || !can.matches("[0-9]{6}"))) {
                throw new EgateCommand.UsageException(pace ? "--can must be 6 digits" : "--can needs --pace");
            }
            if (activeAuthentication && activeAuthenticationRsa) {
                throw new EgateCommand.UsageException("--aa (EC) and --aa-rsa (RSA) exclude each other: DG15 holds"
                        + " one key");
            }
            if (chipAuthentication && chipAuthenticationDh) {
                throw new EgateCommand.UsageException("--ca (EC) and --ca-dh (DH) exclude each other");
            }
            SecureRandom random = new SecureRandom();
            Clock clock = Clock.systemUTC();
            Made made = make(new Request(out, surname, given, nationality, Optional.ofNullable(face), pace,
                    activeAuthentication || activeAuthenticationRsa, chipAuthentication || chipAuthenticationDh,
                    Optional.ofNullable(can), variant, activeAuthenticationRsa, chipAuthenticationDh), random, clock);
            PrintWriter stdout = spec.commandLine().getOut();
            if (json) {
                JsonObject result = new JsonObject().put("out", out.toString())
                        .put("files", new JsonArray(made.files()))
                        .put("pace", pace).put("activeAuthentication", activeAuthentication || activeAuthenticationRsa)
                        .put("paceProtocol", pace ? variant.oid() : null)
                        .put("paceParameterId", pace ? variant.parameterId() : null)
                        .put("chipAuthentication", chipAuthentication || chipAuthenticationDh)
                        .put("activeAuthenticationKey", activeAuthenticationRsa ? "RSA" : activeAuthentication ? "EC"
                                : "NONE")
                        .put("chipAuthenticationKey", chipAuthenticationDh ? "DH" : chipAuthentication ? "EC" : "NONE")
                        .put("cscaReused", made.cscaReused());
                JsonOutput.print(stdout, result);
            } else {
                stdout.printf("passport written to %s%n  files  %s%n  MRZ    %s%n  CSCA   %s (%s)%n", out,
                        String.join(" ", made.files()), out.resolve("mrz.txt"), out.resolve("pki/csca.pem"),
                        made.cscaReused() ? "reused" : "new");
                if (pace) {
                    stdout.printf("  CAN    %s%n", out.resolve(CHIP_DIR).resolve(CAN_FILE));
                }
                stdout.flush();
            }
            return EgateCommand.OK;
        }

        /** The PACE of the --pace-* and --cipher options, checked whole (CAM has no 3DES and no DH, ...). */
        private PaceVariant paceVariant() {
            if (paceCurve != null && paceDh != null) {
                throw new EgateCommand.UsageException("--pace-curve and --pace-dh exclude each other");
            }
            int parameterId;
            try {
                parameterId = PaceVariant.domainParameterId(paceDh != null ? paceDh
                        : paceCurve != null ? paceCurve : "P-256");
            } catch (IllegalArgumentException e) {
                throw new EgateCommand.UsageException((paceDh != null ? "--pace-dh: " : "--pace-curve: ")
                        + e.getMessage(), e);
            }
            if ((paceDh != null) != (parameterId <= 2)) {
                throw new EgateCommand.UsageException(paceDh != null ? "--pace-dh takes modp1024, modp2048-224 or"
                        + " modp2048-256" : "--pace-curve takes a curve; use --pace-dh for DH");
            }
            PaceVariant.Cipher suite = PaceVariant.Cipher.AES128;
            if (cipher != null) {
                suite = switch (cipher.toUpperCase(java.util.Locale.ROOT).replace("-", "")) {
                    case "3DES", "DES3", "TDES" -> PaceVariant.Cipher.DES3;
                    case "AES128", "AES" -> PaceVariant.Cipher.AES128;
                    case "AES192" -> PaceVariant.Cipher.AES192;
                    case "AES256" -> PaceVariant.Cipher.AES256;
                    default -> throw new EgateCommand.UsageException("--cipher must be 3DES, AES128, AES192 or"
                            + " AES256, was '" + cipher + "'");
                };
            }
            try {
                return new PaceVariant(paceMapping == null ? PaceVariant.Mapping.GM : paceMapping, suite,
                        parameterId);
            } catch (IllegalArgumentException e) {
                throw new EgateCommand.UsageException("this PACE is not defined by 9303-11: " + e.getMessage(), e);
            }
        }
    }

    /** What to make; the personal fields are synthetic but still stay out of logs. */
    record Request(Path out, String surname, String given, String nationality, Optional<Path> face, boolean pace,
                   boolean activeAuthentication, boolean chipAuthentication, Optional<String> can,
                   PaceVariant paceVariant, boolean activeAuthenticationRsa, boolean chipAuthenticationDh) {

        /** With PACE, the default variant (ECDH-GM, AES-128, P-256), and EC keys for AA and CA. */
        Request(Path out, String surname, String given, String nationality, Optional<Path> face, boolean pace,
                boolean activeAuthentication, boolean chipAuthentication, Optional<String> can) {
            this(out, surname, given, nationality, face, pace, activeAuthentication, chipAuthentication, can,
                    PaceVariant.DEFAULT, false, false);
        }

        /** Names and the CAN are redacted. */
        @Override
        public String toString() {
            return "Request[out=" + out + ", names=<redacted>, nationality=" + nationality + ", face="
                    + face.map(Path::toString).orElse("demo") + ", pace=" + pace + ", aa=" + activeAuthentication
                    + (activeAuthenticationRsa ? " (RSA)" : "") + ", ca=" + chipAuthentication
                    + (chipAuthenticationDh ? " (DH)" : "") + ", can=" + can.map(c -> "<redacted>").orElse("random")
                    + ", paceVariant=" + paceVariant + "]";
        }
    }

    /** File names written (LDS files only) and whether the CSCA in pki/ was reused. */
    record Made(List<String> files, boolean cscaReused) {
    }

    static Made make(Request request, SecureRandom random, Clock clock) {
        Mrz mrz = mrz(request, random, clock);
        byte[] jpeg = face(request.face());
        Path out = request.out();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new EgateCommand.UsageException("cannot create " + out + ": " + e.getMessage(), e);
        }
        TestPassportFactory factory = new TestPassportFactory(random, clock);
        Path pki = out.resolve("pki");
        boolean reuse = Files.isRegularFile(pki.resolve(CscaCredentials.CERTIFICATE_FILE))
                && Files.isRegularFile(pki.resolve(CscaCredentials.KEY_FILE));
        CscaCredentials csca;
        try {
            if (reuse) {
                csca = CscaCredentials.load(pki);
            } else {
                csca = factory.createCsca("UT", KeyAlgorithm.EC_P256);
                csca.save(pki);
            }
        } catch (IOException e) {
            throw new EgateCommand.UsageException("cannot " + (reuse ? "load the CSCA in " : "write the CSCA to ")
                    + pki + ": " + e.getMessage(), e);
        }
        ChipFeatures features = new ChipFeatures(request.pace(), request.chipAuthentication(),
                request.activeAuthentication() ? Optional.of(request.activeAuthenticationRsa() ? KeyAlgorithm.RSA_2048
                        : KeyAlgorithm.EC_P256) : Optional.empty(), request.paceVariant(), request.chipAuthenticationDh());
        ChipKeys keys = factory.createChipKeys(features);
        TestPassport passport;
        try {
            passport = factory.issue(csca, factory.createDocumentSigner(csca, KeyAlgorithm.EC_P256),
                    mrz.lines(), jpeg, keys.dataGroups());
        } catch (IllegalArgumentException e) {
            // the factory checks the portrait (JPEG markers and size)
            throw new EgateCommand.UsageException("cannot make the passport: " + e.getMessage(), e);
        }
        try {
            deleteOldLdsFiles(out);
            passport.writeTo(out);
            Path chip = out.resolve(CHIP_DIR);
            Files.deleteIfExists(out.resolve(CARD_ACCESS_FILE));
            for (String name : List.of(CHIP_AUTHENTICATION_KEY, ACTIVE_AUTHENTICATION_KEY, CAN_FILE)) {
                Files.deleteIfExists(chip.resolve(name));
            }
            if (request.pace()) {
                // the same PACEInfo as DG14 (9303-11 §9.2.1: EF.CardAccess and DG14 agree)
                Files.write(out.resolve(CARD_ACCESS_FILE), request.paceVariant().cardAccess());
                String can = request.can().orElseGet(() -> randomString(random, DIGITS, 6));
                writePrivate(chip.resolve(CAN_FILE), can + "\n");
            }
            if (keys.chipAuthentication().isPresent()) {
                writePrivate(chip.resolve(CHIP_AUTHENTICATION_KEY), pem(keys.chipAuthentication().get()));
            }
            if (keys.activeAuthentication().isPresent()) {
                writePrivate(chip.resolve(ACTIVE_AUTHENTICATION_KEY), pem(keys.activeAuthentication().get()));
            }
        } catch (IOException e) {
            throw new EgateCommand.UsageException("cannot write the passport to " + out + ": " + e.getMessage(), e);
        }
        List<String> names = new ArrayList<>();
        try (var list = Files.list(out)) {
            list.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bin"))
                    .sorted().forEach(names::add);
        } catch (IOException e) {
            throw new EgateCommand.UsageException("cannot list " + out + ": " + e.getMessage(), e);
        }
        return new Made(names, reuse);
    }

    /** A TD3 passport MRZ: the given names, a random document number, born 1985-2000, valid for ten years. */
    static Mrz mrz(Request request, SecureRandom random, Clock clock) {
        LocalDate today = LocalDate.now(clock);
        try {
            return MrzWriter.td3().issuingState("UTO").nationality(request.nationality())
                    .surname(request.surname()).givenNames(request.given())
                    .documentNumber("C" + randomString(random, ALNUM, 8))
                    .dateOfBirth(LocalDate.of(1985 + random.nextInt(15), 1 + random.nextInt(12), 1 + random.nextInt(28)))
                    .sex(Mrz.Sex.UNSPECIFIED)
                    .dateOfExpiry(today.plusYears(10).minusDays(1))
                    .write();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new EgateCommand.UsageException("cannot write the MRZ: " + e.getMessage(), e);
        }
    }

    private static byte[] face(Optional<Path> face) {
        if (face.isEmpty()) {
            return DemoFaces.chipPortraitJpeg(DemoFaces.persons().get(0));
        }
        Path path = face.get();
        try {
            long size = Files.size(path);
            if (size > MAX_FACE_BYTES) {
                throw new EgateCommand.UsageException("--face " + path + " has " + size + " bytes, more than "
                        + MAX_FACE_BYTES);
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new EgateCommand.UsageException("cannot read --face " + path + ": " + e, e);
        }
    }

    /**
     * A passport made again into the same folder must not leave the previous one's DG14/DG15 behind: 'doc verify'
     * reads every file in the folder, and a data group the new SOD does not cover would fail it.
     */
    private static void deleteOldLdsFiles(Path out) throws IOException {
        List<Path> old;
        try (var list = Files.list(out)) {
            old = list.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches("(DG[0-9]{1,2}|EF_[A-Za-z]+)\\.bin")).toList();
        }
        for (Path file : old) {
            Files.delete(file);
        }
    }

    private static String randomString(SecureRandom random, String alphabet, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    /** PKCS#8 PEM of the private key; the public key is in DG14/DG15. */
    private static String pem(KeyPair pair) {
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
    }

    /** Owner-only from creation on, so a key never sits readable for a moment. */
    private static void writePrivate(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }
}
