package org.openegate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 5, unit = TimeUnit.MINUTES) // a hung broker or child process must fail, not stall CI
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

    @Test
    void brokerDownAtFirst_eventsWaitInTheOutbox_thenAllArriveAfterTheBrokerStarts(@TempDir Path dir) throws Exception {
        int port = EmbeddedBroker.freeLoopbackPort();
        String uri = "tcp://127.0.0.1:" + port;
        List<OutboxEvent> events = TestEvents.events(Stream.CROSSINGS, 200, 2);
        BrokerTap tap = new BrokerTap("/crossings");
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"));
             MqttPublisher publisher = MqttPublisher.start(options(uri, "g2"), outbox, TestEvents.CLOCK, new Random(8))) {
            outbox.enqueueAll(events);
            assertThat(publisher.awaitDrained(Duration.ofMillis(300))).as("nothing leaves while the broker is down")
                    .isEqualTo(events.size());
            assertThat(publisher.isConnected()).isFalse();
            try (EmbeddedBroker late = EmbeddedBroker.start(port, tap.extension())) {
                assertThat(late.uri()).isEqualTo(uri);
                assertThat(publisher.awaitDrained(Duration.ofSeconds(90))).isZero();
                assertThat(tap.awaitDistinct(events.size(), Duration.ofSeconds(10))).isEqualTo(events.size());
                assertThat(tap.ids()).containsExactlyElementsOf(TestEvents.ids(events));
                assertThat(publisher.stats().connects()).isEqualTo(1);
            }
        }
    }
}
