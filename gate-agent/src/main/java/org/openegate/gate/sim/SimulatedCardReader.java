package org.openegate.gate.sim;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.openegate.gate.device.CardEvent;
import org.openegate.gate.device.CardEvents;

/**
 * The simulated twin of {@link org.openegate.gate.device.pcsc.PcscCardMonitor}: one reader whose card the
 * simulation puts down and takes away (pair it with {@link EmulatedChipConnector} for the chip itself). Events are
 * delivered on the thread that calls {@link #insert()} / {@link #remove()}, in order.
 */
public final class SimulatedCardReader implements CardEvents {

    /** The simulated reader's name. */
    public static final String READER = "Simulated reader 00";

    private final Clock clock;
    private final List<Consumer<CardEvent>> listeners = new CopyOnWriteArrayList<>();
    private boolean present;
    private boolean closed;

    public SimulatedCardReader(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Puts a card on the reader (no event if one is there already). */
    public synchronized void insert() {
        if (!present && !closed) {
            present = true;
            send(CardEvent.Type.CARD_INSERTED);
        }
    }

    /** Takes the card away (no event if there is none). */
    public synchronized void remove() {
        if (present && !closed) {
            present = false;
            send(CardEvent.Type.CARD_REMOVED);
        }
    }

    @Override
    public synchronized AutoCloseable addListener(Consumer<CardEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        listener.accept(new CardEvent(CardEvent.Type.READER_ADDED, READER, clock.instant()));
        if (present) {
            listener.accept(new CardEvent(CardEvent.Type.CARD_INSERTED, READER, clock.instant()));
        }
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public List<String> readers() {
        return List.of(READER);
    }

    @Override
    public synchronized boolean cardPresent(String reader) {
        return present && READER.equals(reader);
    }

    @Override
    public synchronized void close() {
        closed = true;
        listeners.clear();
    }

    private void send(CardEvent.Type type) {
        CardEvent event = new CardEvent(type, READER, clock.instant());
        listeners.forEach(l -> l.accept(event));
    }
}
