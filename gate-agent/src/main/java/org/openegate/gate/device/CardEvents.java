package org.openegate.gate.device;

import java.util.List;
import java.util.function.Consumer;

/**
 * Card insert/remove and reader hot-plug events: a PC/SC monitor thread on a gate, a simulated reader in the demo.
 *
 * <p>A new listener first receives the present state (READER_ADDED for each reader, CARD_INSERTED for each card
 * already there), so it never has to ask and then subscribe. Listeners are called on the driver's thread, in order;
 * they must not block.
 */
public interface CardEvents extends AutoCloseable {

    /** @return a handle that removes the listener when closed */
    AutoCloseable addListener(Consumer<CardEvent> listener);

    /** The readers known now. */
    List<String> readers();

    /** Whether a card is on the named reader now. */
    boolean cardPresent(String reader);

    /** Stops watching; no events after this returns. */
    @Override
    void close();
}
