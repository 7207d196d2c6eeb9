package org.openegate.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.tinylog.Logger;

/**
 * A central-side subscriber that counts distinct {@code eventId}s, so the demo and tests can prove that
 * every record published arrived (at least once) and nothing else did.
 *
 * <p>The id is taken from the MQTT 5 user property {@code eventId}; a message whose payload carries a
 * different (or no) {@code eventId} is counted as {@link #mismatches()}, not as a record. Ids are kept in
 * arrival order of their first delivery.
 */
public final class RecordCounter implements AutoCloseable {

    private final MqttAsyncClient client;
    private final String filter;
    private final Set<String> ids = new LinkedHashSet<>();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong mismatches = new AtomicLong();

    private RecordCounter(MqttAsyncClient client, String filter) {
        this.client = client;
        this.filter = filter;
    }

    /** Subscribes to all gates' crossing records, {@code egate/v1/+/+/crossings}. */
    public static RecordCounter start(String serverUri) {
        return start(serverUri, Topics.fleetFilter(Stream.CROSSINGS));
    }

    /** Subscribes to {@code filter} at QoS 1; returns once the subscription is granted. */
    public static RecordCounter start(String serverUri, String filter) {
        return start(serverUri, filter, false);
    }

    /**
     * Subscribes to {@code filter} at QoS 1; returns once the subscription is granted. With
     * {@code durableSession} the counter asks for a one-hour session (Clean Start false) and reconnects by
     * itself, so a broker that keeps sessions across a restart queues what it missed.
     */
    public static RecordCounter start(String serverUri, String filter, boolean durableSession) {
        Objects.requireNonNull(filter, "filter");
        MqttAsyncClient client = null;
        try {
            client = new MqttAsyncClient(serverUri, "egate-counter-" + Long.toHexString(System.nanoTime()),
                    new MemoryPersistence());
            RecordCounter counter = new RecordCounter(client, filter);
            client.setCallback(counter.new Callback());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(!durableSession);
            o.setAutomaticReconnect(durableSession);
            if (durableSession) {
                o.setSessionExpiryInterval(3600L);
                o.setAutomaticReconnectDelay(1, 2);
            }
            client.connect(o).waitForCompletion(10_000);
            IMqttToken sub = client.subscribe(new MqttSubscription(filter, 1));
            sub.waitForCompletion(10_000);
            int[] codes = sub.getReasonCodes();
            if (codes == null || codes.length == 0 || codes[0] >= 0x80) {
                throw new IllegalStateException("broker refused subscription to " + filter + " with reason "
                        + (codes == null || codes.length == 0 ? "none" : "0x" + Integer.toHexString(codes[0])));
            }
            return counter;
        } catch (MqttException e) {
            closeQuietly(client);
            throw new IllegalStateException("record counter cannot subscribe to " + filter + " at " + serverUri
                    + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(client);
            throw e;
        }
    }

    /** Distinct event ids received. */
    public synchronized long distinctCount() {
        return ids.size();
    }

    /** All messages received, duplicates included. */
    public long messages() {
        return messages.get();
    }

    /** Messages without an {@code eventId} user property, or whose payload's {@code eventId} differs. */
    public long mismatches() {
        return mismatches.get();
    }

    /** Distinct ids in order of first arrival. */
    public synchronized List<String> eventIds() {
        return new ArrayList<>(ids);
    }

    /** Waits until at least {@code n} distinct ids arrived or {@code timeout} passed; returns the count then. */
    public synchronized long awaitCount(long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ids.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return ids.size();
    }

    private void received(MqttMessage message) {
        messages.incrementAndGet();
        String id = null;
        MqttProperties p = message.getProperties();
        if (p != null && p.getUserProperties() != null) {
            for (UserProperty u : p.getUserProperties()) {
                if ("eventId".equals(u.getKey())) {
                    id = u.getValue();
                }
            }
        }
        String inPayload = null;
        try {
            JsonNode node = OutboxEvent.JSON.readTree(message.getPayload());
            if (node != null && node.path("eventId").isTextual()) {
                inPayload = node.get("eventId").asText();
            }
        } catch (IOException e) {
            inPayload = null;
        }
        if (id == null || !id.equals(inPayload)) {
            mismatches.incrementAndGet();
            Logger.warn("Record without matching eventId on {} (property {}, payload {})", filter,
                    id == null ? "missing" : "present", inPayload == null ? "missing" : "present");
            return;
        }
        synchronized (this) {
            if (ids.add(id)) {
                notifyAll();
            }
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received(message);
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            Logger.warn("Record counter disconnected: {}", response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            Logger.warn("Record counter error: {}", exception.toString());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    private static void closeQuietly(MqttAsyncClient client) {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(2_000);
            }
        } catch (MqttException e) {
            Logger.debug("Record counter disconnect: {}", e.toString());
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            Logger.debug("Record counter close: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closeQuietly(client);
    }
}
