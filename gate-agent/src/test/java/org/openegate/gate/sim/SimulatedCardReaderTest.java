package org.openegate.gate.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openegate.gate.device.CardEvent;
import org.openegate.gate.device.CardEvent.Type;

class SimulatedCardReaderTest {

    @Test
    void insertAndRemove_reachListenersOnceEach_andLateListenersGetThePresentState() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-29T01:00:00Z"), ZoneOffset.UTC);
        List<Type> events = new ArrayList<>();
        try (SimulatedCardReader reader = new SimulatedCardReader(clock)) {
            AutoCloseable handle = reader.addListener(e -> events.add(e.type()));
            reader.insert();
            reader.insert();
            assertThat(reader.cardPresent(SimulatedCardReader.READER)).isTrue();
            List<CardEvent> late = new ArrayList<>();
            reader.addListener(late::add);
            assertThat(late).extracting(CardEvent::type).containsExactly(Type.READER_ADDED, Type.CARD_INSERTED);
            reader.remove();
            reader.remove();
            handle.close();
            reader.insert();
            assertThat(events).containsExactly(Type.READER_ADDED, Type.CARD_INSERTED, Type.CARD_REMOVED);
        }
    }
}
