package org.openegate.gate.device.serial;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A pseudo-terminal pair made by socat, standing in for a USB-serial document reader: the gate's driver opens
 * {@link #readerEnd()}, the test writes what the reader would send into {@link #deviceEnd()}. Needs socat (Debian
 * package socat; {@code ./egate test} installs it).
 */
public final class PtyPair implements AutoCloseable {

    private final Process socat;
    private final Path readerEnd;
    private final Path deviceEnd;

    private PtyPair(Process socat, Path readerEnd, Path deviceEnd) {
        this.socat = socat;
        this.readerEnd = readerEnd;
        this.deviceEnd = deviceEnd;
    }

    /** Starts socat with both ends linked in {@code dir}; fails the test if no pair appears within 10 s. */
    public static PtyPair start(Path dir) throws IOException {
        Path readerEnd = dir.resolve("ttyGate");
        Path deviceEnd = dir.resolve("ttyDevice");
        Process socat = null;
        try {
            socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + readerEnd,
                    "pty,raw,echo=0,link=" + deviceEnd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("socat.log").toFile()).start();
        } catch (IOException e) {
            fail("socat is needed for the serial tests (Debian package socat; ./egate test installs it): "
                    + e.getMessage());
        }
        // socat makes both links once the ptys exist: wait for them, bounded
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(readerEnd) && Files.exists(deviceEnd))) {
            if (!socat.isAlive() || System.nanoTime() > deadline) {
                fail("socat made no pty pair: " + Files.readString(dir.resolve("socat.log")));
            }
            Thread.onSpinWait();
        }
        return new PtyPair(socat, readerEnd, deviceEnd);
    }

    /** The end the gate's reader opens (a link to a /dev/pts device). */
    public Path readerEnd() {
        return readerEnd;
    }

    /** Writes what the document reader would send. */
    public void send(String text) throws IOException {
        try (OutputStream out = Files.newOutputStream(deviceEnd)) {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** Stops socat: both ptys vanish, as a USB reader pulled out. Idempotent. */
    @Override
    public void close() throws InterruptedException {
        socat.destroy();
        socat.waitFor(5, TimeUnit.SECONDS);
    }
}
