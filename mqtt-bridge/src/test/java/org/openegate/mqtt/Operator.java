package org.openegate.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * The operator's side of a test: publishes commands with an MQTT 5 response topic and correlation data, and
 * collects the gate's replies by correlation data.
 */
final class Operator implements AutoCloseable {

    /** A reply as received: its topic and JSON payload. */
    record Reply(String topic, JsonNode body) {
        String status() {
            return body.get("status").asText();
        }
    }

    private final MqttAsyncClient client;
    private final Map<String, CompletableFuture<Reply>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final Topics gate;

    Operator(String uri, Topics gate) throws Exception {
        this.gate = gate;
        client = new MqttAsyncClient(uri, "operator-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(MessageCallbacks.onMessage((topic, m) -> {
            byte[] corr = m.getProperties() == null ? null : m.getProperties().getCorrelationData();
            String key = corr == null ? "<none>" : new String(corr, StandardCharsets.UTF_8);
            waiting.computeIfAbsent(key, k -> new CompletableFuture<>())
                    .complete(new Reply(topic, OutboxEvent.JSON.readTree(m.getPayload())));
        }));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        client.connect(o).waitForCompletion(10_000);
        client.subscribe(new MqttSubscription(gate.replyFilter(), 1)).waitForCompletion(10_000);
    }

    /** Sends {@code payload} to {@code topic} asking for the reply on {@code reply/ops}, and waits for it. */
    Reply send(String topic, byte[] payload) throws Exception {
        return send(topic, payload, gate.reply("ops"));
    }

    Reply send(String topic, byte[] payload, String responseTopic) throws Exception {
        String corr = "c" + next.incrementAndGet();
        CompletableFuture<Reply> f = waiting.computeIfAbsent(corr, k -> new CompletableFuture<>());
        MqttProperties p = new MqttProperties();
        p.setResponseTopic(responseTopic);
        p.setCorrelationData(corr.getBytes(StandardCharsets.UTF_8));
        client.publish(topic, new MqttMessage(payload, 1, false, p)).waitForCompletion(10_000);
        return f.get(30, TimeUnit.SECONDS);
    }

    /** Sends a command without a response topic; the gate answers on {@code reply/unaddressed}. */
    Reply sendUnaddressed(String topic, byte[] payload) throws Exception {
        CompletableFuture<Reply> f = waiting.computeIfAbsent("<none>", k -> new CompletableFuture<>());
        client.publish(topic, new MqttMessage(payload, 1, false, new MqttProperties())).waitForCompletion(10_000);
        Reply r = f.get(30, TimeUnit.SECONDS);
        waiting.remove("<none>");
        return r;
    }

    @Override
    public void close() throws Exception {
        client.disconnect().waitForCompletion(10_000);
        client.close();
    }
}
