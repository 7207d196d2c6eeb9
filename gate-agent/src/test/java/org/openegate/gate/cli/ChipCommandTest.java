package org.openegate.gate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.crypto.emulator.VpcdConnector;

/**
 * {@code egate chip emulate} and {@code egate chip read} across the real PC/SC stack: the emulated chip of a
 * {@code passport make} folder plugs into vsmartcard-vpcd, pcscd sees a card on "Virtual PCD 00 00", and
 * {@code chip read} reads it through javax.smartcardio as the gate does.
 *
 * <p>Needs pcscd running with the vpcd driver (Debian packages pcscd and vsmartcard-vpcd; {@code ./egate test}
 * installs and starts them). Without them the tests FAIL, saying so: CI must not pass by skipping the one test of
 * the PC/SC path.
 */
class ChipCommandTest {

    /** vpcd's first reader listens on {@link VpcdConnector#DEFAULT_PORT}. */
    static final String READER = "Virtual PCD 00 00";
    /** Bound on every wait for pcscd to notice the virtual card come or go. */
    static final long PCSCD_WAIT_MS = 20_000;

    @TempDir
    Path dir;

    private final List<Runnable> cleanups = new ArrayList<>();

    @BeforeAll
    static void requirePcscdWithVpcd() {
        List<CardTerminal> terminals;
        try {
            terminals = TerminalFactory.getDefault().terminals().list();
        } catch (CardException e) {
            fail("pcscd is not reachable through PC/SC (" + e.getMessage() + (e.getCause() == null ? ""
                    : ": " + e.getCause().getMessage()) + "). Start it: /usr/sbin/pcscd (Debian packages pcscd and"
                    + " vsmartcard-vpcd; ./egate test does this).");
            return;
        }
        boolean pcscdRuns = ProcessHandle.allProcesses().anyMatch(p -> p.info().command()
                .map(command -> command.endsWith("/pcscd")).orElse(false));
        if (!pcscdRuns) {
            // javax.smartcardio shows a missing pcscd as an empty reader list, so look for the process
            fail("pcscd is not running. Start it: /usr/sbin/pcscd (Debian packages pcscd and vsmartcard-vpcd;"
                    + " ./egate test does this).");
        }
        if (terminals.stream().noneMatch(t -> t.getName().equals(READER))) {
            fail("pcscd runs but has no reader '" + READER + "' (readers: " + terminals.stream()
                    .map(CardTerminal::getName).toList() + "); install vsmartcard-vpcd and restart pcscd.");
        }
    }

    @AfterEach
    void cleanUp() {
        cleanups.forEach(Runnable::run);
    }

    @Test
    void read_bacPassportOverPcscPassesPassiveAuthentication() throws Exception {
        make(dir);
        emulate(dir);
        List<String> mrz = Files.readAllLines(dir.resolve("mrz.txt"), StandardCharsets.US_ASCII);
        Path out = dir.resolve("read");
        CliTestSupport.Run run = CliTestSupport.run("chip", "read", "--reader", READER, "--mrz", mrz.get(0),
                mrz.get(1), "--trust", dir.resolve("pki/csca.pem").toString(), "--out", out.toString(),
                "--wait", "20", "--json");
        assertThat(run.status()).as(run.err()).isZero();
        JsonObject json = new JsonObject(run.out().strip());
        assertThat(json.getString("access")).isEqualTo("BAC");
        assertThat(json.getJsonObject("chipAuthenticity").getMap())
                .containsEntry("method", "NONE").containsEntry("result", "NOT_SUPPORTED");
        JsonObject pa = json.getJsonObject("passiveAuthentication");
        assertThat(pa.getString("result")).isEqualTo("PASSED");
        assertThat(pa.getJsonObject("dataGroups").getMap()).containsOnlyKeys("1", "2").containsValues("PASSED");
        assertThat(json.getJsonArray("files").getList()).containsExactly("COM", "SOD", "DG1", "DG2");
        assertThat(json.getLong("apdus")).isPositive();
        assertThat(json.getLong("bytesRead")).isGreaterThan(Files.size(dir.resolve("DG2.bin")));
        assertThat(json.getLong("ms")).isNotNegative();

        // the files read are byte for byte the ones made, and doc verify takes the --out folder as it is
        for (String name : List.of("EF_COM.bin", "EF_SOD.bin", "DG1.bin", "DG2.bin")) {
            assertThat(out.resolve(name)).as(name).hasSameBinaryContentAs(dir.resolve(name));
        }
        assertThat(CliTestSupport.run("doc", "verify", "--lds", out.toString(), "--trust",
                dir.resolve("pki/csca.pem").toString()).status()).isZero();
    }

