package org.openegate.gate.device.pcsc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.smartcardio.Card;
import javax.smartcardio.CardException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CardTerminals;
import org.junit.jupiter.api.Test;
import org.openegate.gate.device.CardEvent;
import org.openegate.gate.device.CardEvent.Type;

/**
 * Reader hot-plug and a PC/SC service that goes away: vpcd's readers cannot be plugged on demand and pcscd cannot be
 * stopped under other tests, so here the monitor watches a scripted {@link CardTerminals} (javax.smartcardio's
 * classes are abstract for providers like this). Insert/remove on the real stack is {@link PcscCardMonitorTest}.
 */
class PcscCardMonitorHotPlugTest {

    /** A PC/SC view the test changes: reader name → card present, or "service down". */
    static final class ScriptedTerminals extends CardTerminals {
        final Map<String, Boolean> readers = new LinkedHashMap<>();
        volatile boolean down;
        final AtomicInteger contexts = new AtomicInteger();

        @Override
        public synchronized List<CardTerminal> list(State state) throws CardException {
            if (down) {
                throw new CardException("list() failed", new Exception("SCARD_E_NO_SERVICE"));
            }
            List<CardTerminal> out = new ArrayList<>();
            readers.forEach((name, present) -> out.add(terminal(name, present)));
            return out;
        }

        @Override
        public boolean waitForChange(long timeout) throws CardException {
            try {
                Thread.sleep(Math.min(timeout, 20)); // the monitor's poll is what is under test, not the wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }

        synchronized void set(String reader, Boolean present) {
            if (present == null) {
                readers.remove(reader);
            } else {
                readers.put(reader, present);
            }
        }
    }

    private static CardTerminal terminal(String name, boolean present) {
        return new CardTerminal() {
            @Override
            public String getName() {
                return name;
            }

            @Override
            public Card connect(String protocol) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean isCardPresent() {
                return present;
            }

            @Override
            public boolean waitForCardPresent(long timeout) {
                return present;
            }

            @Override
            public boolean waitForCardAbsent(long timeout) {
                return !present;
            }
        };
    }

    @Test
    void readerPluggedWithCardThenUnpluggedThenServiceLostAndBack() throws Exception {
        ScriptedTerminals pcsc = new ScriptedTerminals();
        pcsc.set("Reader A", false);
        BlockingQueue<CardEvent> events = new LinkedBlockingQueue<>();
        try (PcscCardMonitor monitor = new PcscCardMonitor(() -> {
            pcsc.contexts.incrementAndGet();
            return pcsc;
        }, Duration.ofMillis(10), Clock.systemUTC())) {
            monitor.addListener(events::add);
            assertThat(next(events)).isEqualTo(new Expected(Type.READER_ADDED, "Reader A"));

            pcsc.set("Reader B", true); // hot-plugged with a card already on it
            assertThat(next(events)).isEqualTo(new Expected(Type.READER_ADDED, "Reader B"));
            assertThat(next(events)).isEqualTo(new Expected(Type.CARD_INSERTED, "Reader B"));

            pcsc.set("Reader B", null); // unplugged with the card: card first, then reader
            assertThat(next(events)).isEqualTo(new Expected(Type.CARD_REMOVED, "Reader B"));
            assertThat(next(events)).isEqualTo(new Expected(Type.READER_REMOVED, "Reader B"));

            pcsc.set("Reader A", true);
            assertThat(next(events)).isEqualTo(new Expected(Type.CARD_INSERTED, "Reader A"));
            int before = pcsc.contexts.get();
            pcsc.down = true; // pcscd stopped
            assertThat(next(events)).isEqualTo(new Expected(Type.CARD_REMOVED, "Reader A"));
            assertThat(next(events)).isEqualTo(new Expected(Type.READER_REMOVED, "Reader A"));
            assertThat(monitor.readers()).isEmpty();
            pcsc.down = false;
            assertThat(next(events)).isEqualTo(new Expected(Type.READER_ADDED, "Reader A"));
            assertThat(next(events)).isEqualTo(new Expected(Type.CARD_INSERTED, "Reader A"));
            assertThat(pcsc.contexts.get()).as("a fresh context was asked for").isGreaterThan(before);
        }
    }

    @Test
    void pollOutsideBoundsIsRefused() {
        ScriptedTerminals pcsc = new ScriptedTerminals();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PcscCardMonitor(() -> pcsc, Duration.ZERO,
                Clock.systemUTC())).hasMessageContaining("poll PT0S");
    }

    record Expected(Type type, String reader) {
    }

    private static Expected next(BlockingQueue<CardEvent> events) throws InterruptedException {
        CardEvent e = events.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("an event within 10 s").isNotNull();
        return new Expected(e.type(), e.reader());
    }
}
