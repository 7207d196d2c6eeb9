package org.openegate.mqtt;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real Mosquitto broker as a child process, on a loopback port, with a temporary config. The test
 * FAILS (does not skip) when the binary is missing: CI installs the Debian package, and a skipped
 * broker test would hide a broken set-up.
 */
public final class Mosquitto implements AutoCloseable {

    static final Path BINARY = Path.of(System.getProperty("egate.mosquitto", "/usr/sbin/mosquitto"));

    private final Path dir;
    private final int port;
    private final boolean persistent;
    private final List<String> log = new ArrayList<>();
    private Process process;

    private final String extraConfig;
    private boolean tls;

    private Mosquitto(Path dir, int port, boolean persistent, String extraConfig) {
        this.dir = dir;
        this.port = port;
        this.persistent = persistent;
        this.extraConfig = extraConfig;
    }

    /** Starts mosquitto with a TLS listener that requires a client certificate from {@code pki}'s CA. */
    public static Mosquitto startTls(Path dir, TestPki pki) throws Exception {
        return startTls(dir, pki.caCert, pki.serverCert, pki.serverKey, "");
    }

    /**
     * Starts mosquitto with a TLS listener that requires a client certificate issued by {@code caCert}; the
     * certificate's CN becomes the MQTT user name, so {@code extraConfig} may add an {@code acl_file}.
     */
    public static Mosquitto startTls(Path dir, Path caCert, Path serverCert, Path serverKey, String extraConfig)
            throws Exception {
        requireBinary();
        String tls = "cafile " + caCert + "\n"
                + "certfile " + serverCert + "\n"
                + "keyfile " + serverKey + "\n"
                + "require_certificate true\n"
                + "use_identity_as_username true\n"
                + extraConfig;
        Mosquitto m = new Mosquitto(dir, EmbeddedBroker.freeLoopbackPort(), false, tls);
        m.tls = true;
        m.startProcess();
        return m;
    }

    private static void requireBinary() {
        if (!Files.isExecutable(BINARY)) {
            fail("Mosquitto is not installed at " + BINARY + ". Install it with: apt-get install -y mosquitto"
                    + " (./egate test does this when run as root), or point -Degate.mosquitto=PATH at the binary.");
        }
    }

    /** Starts mosquitto on a free port; {@code persistent} keeps sessions and queues across restarts. */
    public static Mosquitto start(Path dir, boolean persistent) throws Exception {
        return start(dir, persistent, "");
    }

    /** As {@link #start(Path, boolean)} with extra lines for the listener (plain tcp://). */
    public static Mosquitto start(Path dir, boolean persistent, String extraConfig) throws Exception {
        requireBinary();
        Mosquitto m = new Mosquitto(dir, EmbeddedBroker.freeLoopbackPort(), persistent, extraConfig);
        m.tls = false;
        m.startProcess();
        return m;
    }

    public String uri() {
        return (tls ? "ssl" : "tcp") + "://127.0.0.1:" + port;
    }

    /** Stops the broker with SIGTERM (it saves its persistence file) and waits for it to exit. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** Sends {@code kill -<signal>} to the broker (STOP freezes it, CONT resumes it), and waits for kill to finish. */
    public void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            fail("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** Starts the broker again on the same port. */
    public void restart() throws Exception {
        stop();
        startProcess();
    }

    private void startProcess() throws Exception {
        Files.createDirectories(dir);
        Path conf = dir.resolve("mosquitto.conf");
        Path data = Files.createDirectories(dir.resolve("data"));
        StringBuilder c = new StringBuilder()
                .append("listener ").append(port).append(" 127.0.0.1\n")
                .append("allow_anonymous true\n")
                // Run as root, mosquitto drops to user "mosquitto", which cannot write our temp folder;
                // naming the current user keeps it as is (it only drops privileges when started as root).
                .append("user ").append(System.getProperty("user.name")).append('\n')
                .append("log_dest stderr\n")
                .append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\n");
        c.append(extraConfig);
        if (persistent) {
            c.append("persistence true\n").append("persistence_location ").append(data).append("/\n");
        } else {
            c.append("persistence false\n");
        }
        Files.writeString(conf, c.toString(), StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(BINARY.toString(), "-c", conf.toString()).redirectErrorStream(true);
        process = pb.start();
        // Mosquitto prints "... running" once its listener is open; read its output until then, then keep
        // draining it on a daemon thread so the pipe never fills.
        CompletableFuture<Boolean> running = new CompletableFuture<>();
        Process p = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (log) {
                        log.add(line);
                    }
                    if (line.contains(" running")) {
                        running.complete(true);
                    }
                }
            } catch (IOException e) {
                running.completeExceptionally(e);
            }
            running.complete(false);
        }, "mosquitto-log");
        reader.setDaemon(true);
        reader.start();
        if (!running.get(20, TimeUnit.SECONDS)) {
            fail("mosquitto exited before listening on port " + port + "; its output: " + log());
        }
    }

    public String log() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            try {
                signal("CONT"); // a frozen broker cannot act on SIGTERM
            } catch (Exception | AssertionError e) {
                // best effort; stop() falls back to SIGKILL
            }
        }
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
