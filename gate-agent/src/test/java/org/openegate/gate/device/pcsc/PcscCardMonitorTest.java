package org.openegate.gate.device.pcsc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openegate.crypto.chip.BacKey;
import org.openegate.crypto.emulator.EmrtdEmulator;
import org.openegate.crypto.emulator.VpcdConnector;
import org.openegate.gate.device.CardEvent;
import org.openegate.gate.device.CardEvent.Type;

/**
 * Card events across the real PC/SC stack: our eMRTD emulator plugs into vsmartcard-vpcd and pcscd reports a card
 * on "Virtual PCD 00 00"; unplugging it removes the card. Needs pcscd with the vpcd driver ({@code ./egate test}
 * starts them); without them the test FAILS, saying so, as {@code ChipCommandTest} does.
 */
class PcscCardMonitorTest {

    static final String READER = "Virtual PCD 00 00";
    /** Bound on each wait for pcscd to notice the virtual card come or go. */
    static final long PCSCD_WAIT_SECONDS = 20;

    @BeforeAll
    static void requirePcscdWithVpcd() {
        VpcdCard.requirePcscdWithVpcd();
    }

    @Test
    void emulatorPluggingInAndOutGivesInsertAndRemoveEvents() throws Exception {
        BlockingQueue<CardEvent> events = new LinkedBlockingQueue<>();
        EmrtdEmulator card = EmrtdEmulator.builder().files(Map.of())
                .bacKey(BacKey.of("C4X7Z9K21", "850301", "330228")).random(new SecureRandom()).build();
        try (PcscCardMonitor monitor = PcscCardMonitor.start(Duration.ofMillis(200), Clock.systemUTC())) {
            monitor.addListener(events::add);
            // the first listing may land before or after addListener: either way the reader is announced once
            CardEvent first = awaitEvent(events, Type.READER_ADDED, READER);
            assertThat(first.reader()).isEqualTo(READER);
            assertThat(monitor.readers()).contains(READER);
            if (monitor.cardPresent(READER)) {
                // a card left by an earlier test (its emulator still disconnecting): wait for it to go
                awaitEvent(events, Type.CARD_REMOVED, READER);
            }

            VpcdConnector connector = new VpcdConnector(card, "127.0.0.1", VpcdConnector.DEFAULT_PORT);
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    connector.run();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            try {
                awaitEvent(events, Type.CARD_INSERTED, READER);
                assertThat(monitor.cardPresent(READER)).isTrue();
            } finally {
                connector.close();
            }
            awaitEvent(events, Type.CARD_REMOVED, READER);
            assertThat(monitor.cardPresent(READER)).isFalse();
            running.get(PCSCD_WAIT_SECONDS, TimeUnit.SECONDS);

            // a late listener is told the present state: the reader, no card
            BlockingQueue<CardEvent> late = new LinkedBlockingQueue<>();
            monitor.addListener(late::add);
            assertThat(late).extracting(CardEvent::type, CardEvent::reader).contains(
                    org.assertj.core.groups.Tuple.tuple(Type.READER_ADDED, READER));
            assertThat(late).noneMatch(e -> e.type() == Type.CARD_INSERTED && e.reader().equals(READER));
        }
    }

    /** Takes events until one of this type on this reader comes, bounded; other readers' events are skipped. */
    static CardEvent awaitEvent(BlockingQueue<CardEvent> events, Type type, String reader)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PCSCD_WAIT_SECONDS);
        while (true) {
            long left = deadline - System.nanoTime();
            CardEvent e = events.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
            if (e == null) {
                fail("no " + type + " on '" + reader + "' within " + PCSCD_WAIT_SECONDS + " s");
            }
            if (e.type() == type && e.reader().equals(reader)) {
                return e;
            }
            assertThat(e.reader().equals(reader) && e.type() == Type.READER_REMOVED)
                    .as("unexpected %s", e).isFalse();
        }
    }
}