    @Test
    void read_pacePassportOverPcscUsesPaceWithTheMrzAndWithTheCan() throws Exception {
        make(dir, "--pace", "--aa", "--ca", "--can", "314159");
        emulate(dir);
        String mrz = Files.readString(dir.resolve("mrz.txt"), StandardCharsets.US_ASCII); // both lines, one argument
        CliTestSupport.Run run = CliTestSupport.run("chip", "read", "--reader", READER, "--mrz", mrz, "--trust",
                dir.resolve("pki/csca.pem").toString(), "--wait", "20", "--json");
        assertThat(run.status()).as(run.err()).isZero();
        JsonObject json = new JsonObject(run.out().strip());
        assertThat(json.getString("access")).isEqualTo("PACE");
        assertThat(json.getJsonObject("passiveAuthentication").getString("result")).isEqualTo("PASSED");
        assertThat(json.getJsonObject("passiveAuthentication").getJsonObject("dataGroups").getMap())
                .containsOnlyKeys("1", "2", "14", "15");
        assertThat(json.getJsonArray("files").getList()).containsExactly("CardAccess", "COM", "SOD", "DG1", "DG2",
                "DG14", "DG15");
        assertThat(json.getLong("apdus")).isPositive();
        // CA is offered in DG14, so it runs (one success is enough, AA is then not needed); its key's DG14 hash
        // passed Passive Authentication, so the chip is genuine
        assertThat(json.getJsonObject("chipAuthenticity").getString("method")).isEqualTo("CA");
        assertThat(json.getJsonObject("chipAuthenticity").getString("result")).isEqualTo("PASSED");

        // the human-readable form of the same read, and without --reader: the first reader with a card (on a
        // machine with a real reader holding a card, that card could come first)
        CliTestSupport.Run text = CliTestSupport.run("chip", "read", "--mrz", mrz, "--trust",
                dir.resolve("pki/csca.pem").toString(), "--wait", "20");
        assertThat(text.status()).as(text.err()).isZero();
        assertThat(text.out()).contains("Access                  PACE")
                .contains("Passive Authentication  PASSED").contains("CardAccess COM SOD DG1 DG2 DG14 DG15")
                .doesNotContain(mrz.lines().findFirst().orElseThrow().substring(5, 15));

        CliTestSupport.Run byCan = CliTestSupport.run("chip", "read", "--reader", READER, "--can", "314159",
                "--trust", dir.resolve("pki/csca.pem").toString(), "--wait", "20", "--json");
        assertThat(byCan.status()).as(byCan.err()).isZero();
        JsonObject canJson = new JsonObject(byCan.out().strip());
        assertThat(canJson.getString("access")).isEqualTo("PACE");
        assertThat(canJson.getJsonObject("passiveAuthentication").getString("result")).isEqualTo("PASSED");
    }

    @Test
    void read_wrongKeyFailsWithExitOneAndTheReason() throws Exception {
        make(dir);
        emulate(dir);
        // a valid MRZ of another passport (ICAO 9303-4 Appendix A specimen): BAC must fail on the chip
        CliTestSupport.Run run = CliTestSupport.run("chip", "read", "--reader", READER, "--mrz",
                "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
                "--wait", "20", "--json");
        assertThat(run.status()).isEqualTo(1);
        assertThat(new JsonObject(run.out().strip()).getJsonObject("error").getString("reason"))
                .isEqualTo("BAC_FAILED");
        assertThat(run.err().strip()).startsWith("egate: chip read failed").doesNotContain("\n")
                .doesNotContain("L898902C");
    }

