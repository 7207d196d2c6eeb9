package org.openegate.mqtt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
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
 * Drains an {@link Outbox} to an MQTT 5 broker at QoS 1 and keeps doing so across broker outages.
 *
 * <h2>Design</h2>
 * <ul>
 *   <li><b>The outbox is the only source of truth.</b> Each connection uses a fresh Paho client with
 *       in-memory persistence, so Paho never re-sends anything on its own; after a lost connection every
 *       unacknowledged event is claimed again from the outbox, oldest first, and published again. An
 *       event is deleted only on a successful PUBACK (reason code below 0x80, MQTT 5 §3.4.2.1), so
 *       delivery is at least once and consumers de-duplicate on {@code eventId}, which travels both in the
 *       user property {@code eventId} and in the JSON payload.</li>
 *   <li><b>Order.</b> Events are published in outbox order on one connection; MQTT 5 §4.6 keeps a
 *       client's QoS 1 messages on one topic in order, so each stream arrives in order (duplicates after a
 *       reconnect aside).</li>
 *   <li><b>Bounded in-flight window:</b> at most {@code min(maxInFlight, broker Receive Maximum)}
 *       (§3.2.2.3.3) publishes that are unacknowledged or acknowledged but not yet durably deleted from
 *       the outbox, so a crash re-sends at most a window of events.</li>
 *   <li><b>Session.</b> Clean Start false with a session expiry (§3.1.2.4, §3.1.2.11.2), so the broker
 *       keeps the gate's subscriptions and queued commands across short outages. A retained
 *       {@code {"state":"online"}} birth message goes to {@code .../presence} after each connect (events
 *       follow its PUBACK); the Will (retained {@code {"state":"offline"}}) replaces it if the gate
 *       vanishes, and {@link #close()} asks the broker to publish the Will too (DISCONNECT 0x04).</li>
 *   <li><b>Reconnect</b> is our own loop: exponential backoff from {@code initialBackoff} to
 *       {@code maxBackoff} with "equal jitter" (half fixed, half random) so a fleet that lost the broker
 *       together does not reconnect in lock-step.</li>
 *   <li><b>Threads.</b> All state lives on one scheduler thread ({@code egate-mqtt}); Paho callbacks and
 *       outbox completions hop onto it.</li>
 * </ul>
 * Logs name event ids, topics and reason codes, never payloads (they carry personal data).
 */
public final class MqttPublisher implements AutoCloseable {

    /** Counters for status screens and tests. */
    public record Stats(long published, long connects, long connectionLosses, int inFlight, boolean connected) { }

    private static final int QOS = 1;
    private static final int DISCONNECT_WITH_WILL = 0x04;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final MqttOptions options;
    private final Outbox outbox;
    private final Clock clock;
    private final Random random;
    private final ScheduledExecutorService exec;
    private final String presenceTopic;
    private final CommandProcessor commands;
    /** Command replies waiting for room in the in-flight window (exec thread only). */
    private final java.util.ArrayDeque<PendingReply> replies = new java.util.ArrayDeque<>();
    private static final int MAX_PENDING_REPLIES = 1000;
    /** Replies older than this are useless to the operator tool that asked (MQTT 5 §3.3.2.3.3). */
    private static final long REPLY_EXPIRY_SECONDS = 300;

    private record PendingReply(String topic, MqttMessage message) { }

    // State below is touched on the exec thread only.
    private MqttAsyncClient client;
    private long generation;
    private boolean connected;
    private boolean closing;
    private int window;
    private int inFlight;
    private int attempt;
    private long connectedAtNanos;
    private boolean claimPending;
    private boolean born;
    private boolean pumpAgain;

    private final AtomicLong published = new AtomicLong();
    private final Map<Stream, AtomicLong> publishedByStream = new EnumMap<>(Stream.class);
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong losses = new AtomicLong();
    private volatile Stats stats = new Stats(0, 0, 0, 0, false);

    private MqttPublisher(MqttOptions options, Outbox outbox, Clock clock, Random random, OperatorKeys keys,
            CommandHandler handler) {
        this.commands = handler == null ? null : new CommandProcessor(options.topics(), keys,
                (kid, nonce, keepUntil) -> outbox.firstNonceUse(kid, nonce, keepUntil, clock.instant()), handler, clock,
                CommandProcessor.Limits.DEFAULT);
        this.options = options;
        this.outbox = outbox;
        this.clock = clock;
        this.random = random;
        this.presenceTopic = options.topics().topic(Stream.PRESENCE);
        for (Stream st : Stream.values()) {
            publishedByStream.put(st, new AtomicLong());
        }
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "egate-mqtt");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts publishing {@code outbox} with the system clock and a {@link SecureRandom} for jitter. */
    public static MqttPublisher start(MqttOptions options, Outbox outbox) {
        return start(options, outbox, Clock.systemUTC(), new SecureRandom());
    }

    /**
     * Starts publishing {@code outbox}. Returns at once; the first connect happens in the background, and
     * if the broker is down the events simply wait in the outbox.
     *
     * @throws IllegalArgumentException if TLS is configured and its files cannot be read or parsed
     */
    public static MqttPublisher start(MqttOptions options, Outbox outbox, Clock clock, Random random) {
        return launch(options, outbox, clock, random, null, null);
    }

    /**
     * As {@link #start(MqttOptions, Outbox, Clock, Random)}, and also subscribes (QoS 1) to the gate's
     * commands, {@code egate/v1/<site>/<gate>/cmd/+}. Each command is verified (signed by one of
     * {@code keys}, for this gate, fresh, never seen, within the size limit) and only then handed to
     * {@code handler}; every command, run or refused, is answered on its MQTT 5 response topic with its
     * correlation data and a {@link CommandStatus}. The seen-nonce store lives in {@code outbox}'s file, so
     * it survives restarts. The session keeps the subscription, so commands sent while the gate is offline
     * arrive when it reconnects (within the session expiry).
     */
    public static MqttPublisher start(MqttOptions options, Outbox outbox, Clock clock, Random random,
            OperatorKeys keys, CommandHandler handler) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(handler, "handler");
        return launch(options, outbox, clock, random, keys, handler);
    }

    private static MqttPublisher launch(MqttOptions options, Outbox outbox, Clock clock, Random random,
            OperatorKeys keys, CommandHandler handler) {
        Objects.requireNonNull(options, "options");
        // Refuse unreadable TLS material now, as bad configuration, rather than retry it forever.
        options.tls().ifPresent(tls -> TlsContexts.socketFactory(tls, new SecureRandom()));
        MqttPublisher p = new MqttPublisher(options,
                Objects.requireNonNull(outbox, "outbox"), Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(random, "random"), keys, handler);
        outbox.onEnqueued(() -> p.onExec(p::pump));
        p.onExec(p::connect);
        return p;
    }

    /**
     * Waits until every event in the outbox has been acknowledged by the broker, or {@code timeout} has
     * passed. Returns how many events are still queued (0 when drained).
     */
    public long awaitDrained(Duration timeout) throws InterruptedException {
        return outbox.awaitEmpty(timeout);
    }

    public boolean isConnected() {
        return stats.connected();
    }

    /**
     * Counters. {@code published} counts events the broker acknowledged and the outbox then removed, each
     * once, since this publisher started.
     */
    public Stats stats() {
        Stats s = stats;
        return new Stats(published.get(), s.connects(), s.connectionLosses(), s.inFlight(), s.connected());
    }

    /** Events of {@code stream} acknowledged by the broker and removed from the outbox since start. */
    public long published(Stream stream) {
        return publishedByStream.get(stream).get();
    }

    // ---- connection life cycle (exec thread) ----------------------------------------------------------

    /** Runs {@code task} on the publisher thread; a failure is logged, never silently swallowed. */
    private void onExec(Runnable task) {
        try {
            exec.execute(guarded(task));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            Logger.debug("MQTT publisher closed; dropping a late callback");
        }
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                Logger.error(e, "MQTT publisher task failed");
            }
        };
    }

    private void connect() {
        if (closing) {
            return;
        }
        long gen = ++generation;
        MqttAsyncClient c;
        try {
            c = new MqttAsyncClient(options.serverUri(), options.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            Logger.error("Cannot create MQTT client for {}: {}", options.serverUri(), e.toString());
            scheduleReconnect();
            return;
        }
        client = c;
        c.setCallback(new Callback(gen));
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(options.sessionExpiry().getSeconds());
        o.setKeepAliveInterval((int) options.keepAlive().getSeconds());
        o.setConnectionTimeout((int) options.connectTimeout().getSeconds());
        o.setAutomaticReconnect(false);
        // §3.1.2.11.4: the broker must not send us packets larger than this (commands are bounded).
        o.setMaximumPacketSize((long) CommandProcessor.Limits.DEFAULT.maxPayloadBytes() + 64 * 1024);
        MqttMessage will = new MqttMessage(presence("offline"), QOS, true, jsonProperties(null));
        o.setWill(presenceTopic, will);
        o.setWillMessageProperties(jsonProperties(null));
        try {
            // Re-read on every attempt, so a rotated client certificate is picked up on the next connect.
            if (options.tls().isPresent()) {
                o.setSocketFactory(TlsContexts.socketFactory(options.tls().get(), secureRandom()));
            }
            c.connect(o, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    onExec(() -> onConnected(gen, token));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    onExec(() -> onConnectFailed(gen, e));
                }
            });
        } catch (MqttException | RuntimeException e) {
            onConnectFailed(gen, e);
        }
    }

    private SecureRandom secureRandom() {
        return random instanceof SecureRandom s ? s : new SecureRandom();
    }

    private void onConnected(long gen, IMqttToken token) {
        if (gen != generation || closing) {
            return;
        }
        connected = true;
        born = false;
        connectedAtNanos = System.nanoTime();
        // The backoff is NOT reset here: a broker that accepts the connection but refuses our events
        // (PUBACK >= 0x80) would otherwise be hammered at the initial delay forever. It resets on the
        // first accepted PUBACK, or when a connection was up longer than the longest backoff.
        connects.incrementAndGet();
        Integer receiveMax = token.getResponseProperties() == null ? null
                : token.getResponseProperties().getReceiveMaximum();
        window = receiveMax == null ? options.maxInFlight() : Math.min(options.maxInFlight(), receiveMax);
        inFlight = 0;
        Logger.info("MQTT connected to {} as {} (session present: {}, window {}), {} events queued",
                options.serverUri(), options.clientId(), token.getSessionPresent(), window, outbox.depth());
        if (commands != null) {
            subscribeCommands(gen);
        }
        updateStats();
        // Events start only after the birth message's PUBACK: the birth counts against the broker's
        // Receive Maximum, and a full window plus the birth would make Paho refuse a publish (32202).
        try {
            client.publish(presenceTopic, new MqttMessage(presence("online"), QOS, true, jsonProperties(null)),
                    null, new MqttActionListener() {
                        @Override
                        public void onSuccess(IMqttToken t) {
                            onExec(() -> {
                                if (gen == generation) {
                                    born = true;
                                    pump();
                                }
                            });
                        }

                        @Override
                        public void onFailure(IMqttToken t, Throwable e) {
                            onExec(() -> connectionLost(gen, "birth message failed: " + describe(e)));
                        }
                    });
        } catch (MqttException e) {
            connectionLost(gen, "birth message failed: " + describe(e));
        }
    }

    private void subscribeCommands(long gen) {
        MqttSubscription sub = new MqttSubscription(options.topics().commandFilter(), QOS);
        // §3.3.1.3 / §3.8.3.1: Retain Handling 1 = send retained commands only for a new subscription, so
        // re-subscribing after each reconnect does not replay a retained command.
        sub.setRetainHandling(1);
        try {
            // Paho 1.2.5's subscribe(..., IMqttMessageListener, ...) fails with IndexOutOfBoundsException
            // when no subscription identifier is set; commands are routed from messageArrived instead.
            client.subscribe(new MqttSubscription[] {sub}, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        Logger.error("Broker refused the command subscription {} with reason 0x{}",
                                sub.getTopic(), Integer.toHexString(codes[0]));
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    onExec(() -> connectionLost(gen, "command subscription failed: " + describe(e)));
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            connectionLost(gen, "command subscription refused: " + describe(e));
        }
    }

    /**
     * On the Paho thread; topics, payloads and properties are untrusted. Returning lets Paho send the
     * PUBACK, so the command is verified (and its nonce committed) and run before it is acknowledged.
     */
    private void onCommandMessage(String topic, MqttMessage message) {
        CommandProcessor.Outcome outcome = commands.process(topic, message.getPayload());
        MqttProperties in = message.getProperties();
        String asked = in == null ? null : in.getResponseTopic();
        String replyTopic = validReplyTopic(asked);
        ObjectNode n = OutboxEvent.JSON.createObjectNode();
        n.put("v", 1);
        n.put("site", options.topics().site());
        n.put("gate", options.topics().gate());
        n.put("status", outcome.status().name());
        outcome.type().ifPresent(t -> n.put("command", t));
        outcome.nonce().ifPresent(x -> n.put("nonce", x));
        String detail = outcome.detail();
        if (replyTopic == null) {
            replyTopic = options.topics().reply(Topics.UNADDRESSED_REPLY);
            detail = (detail.isEmpty() ? "" : detail + "; ") + "no usable response topic ("
                    + (asked == null ? "none given" : Topics.quote(asked)) + "), answered on " + replyTopic;
        }
        if (!detail.isEmpty()) {
            n.put("detail", detail.length() > 400 ? detail.substring(0, 400) : detail);
        }
        outcome.result().ifPresent(r -> n.set("result", r));
        n.put("at", clock.instant().toString());
        MqttProperties props = jsonProperties(null);
        props.setMessageExpiryInterval(REPLY_EXPIRY_SECONDS);
        if (in != null && in.getCorrelationData() != null && in.getCorrelationData().length <= 256) {
            props.setCorrelationData(in.getCorrelationData()); // §4.10.2: echoed unchanged
        }
        PendingReply reply = new PendingReply(replyTopic,
                new MqttMessage(n.toString().getBytes(StandardCharsets.UTF_8), QOS, false, props));
        onExec(() -> {
            if (replies.size() >= MAX_PENDING_REPLIES) {
                replies.poll();
                Logger.warn("More than {} command replies wait for the broker; dropping the oldest", MAX_PENDING_REPLIES);
            }
            replies.add(reply);
            pump();
        });
    }

    /**
     * Replies go only to this gate's own {@code egate/v1/<site>/<gate>/reply/<id>}: the response topic is not
     * signed, and a gate that published wherever a message asked could be made to forge records on
     * {@code .../crossings} or another gate's topics.
     */
    private String validReplyTopic(String asked) {
        if (asked == null) {
            return null;
        }
        String prefix = options.topics().replyFilter();
        prefix = prefix.substring(0, prefix.length() - 1);
        if (!asked.startsWith(prefix)) {
            return null;
        }
        try {
            return options.topics().reply(asked.substring(prefix.length()));
        } catch (TopicException e) {
            return null;
        }
    }

    private void sendReply(long gen, PendingReply r) {
        inFlight++;
        try {
            client.publish(r.topic(), r.message(), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    onExec(() -> {
                        if (gen == generation && connected) {
                            inFlight--;
                            updateStats();
                            pump();
                        }
                    });
                }

                @Override
                public void onFailure(IMqttToken token, Throwable ex) {
                    onExec(() -> connectionLost(gen, "command reply failed: " + describe(ex)));
                }
            });
        } catch (MqttException | RuntimeException ex) {
            connectionLost(gen, "command reply to " + r.topic() + " refused: " + describe(ex));
        }
    }

    private void onConnectFailed(long gen, Throwable e) {
        if (gen != generation || closing) {
            return;
        }
        // A broker that is down for an hour must not flood the log: warn on the first failure and on
        // every tenth, the rest at debug.
        if (attempt % 10 == 0) {
            Logger.warn("MQTT connect to {} failed (attempt {}): {}; events wait in the outbox ({} queued)",
                    options.serverUri(), attempt + 1, describe(e), outbox.depth());
        } else {
            Logger.debug("MQTT connect to {} failed (attempt {}): {}", options.serverUri(), attempt + 1, describe(e));
        }
        dispose(client);
        client = null;
        scheduleReconnect();
    }

    private void connectionLost(long gen, String why) {
        if (gen != generation || !connected || closing) {
            return;
        }
        connected = false;
        inFlight = 0;
        losses.incrementAndGet();
        if (System.nanoTime() - connectedAtNanos > options.maxBackoff().toNanos()) {
            attempt = 0;
        }
        Logger.warn("MQTT connection to {} lost: {}; {} events wait in the outbox", options.serverUri(), why,
                outbox.depth());
        // Everything not acknowledged is claimed again after the reconnect; the outbox thread runs this
        // after any claim already queued, so no stale claim survives it.
        outbox.releaseAll();
        dispose(client);
        client = null;
        generation++;
        updateStats();
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (closing) {
            return;
        }
        long delay = backoffMillis(attempt++, options.initialBackoff(), options.maxBackoff(), random);
        Logger.debug("MQTT reconnect in {} ms", delay);
        exec.schedule(guarded(this::connect), delay, TimeUnit.MILLISECONDS);
    }

    /** Exponential backoff with equal jitter: half of the capped delay fixed, half random. */
    static long backoffMillis(int attempt, Duration initial, Duration max, Random random) {
        long cap = max.toMillis();
        long delay = initial.toMillis();
        for (int i = 0; i < attempt && delay < cap; i++) {
            delay *= 2;
        }
        delay = Math.min(cap, delay);
        long half = delay / 2;
        return half + (long) (random.nextDouble() * (delay - half));
    }

    private static void dispose(MqttAsyncClient c) {
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1000, false);
            }
        } catch (MqttException | RuntimeException e) {
            Logger.debug("MQTT forced disconnect: {}", e.toString());
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException e) {
            Logger.debug("MQTT client close: {}", e.toString());
        }
    }

    // ---- publishing (exec thread) ---------------------------------------------------------------------

    private void pump() {
        if (!connected || !born || closing) {
            return;
        }
        if (claimPending) {
            pumpAgain = true;
            return;
        }
        long gen = generation;
        // Replies first: an operator waits on them, and they are few.
        while (!replies.isEmpty() && inFlight < window && connected) {
            sendReply(gen, replies.poll());
        }
        int room = window - inFlight;
        if (room <= 0 || !connected) {
            return;
        }
        claimPending = true;
        pumpAgain = false;
        outbox.claim(room).whenCompleteAsync((events, err) -> guarded(() -> claimed(gen, room, events, err)).run(), exec);
    }

    private void claimed(long gen, int room, List<OutboxEvent> events, Throwable err) {
        claimPending = false;
        if (err != null) {
            Throwable cause = err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                    ? err.getCause() : err;
            if (cause instanceof OutboxException oe && oe.reason() == OutboxException.Reason.CLOSED) {
                Logger.warn("Outbox closed while the publisher runs; close the publisher first");
                return;
            }
            Logger.error("Outbox claim failed, retrying in 1 s: {}", cause.toString());
            exec.schedule(guarded(this::pump), 1, TimeUnit.SECONDS);
            return;
        }
        {
            if (gen != generation || !connected) {
                return; // released already; they will be claimed again after the reconnect
            }
            for (OutboxEvent e : events) {
                if (!publish(gen, e)) {
                    return;
                }
            }
            if (pumpAgain || events.size() == room) {
                pump();
            }
        }
    }

    private boolean publish(long gen, OutboxEvent e) {
        MqttProperties props = jsonProperties(e.eventId());
        MqttMessage msg = new MqttMessage(e.payloadUnsafe(), QOS, false, props);
        String topic = options.topics().topic(e.stream());
        inFlight++;
        try {
            client.publish(topic, msg, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    onExec(() -> onPuback(gen, e, token));
                }

                @Override
                public void onFailure(IMqttToken token, Throwable ex) {
                    onExec(() -> connectionLost(gen, "publish of event " + e.eventId() + " failed: " + describe(ex)));
                }
            });
            updateStats();
            return true;
        } catch (MqttException | RuntimeException ex) {
            connectionLost(gen, "publish of event " + e.eventId() + " to " + topic + " refused: " + describe(ex));
            return false;
        }
    }

    private void onPuback(long gen, OutboxEvent e, IMqttToken token) {
        int[] codes = token.getReasonCodes();
        int code = codes == null || codes.length == 0 ? 0 : codes[0];
        if (code >= 0x80) {
            // §3.4.2.1: the broker refused the message (not authorised, quota, bad payload format...). The
            // event stays in the outbox; reconnecting with backoff retries it without reordering its stream.
            Logger.warn("Broker refused event {} on stream {} with PUBACK reason 0x{}; it stays queued",
                    e.eventId(), e.stream().segment(), Integer.toHexString(code));
            connectionLost(gen, "PUBACK reason 0x" + Integer.toHexString(code));
            return;
        }
        if (gen == generation && connected) {
            attempt = 0;
        }
        outbox.ack(e).whenComplete((removed, err) -> {
            if (err != null) {
                Logger.error("Deleting acknowledged event {} failed; it will be sent again: {}", e.eventId(), err.toString());
            } else if (removed) {
                // Count events, not PUBACKs: a re-sent event acknowledged twice counts once.
                published.incrementAndGet();
                publishedByStream.get(e.stream()).incrementAndGet();
            }
            // The event leaves the window only once its deletion is durable: a crash re-sends every event the
            // outbox still holds, so counting acknowledged-but-not-yet-deleted events in the window is what keeps
            // the duplicates after a crash within the window (ChaosTest; under load the group commit lags the
            // PUBACKs, and the window would otherwise refill while the deletes queue up).
            onExec(() -> {
                if (gen == generation && connected) {
                    inFlight--;
                    updateStats();
                    pump();
                }
            });
        });
    }

    private void updateStats() {
        stats = new Stats(published.get(), connects.get(), losses.get(), inFlight, connected);
    }

    private byte[] presence(String state) {
        return presencePayload(options.topics(), state, clock.instant());
    }

    /** The presence payload; schema/egate-presence.schema.json describes it. */
    static byte[] presencePayload(Topics topics, String state, java.time.Instant now) {
        ObjectNode n = OutboxEvent.JSON.createObjectNode();
        n.put("state", state);
        n.put("site", topics.site());
        n.put("gate", topics.gate());
        if ("online".equals(state)) {
            n.put("since", now.toString());
        }
        return n.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static MqttProperties jsonProperties(String eventId) {
        MqttProperties p = new MqttProperties();
        p.setPayloadFormat(true); // §3.3.2.3.2: UTF-8 payload
        p.setContentType("application/json");
        if (eventId != null) {
            p.setUserProperties(List.of(new UserProperty("eventId", eventId)));
        }
        return p;
    }

    private static String describe(Throwable e) {
        if (e instanceof MqttException m) {
            return "reason " + m.getReasonCode() + " (" + m.getMessage() + ")"
                    + (m.getCause() != null ? ", cause " + m.getCause() : "");
        }
        return String.valueOf(e);
    }

    private final class Callback implements MqttCallback {
        private final long gen;

        Callback(long gen) {
            this.gen = gen;
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            String why = response.getException() != null ? describe(response.getException())
                    : "broker sent DISCONNECT reason " + response.getReturnCode();
            onExec(() -> connectionLost(gen, why));
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            onExec(() -> connectionLost(gen, "protocol error: " + describe(e)));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // Also covers commands a resumed session delivers before our SUBSCRIBE is even sent.
            if (commands != null) {
                onCommandMessage(topic, message);
            } else {
                Logger.debug("Ignoring message on {}", Topics.quote(topic));
            }
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

    /**
     * Test hook: drops the TCP connection without a DISCONNECT packet, as a crash or a cut cable would, so
     * the broker publishes the Will; the publisher then reconnects as after any connection loss.
     */
    void simulateConnectionCut() throws InterruptedException, ExecutionException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onExec(() -> {
            long gen = generation;
            MqttAsyncClient c = client;
            if (c != null) {
                try {
                    c.disconnectForcibly(0, 0, false);
                } catch (MqttException e) {
                    Logger.debug("forced cut: {}", e.toString());
                }
            }
            connectionLost(gen, "connection cut (test)");
            done.complete(null);
        });
        done.get();
    }

    /**
     * Disconnects with reason 0x04 so the broker publishes the retained offline Will, and stops.
     * Events still queued stay in the outbox for the next start. Does not close the outbox.
     */
    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            exec.execute(() -> {
                closing = true;
                MqttAsyncClient c = client;
                client = null;
                if (c != null && connected) {
                    try {
                        // §3.14.2.1 reason 0x04 "Disconnect with Will Message": the broker publishes our
                        // retained {"state":"offline"} Will, so one message covers crash and clean stop
                        // and no publish competes with a full in-flight window.
                        c.disconnect(CLOSE_TIMEOUT.toMillis(), null, null, DISCONNECT_WITH_WILL, new MqttProperties())
                                .waitForCompletion(CLOSE_TIMEOUT.toMillis());
                    } catch (MqttException | RuntimeException e) {
                        Logger.debug("MQTT clean disconnect failed: {}", e.toString());
                    }
                }
                connected = false;
                generation++;
                dispose(c);
                updateStats();
                done.complete(null);
            });
            done.get(CLOSE_TIMEOUT.toMillis() * 3, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return; // closed already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            Logger.warn("MQTT publisher did not close cleanly: {}", e.toString());
        } finally {
            outbox.onEnqueued(() -> { });
            exec.shutdownNow();
        }
    }
}
