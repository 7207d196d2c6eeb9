package org.openegate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttPublisherEmbeddedTest {

    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static MqttOptions options(String uri, String gate) {
        return MqttOptions.builder(uri, Topics.of("test-site", gate))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .build();
    }

    @Test
    void publish_deliversEveryEventOnceInOrder_andEmptiesTheOutbox(@TempDir Path dir) throws Exception {
        List<OutboxEvent> events = TestEvents.events(Stream.CROSSINGS, 300, 1);
        try (RecordCounter counter = RecordCounter.start(broker.uri());
             Outbox outbox = Outbox.open(dir.resolve("outbox.db"))) {
            outbox.enqueueAll(events);
            try (MqttPublisher publisher = MqttPublisher.start(options(broker.uri(), "g1"), outbox,
                    TestEvents.CLOCK, new Random(7))) {
                assertThat(publisher.awaitDrained(Duration.ofSeconds(60))).isZero();
                assertThat(counter.awaitCount(events.size(), Duration.ofSeconds(30))).isEqualTo(events.size());
                assertThat(counter.eventIds()).containsExactlyElementsOf(TestEvents.ids(events));
                assertThat(counter.mismatches()).isZero();
                assertThat(publisher.stats().published()).isEqualTo(events.size());
            }
            assertThat(outbox.depth()).isZero();
        }
    }
}
