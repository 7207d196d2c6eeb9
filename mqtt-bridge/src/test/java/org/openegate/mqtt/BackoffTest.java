package org.openegate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration INITIAL = Duration.ofMillis(500);
    private static final Duration MAX = Duration.ofSeconds(30);

    @Test
    void backoff_doublesWithEqualJitter_andIsCapped() {
        Random random = new Random(1);
        for (int attempt = 0; attempt < 200; attempt++) {
            long ceiling = Math.min(MAX.toMillis(), INITIAL.toMillis() << Math.min(attempt, 20));
            long d = MqttPublisher.backoffMillis(attempt, INITIAL, MAX, random);
            assertThat(d).as("attempt %d", attempt).isBetween(ceiling / 2, ceiling);
        }
    }

    @Test
    void backoff_jitterSpreadsAFleet() {
        Random random = new Random(2);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int gate = 0; gate < 1000; gate++) {
            long d = MqttPublisher.backoffMillis(10, INITIAL, MAX, random);
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        // 1,000 gates reconnecting after the same outage spread over (nearly) the whole upper half.
        assertThat(max - min).isGreaterThan(MAX.toMillis() / 2 - 500);
    }
}
