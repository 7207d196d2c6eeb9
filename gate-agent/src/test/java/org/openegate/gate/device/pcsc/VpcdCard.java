package org.openegate.gate.device.pcsc;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.TerminalFactory;
import org.openegate.crypto.emulator.EmrtdEmulator;
import org.openegate.crypto.emulator.VpcdConnector;

/**
 * Our emulated eMRTD put on vpcd's first reader ("Virtual PCD 00 00"), so that pcscd, javax.smartcardio and the
 * gate's PC/SC driver read it as they would a passport on a real reader.
 *
 * <p>There is one such reader per machine and other PC/SC tests use it too (in this JVM, run one after another by
 * surefire; in another engineer's JVM, at any time). So this waits its turn instead of failing: a lock file in the
 * temp directory orders the tests that take it, and a card already on the reader (another test's) is waited out,
 * bounded by {@link #TURN_WAIT_MS}. vpcd has been seen to ignore a connection right after a card left abruptly; a
 * card pcscd does not see within {@link #APPEARS_MS} is disconnected and connected again until the turn wait ends.
 */
public final class VpcdCard implements AutoCloseable {

    public static final String READER = "Virtual PCD 00 00";
    /** How long to wait for the shared reader to be free before failing. */
    static final long TURN_WAIT_MS = TimeUnit.MINUTES.toMillis(5);
    static final long APPEARS_MS = 8_000;
    /** Bound on each wait for pcscd to see the card go. */
    static final long GONE_MS = 20_000;

    private final FileChannel lockFile;
    private final FileLock lock;
    private final CardTerminal terminal;
    private VpcdConnector connector;
    private Thread serving;
    private boolean closed;

    private VpcdCard(FileChannel lockFile, FileLock lock, CardTerminal terminal) {
        this.lockFile = lockFile;
        this.lock = lock;
        this.terminal = terminal;
    }

    /** Fails the test (saying what to start) unless pcscd runs with the vpcd driver. */
    public static void requirePcscdWithVpcd() {
        List<CardTerminal> terminals;
        try {
            terminals = TerminalFactory.getDefault().terminals().list();
        } catch (CardException e) {
            fail("pcscd is not reachable through PC/SC (" + e.getMessage() + "). Start it: /usr/sbin/pcscd (Debian"
                    + " packages pcscd and vsmartcard-vpcd; ./egate test does this).");
            return;
        }
        if (terminals.stream().noneMatch(t -> t.getName().equals(READER))) {
            fail("pcscd has no reader '" + READER + "' (readers: " + terminals.stream().map(CardTerminal::getName)
                    .toList() + "); install vsmartcard-vpcd and (re)start pcscd.");
        }
    }

    /** Waits for the reader, puts the card on it and returns once pcscd sees it. */
    public static VpcdCard insert(EmrtdEmulator card) throws Exception {
        FileChannel file = FileChannel.open(Path.of(System.getProperty("java.io.tmpdir"), "openegate-vpcd-00.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long deadline = System.currentTimeMillis() + TURN_WAIT_MS;
        FileLock lock = null;
        try {
            while ((lock = file.tryLock()) == null) {
                if (System.currentTimeMillis() > deadline) {
                    fail("another test held the vpcd reader lock for " + TURN_WAIT_MS + " ms");
                }
                Thread.sleep(200); // another JVM's turn; FileLock has no bounded blocking wait
            }
            VpcdCard taken = new VpcdCard(file, lock, TerminalFactory.getDefault().terminals().getTerminal(READER));
            taken.plugIn(card, deadline);
            return taken;
        } catch (Exception | Error e) {
            if (lock != null) {
                lock.release();
            }
            file.close();
            throw e;
        }
    }

    private void plugIn(EmrtdEmulator card, long deadline) throws Exception {
        int attempts = 0;
        while (true) {
            // a card still there is another test's (or the last one's, leaving): wait for it to go
            while (terminal.isCardPresent()) {
                if (System.currentTimeMillis() > deadline) {
                    fail("a card stayed on " + READER + " for " + TURN_WAIT_MS + " ms: another test holds it");
                }
                terminal.waitForCardAbsent(1000);
            }
            attempts++;
            VpcdConnector next = new VpcdConnector(card, "127.0.0.1", VpcdConnector.DEFAULT_PORT);
            Thread thread = new Thread(() -> {
                try {
                    next.run();
                } catch (IOException e) {
                    // vpcd refused or dropped us: the presence wait below decides whether to try again
                }
            }, "vpcd-card");
            thread.setDaemon(true);
            thread.start();
            connector = next;
            serving = thread;
            if (terminal.waitForCardPresent(APPEARS_MS)) {
                return;
            }
            unplug();
            if (System.currentTimeMillis() > deadline) {
                fail("pcscd did not see the emulated card on " + READER + " after " + attempts + " connection(s)");
            }
        }
    }

    private void unplug() throws Exception {
        connector.close();
        serving.join(GONE_MS);
        terminal.waitForCardAbsent(GONE_MS);
    }

    /** Takes the card off the reader (pcscd sees it go) and gives the reader to the next test. */
    @Override
    public void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        try {
            unplug();
        } finally {
            lock.release();
            lockFile.close();
        }
    }
}
