package org.openegate.mqtt;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.tinylog.Logger;

/**
 * An in-process MQTT 5 broker (HiveMQ Community Edition, embedded) on a free loopback port, so the
 * demo runs with no set-up. Not for production: gates talk to a real broker (Mosquitto, EMQX,
 * HiveMQ) through {@link MqttPublisher}.
 *
 * <p>The broker keeps its sessions and messages in memory and listens on 127.0.0.1 only; anonymous
 * usage statistics are switched off (the demo must not phone home). Its working folders live in a
 * temporary directory removed on {@link #close()}. HiveMQ is started without its logback bootstrap;
 * the module excludes logback, so HiveMQ's SLF4J logging lands in tinylog with everything else.
 *
 * <p>Measured on a 2-core machine shared with other builds: a cold start takes 1 to 9 s (mostly class
 * loading; {@link #startAsync()} overlaps it with other work), a later start in the same JVM under 1 s,
 * and {@link #close()} about 4 s (HiveMQ's persistence shutdown hook waits even in in-memory mode).
 */
public final class EmbeddedBroker implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 3;

    private final EmbeddedHiveMQ hivemq;
    private final Path home;
    private final int port;

    private EmbeddedBroker(EmbeddedHiveMQ hivemq, Path home, int port) {
        this.hivemq = hivemq;
        this.home = home;
        this.port = port;
    }

    /** Starts a broker on a free loopback port, blocking until it accepts connections. */
    public static EmbeddedBroker start() {
        BrokerException last = null;
        // The free port is found by binding port 0 and closing again; another process may grab it in
        // between, so a bind failure is retried on a fresh port.
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(freeLoopbackPort());
            } catch (BrokerException e) {
                last = e;
                Logger.warn("Embedded broker start attempt {} of {} failed: {}", attempt, START_ATTEMPTS, e.getMessage());
            }
        }
        throw last;
    }

    /**
     * Starts a broker on a free port in the background, so a caller can prepare other things during the
     * few seconds HiveMQ takes to start. The future fails with {@link BrokerException}.
     */
    public static CompletableFuture<EmbeddedBroker> startAsync() {
        CompletableFuture<EmbeddedBroker> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(start());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        }, "egate-broker-start");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** Starts a broker on the given loopback port (for tests that restart a broker on the same port). */
    public static EmbeddedBroker start(int port) {
        return start(port, null);
    }

    /** Starts on {@code port} with an embedded HiveMQ extension (tests use one to watch what arrives). */
    static EmbeddedBroker start(int port, EmbeddedExtension extension) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1..65535");
        }
        return startOnce(port, extension);
    }

    private static EmbeddedBroker startOnce(int port) {
        return startOnce(port, null);
    }

    private static EmbeddedBroker startOnce(int port, EmbeddedExtension extension) {
        Path home;
        try {
            home = Files.createTempDirectory("egate-broker-");
            Path conf = Files.createDirectories(home.resolve("conf"));
            Files.createDirectories(home.resolve("data"));
            Files.createDirectories(home.resolve("extensions"));
            Files.writeString(conf.resolve("config.xml"), config(port), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the embedded broker's folders", e);
        }
        EmbeddedHiveMQBuilder builder = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(home.resolve("conf"))
                .withDataFolder(home.resolve("data"))
                .withExtensionsFolder(home.resolve("extensions"))
                .withoutLoggingBootstrap();
        if (extension != null) {
            builder.withEmbeddedExtension(extension);
        }
        EmbeddedHiveMQ hivemq = builder.build();
        long t0 = System.nanoTime();
        try {
            hivemq.start().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(hivemq, home);
            throw new BrokerException("interrupted while starting the embedded broker on port " + port, e);
        } catch (ExecutionException | TimeoutException e) {
            closeQuietly(hivemq, home);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new BrokerException("embedded broker did not start on 127.0.0.1:" + port + ": " + cause, cause);
        }
        Logger.info("Embedded MQTT broker listening on 127.0.0.1:{} (started in {} ms)",
                port, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        return new EmbeddedBroker(hivemq, home, port);
    }

    private static String config(int port) {
        return """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                    </listeners>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                </hivemq>
                """.formatted(port);
    }

    static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** The broker's address, {@code tcp://127.0.0.1:PORT}. */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops the broker and removes its working folders. */
    @Override
    public void close() {
        long t0 = System.nanoTime();
        closeQuietly(hivemq, home);
        Logger.info("Embedded MQTT broker on port {} stopped in {} ms", port,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    }

    private static void closeQuietly(EmbeddedHiveMQ hivemq, Path home) {
        try {
            hivemq.close();
        } catch (ExecutionException e) {
            Logger.warn("Embedded broker stopped with an error: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteTree(home);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            Logger.warn("Could not remove the embedded broker folder {}: {}", root, e.toString());
        }
    }

    /** The embedded broker could not be started. */
    public static final class BrokerException extends RuntimeException {
        BrokerException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
