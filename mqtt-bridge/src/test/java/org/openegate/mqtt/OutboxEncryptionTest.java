package org.openegate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.util.List;
import java.util.Random;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboxEncryptionTest {

    private static final String MARKER = "ERIKSSON-L898902C";

    @TempDir
    Path dir;

    private static SecretKey key(int seed) {
        byte[] k = new byte[32];
        new Random(seed).nextBytes(k);
        return new SecretKeySpec(k, "AES");
    }

    private static OutboxEvent personal(int n) {
        ObjectNode body = OutboxEvent.JSON.createObjectNode().put("surname", MARKER).put("n", n);
        return OutboxEvent.create(Stream.CROSSINGS, body, TestEvents.CLOCK, new Random(n));
    }

    @Test
    void sealed_noPersonalDataOnDisk_andReadsBackWithTheKey() throws Exception {
        Path file = dir.resolve("outbox.db");
        List<OutboxEvent> events = List.of(personal(1), personal(2), personal(3));
        try (Outbox outbox = Outbox.open(file, Outbox.Config.DEFAULT, key(1), new SecureRandom())) {
            outbox.enqueueAll(events);
            // Before close the data sits in the WAL; check both files.
            assertThat(containsMarker(file)).isFalse();
            assertThat(containsMarker(dir.resolve("outbox.db-wal"))).isFalse();
            assertThat(outbox.snapshot()).containsExactlyElementsOf(events);
        }
        assertThat(containsMarker(file)).isFalse();
        try (Outbox outbox = Outbox.open(file, Outbox.Config.DEFAULT, key(1), new SecureRandom())) {
            assertThat(outbox.claim(10).join()).containsExactlyElementsOf(events);
        }
    }

    @Test
    void plain_isPlain_soTheSealedTestAbove_isMeaningful() throws Exception {
        Path file = dir.resolve("plain.db");
        try (Outbox outbox = Outbox.open(file)) {
            outbox.enqueue(personal(1));
        }
        assertThat(containsMarker(file)).isTrue();
    }

    @Test
    void plain_publishedRecordsAreErasedFromTheFile() throws Exception {
        Path file = dir.resolve("plain.db");
        List<OutboxEvent> events = List.of(personal(1), personal(2));
        try (Outbox outbox = Outbox.open(file)) {
            outbox.enqueueAll(events);
            for (OutboxEvent e : events) {
                outbox.ack(e).join();
            }
        }
        assertThat(containsMarker(file)).as("secure_delete overwrote the deleted rows").isFalse();
        assertThat(containsMarker(dir.resolve("plain.db-wal"))).isFalse();
    }

    @Test
    void wrongKeyOrNoKey_failsAtOpen_withReasonUnreadable() {
        Path file = dir.resolve("outbox.db");
        try (Outbox outbox = Outbox.open(file, Outbox.Config.DEFAULT, key(1), new SecureRandom())) {
            outbox.enqueue(personal(1));
        }
        assertThatThrownBy(() -> Outbox.open(file, Outbox.Config.DEFAULT, key(2), new SecureRandom()))
                .isInstanceOfSatisfying(OutboxException.class,
                        e -> assertThat(e.reason()).isEqualTo(OutboxException.Reason.UNREADABLE))
                .hasMessageContaining("wrong payload key");
        assertThatThrownBy(() -> Outbox.open(file))
                .isInstanceOfSatisfying(OutboxException.class,
                        e -> assertThat(e.reason()).isEqualTo(OutboxException.Reason.UNREADABLE))
                .hasMessageContaining("without a payload key");
        // The failed opens released the lock; the right key still works.
        try (Outbox outbox = Outbox.open(file, Outbox.Config.DEFAULT, key(1), new SecureRandom())) {
            assertThat(outbox.depth()).isEqualTo(1);
        }
    }

    @Test
    void rowsCannotBeSwapped_theEventIdIsBoundIn() throws Exception {
        Path file = dir.resolve("outbox.db");
        OutboxEvent a = personal(1);
        OutboxEvent b = personal(2);
        try (Outbox outbox = Outbox.open(file, Outbox.Config.DEFAULT, key(1), new SecureRandom())) {
            outbox.enqueueAll(List.of(a, b));
        }
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + file); var st = c.createStatement()) {
            // Give b's row a's ciphertext.
            st.executeUpdate("UPDATE outbox SET payload = (SELECT payload FROM outbox WHERE event_id = '"
                    + a.eventId() + "') WHERE event_id = '" + b.eventId() + "'");
        }
        try (Outbox outbox = Outbox.open(file, Outbox.Config.DEFAULT, key(1), new SecureRandom())) {
            assertThatThrownBy(() -> Outbox.join(outbox.claim(10)))
                    .isInstanceOfSatisfying(OutboxException.class,
                            e -> assertThat(e.reason()).isEqualTo(OutboxException.Reason.UNREADABLE))
                    .hasMessageContaining(b.eventId());
            // An unreadable row fails its own claim, not the enqueues batched with it.
            outbox.enqueue(personal(3));
            assertThat(outbox.depth()).isEqualTo(3);
        }
    }

    @Test
    void badKeys_areRefused() {
        assertThatThrownBy(() -> Outbox.open(dir.resolve("x.db"), Outbox.Config.DEFAULT,
                new SecretKeySpec(new byte[24], "AES"), new SecureRandom()))
                .hasMessageContaining("192 bits");
        assertThatThrownBy(() -> Outbox.open(dir.resolve("x.db"), Outbox.Config.DEFAULT,
                new SecretKeySpec(new byte[32], "HmacSHA256"), new SecureRandom()))
                .hasMessageContaining("AES key");
    }

    private static boolean containsMarker(Path file) throws Exception {
        if (!Files.exists(file)) {
            return false;
        }
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        return content.contains(MARKER);
    }
}
