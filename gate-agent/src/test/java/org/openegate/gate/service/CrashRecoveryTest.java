package org.openegate.gate.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 3: a real gate process (a child JVM running {@code egate run} in simulation) is SIGKILLed while a
 * traveller's chip is being read, then started again. It must come up safe (exit locked), the interrupted
 * transaction must be journalled ABORTED, and the outbox must hold every event it held before plus every
 * completed transaction's.
 */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process startGate(Path config, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "org.openegate.gate.cli.EgateCommand", "run", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        children.add(child);
        return child;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Connection journal() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/journal.db"));
    }

    private List<String> ids(String sql) throws Exception {
        Path db = dir.resolve(sql.contains("FROM outbox") ? "data/outbox.db" : "data/journal.db");
        List<String> ids = new ArrayList<>();
        if (!Files.exists(db)) {
            return ids;
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
                ResultSet rows = connection.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        } catch (java.sql.SQLException e) {
            // The table does not exist yet while the child is starting.
        }
        return ids;
    }

    private static void awaitTrue(Duration timeout, String what, Check check) throws Exception {
        Instant end = Instant.now().plus(timeout);
        while (!check.holds()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(200);
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    @Test
    void sigkillMidTransaction_restartsSafe_abortsTheTransaction_losesNoOutboxEvent() throws Exception {
        int port = freePort();
        String example = Files.readString(Path.of("src/main/resources/gate-example.yaml"));
        String config = example.replace("dataDir: gate-data", "dataDir: data")
                .replace("port: 8088", "port: " + port)
                .replace("chipMs: 10000", "chipMs: 120000")
                .replace("travellerIntervalMs: 1000", "travellerIntervalMs: 50")
                .replace("mrzDelayMs: 300", "mrzDelayMs: 0")
                // The chip read takes 3 s of modelled hardware time: the kill lands while the chip is read.
                .replace("chipDelayMs: 800", "chipDelayMs: 3000")
                .replace("faceDelayMs: 400", "faceDelayMs: 0");
        Path file = dir.resolve("gate.yaml");
        Files.writeString(file, config);

        Process first = startGate(file, dir.resolve("first.log"));
        // At least one traveller done (so the outbox has something to lose) and the next one inside the gate.
        awaitTrue(Duration.ofMinutes(5), "a completed transaction and a started one", () ->
                !ids("SELECT transaction_id FROM transaction_log WHERE status = 'COMPLETED'").isEmpty()
                        && !ids("SELECT transaction_id FROM transaction_log WHERE status = 'STARTED'").isEmpty());
        List<String> started = ids("SELECT transaction_id FROM transaction_log WHERE status = 'STARTED'");
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no close
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isEqualTo(137);

        Set<String> outboxBefore = new HashSet<>(ids("SELECT event_id FROM outbox"));
        List<String> completed = ids("SELECT transaction_id FROM transaction_log WHERE status = 'COMPLETED'");
        assertThat(started).hasSize(1);
        String interrupted = started.get(0);

        Path secondLog = dir.resolve("second.log");
        startGate(file, secondLog);
        awaitTrue(Duration.ofMinutes(5), "the restarted gate to be ready",
                () -> Files.exists(secondLog) && Files.readString(secondLog).contains("ready in"));
        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonObject body = new JsonObject(health.body());
        assertThat(body.getInteger("recoveredAborted")).isEqualTo(1);
        assertThat(body.getString("mode")).isEqualTo("OPEN");
        // Safe: the exit is locked unless a traveller has just been decided (the simulation admits the next
        // traveller as soon as the gate is ready, and its chip takes 3 s, so in practice it is locked).
        assertThat(body.getString("state")).isNotIn("FAULT", "EMERGENCY");
        if (!body.getString("state").equals("EXIT_OPEN")) {
            assertThat(body.getString("exitDoor")).isEqualTo("LOCKED");
        }
        assertThat(Files.readString(secondLog)).contains("interrupted by a crash");

        try (Connection connection = journal();
                ResultSet row = connection.createStatement().executeQuery(
                        "SELECT status, abort_reason FROM transaction_log WHERE transaction_id = '" + interrupted + "'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("ABORTED");
            assertThat(row.getString(2)).isEqualTo("CRASH");
        }
        Set<String> outboxAfter = new HashSet<>(ids("SELECT event_id FROM outbox"));
        assertThat(outboxAfter).containsAll(outboxBefore).containsAll(completed).contains(interrupted);
    }
}
