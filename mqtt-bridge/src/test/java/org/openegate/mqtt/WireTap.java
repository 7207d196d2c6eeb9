package org.openegate.mqtt;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A central-side subscriber that keeps every message exactly as it crossed the broker: topic, bytes, properties. */
final class WireTap implements AutoCloseable {

    record Message(String topic, byte[] payload, MqttProperties properties, boolean retained) {
        String eventIdProperty() {
            return properties == null || properties.getUserProperties() == null ? null
                    : properties.getUserProperties().stream().filter(u -> u.getKey().equals("eventId"))
                            .map(u -> u.getValue()).findFirst().orElse(null);
        }
    }

    private final MqttAsyncClient client;
    private final List<Message> messages = new ArrayList<>();

    WireTap(String uri, String... filters) throws Exception {
        client = new MqttAsyncClient(uri, "tap-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(MessageCallbacks.onMessage((topic, m) -> {
            synchronized (WireTap.this) {
                messages.add(new Message(topic, m.getPayload(), m.getProperties(), m.isRetained()));
                WireTap.this.notifyAll();
            }
        }));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        client.connect(o).waitForCompletion(10_000);
        MqttSubscription[] subs = new MqttSubscription[filters.length];
        for (int i = 0; i < filters.length; i++) {
            subs[i] = new MqttSubscription(filters[i], 1);
        }
        client.subscribe(subs).waitForCompletion(10_000);
    }

    synchronized List<Message> messages() {
        return new ArrayList<>(messages);
    }

    /** Waits until a message matches {@code p} or {@code timeout} passes; returns it or null. */
    synchronized Message await(Predicate<Message> p, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Message m : messages) {
                if (p.test(m)) {
                    return m;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** Waits until at least {@code n} messages match {@code p}; returns how many did. */
    synchronized long awaitCount(Predicate<Message> p, long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long c = messages.stream().filter(p).count();
            long left = deadline - System.nanoTime();
            if (c >= n || left <= 0) {
                return c;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    @Override
    public void close() throws Exception {
        client.disconnect().waitForCompletion(10_000);
        client.close();
    }
}