    @Test
    void read_badInputAndMissingReaderOrCardExitTwo() throws Exception {
        CliTestSupport.Run badMrz = CliTestSupport.run("chip", "read", "--mrz", "P<UTOERIKSSON", "--json");
        assertThat(badMrz.status()).isEqualTo(2);
        assertThat(badMrz.err()).startsWith("egate: --mrz");

        CliTestSupport.Run both = CliTestSupport.run("chip", "read", "--mrz", "X", "--can", "123456");
        assertThat(both.status()).isEqualTo(2);

        CliTestSupport.Run noReader = CliTestSupport.run("chip", "read", "--reader", "No Such Reader", "--can",
                "123456");
        assertThat(noReader.status()).isEqualTo(2);
        assertThat(noReader.err().strip()).contains("no reader named 'No Such Reader'").contains(READER)
                .doesNotContain("\n");

        // vpcd's second reader has no card in this test: bounded wait, then exit 2
        CliTestSupport.Run noCard = CliTestSupport.run("chip", "read", "--reader", "Virtual PCD 00 01", "--can",
                "123456", "--wait", "0");
        assertThat(noCard.status()).isEqualTo(2);
        assertThat(noCard.err()).contains("NO_DOCUMENT");
    }

    @Test
    void emulate_refusesAFolderWithoutMrz() throws Exception {
        make(dir);
        Files.delete(dir.resolve("mrz.txt"));
        Files.delete(dir.resolve("DG1.bin")); // without mrz.txt the emulator takes the MRZ from DG1
        CliTestSupport.Run run = CliTestSupport.run("chip", "emulate", "--lds", dir.toString(), "--vpcd",
                "127.0.0.1:1");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("mrz.txt");
        assertThat(CliTestSupport.run("chip", "emulate", "--lds", dir.toString(), "--vpcd", "localhost").status())
                .isEqualTo(2);
    }

    private static void make(Path dir, String... options) {
        List<String> args = new ArrayList<>(List.of("passport", "make", "--out", dir.toString()));
        args.addAll(List.of(options));
        CliTestSupport.Run run = CliTestSupport.run(args.toArray(String[]::new));
        assertThat(run.status()).as(run.err()).isZero();
    }

    /** What {@code chip emulate --lds DIR} does, in a thread: the folder's chip on vpcd. */
    private void emulate(Path dir) throws Exception {
        ChipCommand.Chip chip = ChipCommand.loadChip(dir, new SecureRandom());
        cleanups.add(serveOnVpcd(() -> new ChipCommand.VpcdLoop(chip.emulator(),
                new ChipCommand.HostPort("127.0.0.1", VpcdConnector.DEFAULT_PORT))));
    }

    /**
     * Serves a card on vpcd in a thread until pcscd sees it, and returns what stops it. pcscd must first have seen
     * the previous card go, or it would hand the reader a stale card. vpcd has been seen to ignore the first
     * connection after a card left abruptly (a tear, a test stopped mid-read); a card pcscd does not see within
     * {@link #CARD_APPEARS_MS} is therefore disconnected and connected again, at most {@link #CONNECT_ATTEMPTS}
     * times. The test's own read then fails if it still cannot see the card.
     */
    static Runnable serveOnVpcd(java.util.function.Supplier<ChipCommand.VpcdLoop> loops) throws Exception {
        CardTerminal terminal = TerminalFactory.getDefault().terminals().getTerminal(READER);
        assertThat(terminal.waitForCardAbsent(PCSCD_WAIT_MS)).as("a card is still on " + READER).isTrue();
        for (int attempt = 1; ; attempt++) {
            ChipCommand.VpcdLoop loop = loops.get();
            Thread serving = new Thread(loop, "vpcd-card");
            serving.setDaemon(true);
            serving.start();
            Runnable stop = () -> {
                loop.stop();
                try {
                    serving.join(PCSCD_WAIT_MS);
                    terminal.waitForCardAbsent(PCSCD_WAIT_MS);
                } catch (InterruptedException | CardException e) {
                    throw new IllegalStateException("stopping the emulated card: " + e.getMessage(), e);
                }
            };
            if (terminal.waitForCardPresent(CARD_APPEARS_MS) || attempt == CONNECT_ATTEMPTS) {
                return stop;
            }
            stop.run();
        }
    }

    static final long CARD_APPEARS_MS = 8_000;
    static final int CONNECT_ATTEMPTS = 3;
}
