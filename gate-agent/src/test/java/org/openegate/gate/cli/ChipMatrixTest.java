package org.openegate.gate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue #4 acceptance 2 and 3 over the real PC/SC stack, as a script would run it: for each variant
 * {@code passport make} writes a passport, {@code chip emulate --vpcd} serves it on pcscd's virtual reader, and
 * {@code chip read --json} reads it through javax.smartcardio and reports access, chip authenticity and Passive
 * Authentication. Then the BSI TR-03105-5 reference chip with its own keys, clones, and link faults.
 *
 * <p>{@link #variants()} is a table: a new {@code passport make} option (PACE on another curve, DH, IM, CAM) is one
 * more row. Needs pcscd with vsmartcard-vpcd, as {@link ChipCommandTest} (one pcscd for the whole suite; each case
 * waits for pcscd to see the previous card go).
 */
class ChipMatrixTest {

    static final String READER = ChipCommandTest.READER;
    static final Path BSI = Path.of(System.getProperty("testdata.dir", "../../shared/testdata"))
            .resolve("lds/bsi-tr03105-5");
    /** DG1 of the BSI reference passport (lds/SOURCES.md). */
    static final List<String> BSI_MRZ = List.of("P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<",
            "C11T002JM4D<<9608122F2310314<<<<<<<<<<<<<<<4");

    @TempDir
    Path dir;

    private final List<Runnable> cleanups = new ArrayList<>();

    @BeforeAll
    static void requirePcscdWithVpcd() {
        ChipCommandTest.requirePcscdWithVpcd();
    }

    @AfterEach
    void cleanUp() {
        stopEmulations();
    }

    private void stopEmulations() {
        cleanups.forEach(Runnable::run);
        cleanups.clear();
    }

    /**
     * One row: the {@code passport make} options, and what {@code chip read --json} must report.
     *
     * @param access PACE or BAC
     * @param method CA, AA, PACE_CAM or NONE
     * @param chipAuthenticity its result after Passive Authentication
     */
    record Variant(String name, List<String> make, String access, String method, String chipAuthenticity) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Every chip configuration of issue #4 that {@code passport make} offers; PA must PASS on each. */
    static Stream<Variant> variants() {
        return Stream.of(
                new Variant("BAC only", List.of(), "BAC", "NONE", "NOT_SUPPORTED"),
                // passport make --pace offers PACE-GM ECDH with AES-128 on NIST P-256 (parameter id 12) today
                new Variant("PACE-GM ECDH P-256", List.of("--pace"), "PACE", "NONE", "NOT_SUPPORTED"),
                new Variant("CA ECDH P-256", List.of("--ca"), "BAC", "CA", "PASSED"),
                new Variant("CA DH 2048", List.of("--ca-dh"), "BAC", "CA", "PASSED"),
                new Variant("AA ECDSA P-256", List.of("--aa"), "BAC", "AA", "PASSED"),
                new Variant("AA RSA 2048", List.of("--aa-rsa"), "BAC", "AA", "PASSED"),
                new Variant("PACE + CA DH + AA RSA", List.of("--pace", "--ca-dh", "--aa-rsa"), "PACE", "CA",
                        "PASSED"),
                // PACE Generic Mapping on every curve of issue #4 (9303-11 Table 6), then DH, IM, CAM and 3DES
                pace("PACE-GM ECDH P-384", "--pace-curve", "P-384"),
                pace("PACE-GM ECDH P-521", "--pace-curve", "P-521"),
                pace("PACE-GM ECDH brainpoolP256r1", "--pace-curve", "brainpoolP256r1"),
                pace("PACE-GM ECDH brainpoolP384r1", "--pace-curve", "brainpoolP384r1", "--cipher", "AES192"),
                pace("PACE-GM ECDH brainpoolP512r1", "--pace-curve", "brainpoolP512r1", "--cipher", "AES256"),
                pace("PACE-GM DH 2048/256", "--pace-dh", "modp2048-256"),
                pace("PACE-GM DH 1024/160, 3DES", "--pace-dh", "modp1024", "--cipher", "3DES"),
                pace("PACE-IM ECDH P-384", "--pace-mapping", "IM", "--pace-curve", "P-384", "--cipher", "AES256"),
                pace("PACE-IM DH 2048/224", "--pace-mapping", "IM", "--pace-dh", "modp2048-224"),
                new Variant("PACE-CAM brainpoolP256r1",
                        List.of("--pace-mapping", "CAM", "--pace-curve", "brainpoolP256r1"), "PACE", "PACE_CAM",
                        "PASSED"),
                new Variant("PACE-GM 3DES + CA ECDH", List.of("--pace", "--cipher", "3DES", "--ca"), "PACE", "CA",
                        "PASSED"));
    }

    private static Variant pace(String name, String... options) {
        return new Variant(name, List.of(options), "PACE", "NONE", "NOT_SUPPORTED");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void madeEmulatedAndRead_overPcsc(Variant variant) throws Exception {
        make(dir, variant.make().toArray(String[]::new));
        emulate("--lds", dir.toString());

        CliTestSupport.Run run = read(dir);

        assertThat(run.status()).as(run.err()).isZero();
        JsonObject json = new JsonObject(run.out().strip());
        assertThat(json.getString("access")).isEqualTo(variant.access());
        assertThat(json.getJsonObject("chipAuthenticity").getString("method")).isEqualTo(variant.method());
        assertThat(json.getJsonObject("chipAuthenticity").getString("result")).isEqualTo(variant.chipAuthenticity());
        assertThat(json.getJsonObject("passiveAuthentication").getString("result")).isEqualTo("PASSED");
        assertThat(json.getJsonObject("passiveAuthentication").getJsonObject("dataGroups").getMap())
                .containsKeys("1", "2").containsValues("PASSED").doesNotContainValue("FAILED");
        assertThat(json.getBoolean("extendedLength")).isTrue();
    }

    /**
     * The BSI TR-03105-5 reference chip with its own DG14/DG15 private keys found beside the files, BAC with DG1's
     * MRZ. CA (brainpoolP224r1 with explicit parameters, 3DES) runs and passes at the protocol, but no CSCA for
     * "HJP PB CS" is published, so the chain, and with it chip authenticity, stay UNDETERMINED; the hashes of DG1,
     * DG2 and DG14 pass. Its EF.COM does not list DG15 (and the SOD does not cover it), so DG15 is not read and AA
     * does not run: CA carries chip authenticity (BsiChipAuthenticationTest shows AA with the DG15 key).
     */
    @Test
    void bsiReferenceChip_withItsOwnKeys_overPcsc() throws Exception {
        emulate("--lds", BSI.toString());

        CliTestSupport.Run run = CliTestSupport.run("chip", "read", "--reader", READER, "--mrz", BSI_MRZ.get(0),
                BSI_MRZ.get(1), "--at", "2014-06-01", "--wait", "20", "--json");

        assertThat(run.status()).as(run.err()).isEqualTo(1); // PA did not PASS
        JsonObject json = new JsonObject(run.out().strip());
        assertThat(json.getString("access")).isEqualTo("BAC");
        assertThat(json.getJsonObject("chipAuthenticity").getMap()).containsEntry("method", "CA")
                .containsEntry("result", "UNDETERMINED").containsEntry("reason", "KEY_NOT_VERIFIED");
        JsonObject pa = json.getJsonObject("passiveAuthentication");
        assertThat(pa.getString("signature")).isEqualTo("PASSED");
        assertThat(pa.getString("chain")).isEqualTo("UNDETERMINED");
        assertThat(pa.getString("result")).isEqualTo("UNDETERMINED");
        assertThat(pa.getJsonObject("dataGroups").getMap()).containsOnlyKeys("1", "2", "14")
                .containsValues("PASSED").doesNotContainValue("FAILED");
        assertThat(json.getJsonArray("files").getList()).containsExactly("COM", "SOD", "DG1", "DG2", "DG14");
        assertThat(json.getJsonArray("dataGroupsDenied").getList()).isEmpty(); // DG3/DG4 need EAC: not asked for
    }

    /** Genuine files, another chip key: PA passes, chip authenticity FAILS (acceptance 3). */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--ca", "--ca-dh", "--aa", "--aa-rsa"})
    void clone_withGenuineFilesButAnotherKey_failsChipAuthenticity(String protocol) throws Exception {
        Path genuine = dir.resolve("genuine");
        Path other = dir.resolve("other");
        make(genuine, protocol);
        make(other, protocol);
        boolean ca = protocol.startsWith("--ca");
        Path foreignKey = other.resolve(PassportCommand.CHIP_DIR).resolve(ca ? PassportCommand.CHIP_AUTHENTICATION_KEY
                : PassportCommand.ACTIVE_AUTHENTICATION_KEY);
        emulate("--lds", genuine.toString(), ca ? "--ca-key" : "--aa-key", foreignKey.toString());

        CliTestSupport.Run run = read(genuine);

        assertThat(run.status()).as(run.err()).isZero(); // the files are genuine: PA PASSED
        JsonObject json = new JsonObject(run.out().strip());
        assertThat(json.getJsonObject("passiveAuthentication").getString("result")).isEqualTo("PASSED");
        assertThat(json.getJsonObject("chipAuthenticity").getMap()).containsEntry("method", ca ? "CA" : "AA")
                .containsEntry("result", "FAILED")
                .containsEntry("reason", ca ? "CA_KEY_MISMATCH" : "AA_SIGNATURE_INVALID");
    }

    /**
     * A fault on the link aborts the read with a clear reason (TR-03135 ABORTED); the next read passes (acceptance
     * 3): of the same chip, with the link clean again, after a bad MAC or a truncation; of the next chip put on the
     * reader after a tear (the torn card has left pcscd's reader; see {@link ChipCommandTest#serveOnVpcd} for how
     * the next card is made to appear on vpcd).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mac", "truncate", "tear"})
    void linkFault_abortsTheRead_withAReason_andTheNextReadPasses(String fault) throws Exception {
        make(dir, "--pace", "--ca");
        emulate("--lds", dir.toString(), "--fault", fault, "--fault-at", "12");

        CliTestSupport.Run broken = read(dir);

        assertThat(broken.status()).as(broken.err()).isEqualTo(1);
        JsonObject error = new JsonObject(broken.out().strip());
        String reason = error.getJsonObject("error").getString("reason");
        switch (fault) {
            case "mac" -> assertThat(reason).isEqualTo("SM_MAC_INVALID");
            case "truncate" -> assertThat(reason).isIn("TRUNCATED_RESPONSE", "SM_MALFORMED");
            default -> assertThat(reason).isIn("CARD_REMOVED", "IO_ERROR");
        }
        assertThat(error.getJsonObject("chipAuthenticity").getMap()).containsEntry("result", "ABORTED")
                .containsEntry("reason", "READ_ABORTED");
        assertThat(error.getJsonObject("passiveAuthentication").getString("result")).isEqualTo("ABORTED");
        // one line for people (log lines, with EGATE_LOG_LEVEL set, may come before it)
        assertThat(broken.err().lines().filter(line -> line.startsWith("egate: ")))
                .singleElement().asString().startsWith("egate: chip read failed");

        if (fault.equals("tear")) {
            // the torn card is gone; the next chip on the reader is a fresh one (the same passport, clean link)
            stopEmulations();
            emulate("--lds", dir.toString());
        }
        CliTestSupport.Run next = read(dir);

        assertThat(next.status()).as(next.err()).isZero();
        JsonObject json = new JsonObject(next.out().strip());
        assertThat(json.getString("access")).isEqualTo("PACE");
        assertThat(json.getJsonObject("chipAuthenticity").getString("result")).isEqualTo("PASSED");
    }

    @Test
    void emulate_refusesABadLinkModelFaultOrKey() throws Exception {
        make(dir, "--ca");
        for (List<String> bad : List.of(List.of("--link", "fast"), List.of("--fault", "melt"),
                List.of("--ca-key", dir.resolve("mrz.txt").toString()))) {
            List<String> args = new ArrayList<>(List.of("chip", "emulate", "--lds", dir.toString(), "--vpcd",
                    "127.0.0.1:1"));
            args.addAll(bad);
            CliTestSupport.Run run = CliTestSupport.run(args.toArray(String[]::new));
            assertThat(run.status()).as(bad.toString()).isEqualTo(2);
            assertThat(run.err().strip()).as(bad.toString()).startsWith("egate: ").doesNotContain("\n")
                    .contains(bad.get(1).length() > 10 ? "mrz.txt" : bad.get(1));
        }
    }

    private CliTestSupport.Run read(Path passport) throws Exception {
        List<String> mrz = Files.readAllLines(passport.resolve("mrz.txt"), StandardCharsets.US_ASCII);
        return CliTestSupport.run("chip", "read", "--reader", READER, "--mrz", mrz.get(0), mrz.get(1), "--trust",
                passport.resolve("pki/csca.pem").toString(), "--wait", "20", "--json");
    }

    private static void make(Path dir, String... options) {
        List<String> args = new ArrayList<>(List.of("passport", "make", "--out", dir.toString()));
        args.addAll(List.of(options));
        CliTestSupport.Run run = CliTestSupport.run(args.toArray(String[]::new));
        assertThat(run.status()).as(run.err()).isZero();
    }

    /** {@code chip emulate ARGS --vpcd} in a thread, once pcscd has seen the previous card go. */
    private void emulate(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--vpcd", ChipCommand.DEFAULT_VPCD));
        cleanups.add(ChipCommandTest.serveOnVpcd(() -> ChipCommand.Emulate.prepare(all.toArray(String[]::new))));
    }
}
