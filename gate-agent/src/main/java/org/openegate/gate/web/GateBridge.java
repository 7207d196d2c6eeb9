package org.openegate.gate.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
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
import org.openegate.mqtt.CommandSigner;
import org.openegate.mqtt.CommandType;
import org.openegate.mqtt.E2eException;
import org.openegate.mqtt.E2eOpener;
import org.openegate.mqtt.Stream;
import org.openegate.mqtt.TopicException;
import org.openegate.mqtt.Topics;
import org.tinylog.Logger;

/**
 * The console's MQTT side: subscribes to the supervised gates' referrals, health and presence, opens each case's
 * sealed personal data with the console's key, and sends officer decisions as signed commands with an MQTT 5
 * response topic ({@code .../reply/<consoleId>}) and correlation data, completing the caller's future with the
 * gate's reply. Paho calls back on its own thread; everything is handed to the console's Vert.x context.
 *
 * <p>Clean Start false with a session expiry (MQTT 5 §3.1.2.4), so referrals published while the console was
 * briefly away are delivered when it reconnects.
 */
final class GateBridge implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_VALIDITY = Duration.ofMinutes(2);
    private static final long SESSION_EXPIRY_S = 3600;

    /** Where the bridge hands what it received (on the console's context). */
    interface Receiver {
        void referral(String site, String gate, JsonObject opened, String openProblem);

        /** The second record of a referral: its images. */
        void referralImages(String site, String gate, JsonObject opened, String openProblem);

        void health(String site, String gate, JsonObject body);

        void presence(String site, String gate, boolean online);
    }

    private final ConsoleConfig config;
    private final Context context;
    private final Receiver receiver;
    private final E2eOpener opener;
    private final CommandSigner signer;
    private final MqttAsyncClient client;
    private final Map<String, CompletableFuture<JsonObject>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong correlation = new AtomicLong();
    private volatile boolean connected;

    GateBridge(ConsoleConfig config, Context context, Receiver receiver, Clock clock, SecureRandom random)
            throws MqttException {
        this.config = config;
        this.context = context;
        this.receiver = receiver;
        this.opener = new E2eOpener(Map.of(config.e2eKid(), config.e2eKey()));
        this.signer = new CommandSigner(config.commandKid(), config.commandKey(), clock, random);
        this.client = new MqttAsyncClient(config.mqttBroker(), "egate-console-" + config.consoleId(),
                new MemoryPersistence());
        client.setCallback(new Callback());
    }

    /** Connects and subscribes; waits up to 10 s, then keeps retrying in the background (Paho's reconnect). */
    void start() throws MqttException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(SESSION_EXPIRY_S);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 30);
        client.connect(options).waitForCompletion(10_000);
    }

    boolean connected() {
        return connected;
    }

    private void subscribe() {
        try {
            MqttSubscription[] subscriptions = {
                new MqttSubscription(Topics.fleetFilter(Stream.REFERRALS), 1),
                new MqttSubscription(Topics.fleetFilter(Stream.HEALTH), 1),
                new MqttSubscription(Topics.fleetFilter(Stream.PRESENCE), 1),
                new MqttSubscription(Topics.PREFIX + "+/+/reply/" + config.consoleId(), 1)};
            client.subscribe(subscriptions);
        } catch (MqttException e) {
            Logger.error("console could not subscribe: reason {}", e.getReasonCode());
        }
    }

    /**
     * Signs and sends an officer decision to a gate; the future completes with the gate's reply
     * ({@code {"status":"OK|REJECTED|...","detail":...,"result":{"accepted":..,"state":..}}}) or fails after 10 s.
     */
    CompletableFuture<JsonObject> decide(ConsoleConfig.GateRef gate, JsonObject args) {
        Topics topics = Topics.of(gate.site(), gate.gate());
        String id = config.consoleId() + "-" + correlation.incrementAndGet();
        CompletableFuture<JsonObject> reply = new CompletableFuture<>();
        waiting.put(id, reply);
        try {
            byte[] payload = signer.sign(topics, CommandType.OFFICER_DECISION, JSON.readTree(args.encode()),
                    COMMAND_VALIDITY);
            MqttProperties properties = new MqttProperties();
            properties.setResponseTopic(topics.reply(config.consoleId()));
            properties.setCorrelationData(id.getBytes(StandardCharsets.UTF_8));
            properties.setMessageExpiryInterval(COMMAND_VALIDITY.toSeconds());
            client.publish(topics.command(CommandType.OFFICER_DECISION.segment()),
                    new MqttMessage(payload, 1, false, properties));
        } catch (Exception e) {
            waiting.remove(id);
            reply.completeExceptionally(e);
            return reply;
        }
        return reply.orTimeout(10, TimeUnit.SECONDS).whenComplete((r, e) -> waiting.remove(id));
    }

    private void onMessage(String topic, MqttMessage message) {
        if (topic.contains("/reply/")) {
            byte[] corr = message.getProperties() == null ? null : message.getProperties().getCorrelationData();
            CompletableFuture<JsonObject> f = corr == null ? null
                    : waiting.get(new String(corr, StandardCharsets.UTF_8));
            if (f != null) {
                f.complete(new JsonObject(new String(message.getPayload(), StandardCharsets.UTF_8)));
            }
            return;
        }
        Topics.Parsed parsed;
        try {
            parsed = Topics.parse(topic);
        } catch (TopicException e) {
            return;
        }
        Optional<Stream> stream = parsed.stream();
        if (stream.isEmpty()) {
            return;
        }
        String site = parsed.site();
        String gate = parsed.gate();
        try {
            switch (stream.get()) {
                case REFERRALS -> {
                    ObjectNode record = (ObjectNode) JSON.readTree(message.getPayload());
                    String problem = null;
                    ObjectNode opened = record;
                    try {
                        opened = opener.open(record);
                    } catch (E2eException e) {
                        // Shown to the officer as is: the case can still be decided face to face.
                        problem = "personal data could not be opened: " + e.reason();
                        Logger.warn("case from {}/{} did not open: {}", site, gate, e.reason());
                    }
                    JsonObject json = new JsonObject(JSON.writeValueAsString(opened));
                    String why = problem;
                    if ("referral-images".equals(json.getString("kind"))) {
                        context.runOnContext(v -> receiver.referralImages(site, gate, json, why));
                    } else {
                        context.runOnContext(v -> receiver.referral(site, gate, json, why));
                    }
                }
                case HEALTH -> {
                    JsonObject json = new JsonObject(new String(message.getPayload(), StandardCharsets.UTF_8));
                    context.runOnContext(v -> receiver.health(site, gate, json));
                }
                case PRESENCE -> {
                    JsonNode body = JSON.readTree(message.getPayload());
                    boolean online = body != null && "online".equals(body.path("state").asText());
                    context.runOnContext(v -> receiver.presence(site, gate, online));
                }
                default -> {
                }
            }
        } catch (Exception e) {
            // Untrusted bytes from the broker: one bad message is logged by topic, never its payload.
            Logger.warn("ignored malformed message on {}: {}", topic, e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close();
        } catch (MqttException e) {
            Logger.warn("console MQTT close: reason {}", e.getReasonCode());
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            connected = false;
            Logger.warn("console lost the broker: {}", response.getReasonString());
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            Logger.warn("console MQTT error: reason {}", exception.getReasonCode());
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            onMessage(topic, message);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            connected = true;
            subscribe();
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
