package org.openegate.gate.device;

import java.time.Instant;
import java.util.Objects;

/**
 * Something happened on a chip reader.
 *
 * @param type what happened
 * @param reader the reader's name (PC/SC name on a gate)
 * @param at when the driver saw it, from its clock
 */
public record CardEvent(Type type, String reader, Instant at) {

    /** What happened. */
    public enum Type {
        READER_ADDED,
        READER_REMOVED,
        CARD_INSERTED,
        CARD_REMOVED
    }

    public CardEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(at, "at");
    }
}
