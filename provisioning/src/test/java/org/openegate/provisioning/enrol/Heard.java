package org.openegate.provisioning.enrol;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/** The topics a test connection received, in order, with a bounded wait for one to arrive. */
final class Heard implements MqttLink.Receiver {

    private final List<String> topics = new ArrayList<>();

    @Override
    public synchronized void received(String topic, byte[] payload) {
        topics.add(topic);
        notifyAll();
    }

    synchronized List<String> topics() {
        return List.copyOf(topics);
    }

    /** Waits up to 30 s for {@code topic}; messages on one connection arrive in order, so earlier ones are in too. */
    synchronized List<String> await(String topic) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!topics.contains(topic)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException(topic + " did not arrive within 30 s; heard " + topics);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(topics);
    }
}
