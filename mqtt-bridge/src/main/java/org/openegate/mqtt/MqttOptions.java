package org.openegate.mqtt;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link MqttPublisher} reaches its broker. Validated whole at construction; use {@link #builder}.
 *
 * @param serverUri      {@code tcp://host:port} or {@code ssl://host:port}
 * @param topics         the gate's topics (site and gate id)
 * @param clientId       MQTT client id; stable across restarts so the broker resumes the session
 * @param sessionExpiry  how long the broker keeps the session after a disconnect (MQTT 5 §3.1.2.11.2)
 * @param keepAlive      keep-alive interval (§3.1.2.10)
 * @param connectTimeout how long one connect attempt may take
 * @param maxInFlight    most unacknowledged QoS 1 publishes; capped further by the broker's Receive Maximum
 * @param initialBackoff first reconnect delay; doubles per failed attempt, with jitter
 * @param maxBackoff     ceiling of the reconnect delay
 * @param tls            CA pin and client certificate; required for {@code ssl://}, refused for {@code tcp://}
 */
public record MqttOptions(
        String serverUri,
        Topics topics,
        String clientId,
        Duration sessionExpiry,
        Duration keepAlive,
        Duration connectTimeout,
        int maxInFlight,
        Duration initialBackoff,
        Duration maxBackoff,
        Optional<TlsOptions> tls) {

    public MqttOptions {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(sessionExpiry, "sessionExpiry");
        Objects.requireNonNull(keepAlive, "keepAlive");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(tls, "tls");
        URI uri;
        try {
            uri = new URI(serverUri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("server URI " + Topics.quote(serverUri) + " is not a URI: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (!"tcp".equals(scheme) && !"ssl".equals(scheme)) {
            throw new IllegalArgumentException("server URI " + Topics.quote(serverUri) + " must start with tcp:// or ssl://");
        }
        if (uri.getHost() == null || uri.getPort() < 1 || uri.getPort() > 65535) {
            throw new IllegalArgumentException("server URI " + Topics.quote(serverUri) + " needs a host and a port 1..65535");
        }
        if ("ssl".equals(scheme) && tls.isEmpty()) {
            throw new IllegalArgumentException("server URI " + serverUri + " is ssl:// but no TLS options (CA pin) were given");
        }
        if ("tcp".equals(scheme) && tls.isPresent()) {
            throw new IllegalArgumentException("TLS options were given but server URI " + serverUri + " is plain tcp://");
        }
        // MQTT 5 §3.1.3.1: 1..23 characters of [0-9a-zA-Z] must be accepted; brokers accept more, but we
        // keep to printable ASCII without wildcards so ids stay easy to put in ACLs.
        if (clientId.isEmpty() || clientId.length() > 128 || !clientId.chars().allMatch(c -> c > 0x20 && c < 0x7f
                && c != '+' && c != '#' && c != '/')) {
            throw new IllegalArgumentException("client id " + Topics.quote(clientId)
                    + " must be 1..128 printable ASCII characters without + # /");
        }
        long expiry = sessionExpiry.getSeconds();
        if (sessionExpiry.isNegative() || expiry > 0xFFFF_FFFEL) {
            throw new IllegalArgumentException("session expiry " + sessionExpiry + " is outside 0..4294967294 s");
        }
        if (keepAlive.isNegative() || keepAlive.getSeconds() > 65535) {
            throw new IllegalArgumentException("keep-alive " + keepAlive + " is outside 0..65535 s");
        }
        if (connectTimeout.getSeconds() < 1 || connectTimeout.getSeconds() > 600) {
            throw new IllegalArgumentException("connect timeout " + connectTimeout + " is outside 1..600 s");
        }
        if (maxInFlight < 1 || maxInFlight > 65535) {
            throw new IllegalArgumentException("maxInFlight " + maxInFlight + " is outside 1..65535");
        }
        if (initialBackoff.toMillis() < 1 || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff " + initialBackoff + ".." + maxBackoff
                    + " must start at 1 ms or more and not shrink");
        }
    }

    /** Options with defaults: client id {@code egate-<site>-<gate>}, session expiry 1 day, keep-alive 30 s,
     * connect timeout 10 s, 32 in flight, backoff 500 ms doubling to 30 s. */
    public static Builder builder(String serverUri, Topics topics) {
        return new Builder(serverUri, topics);
    }

    /** Builds {@link MqttOptions}; nothing is checked until {@link #build()}. */
    public static final class Builder {
        private final String serverUri;
        private final Topics topics;
        private String clientId;
        private Duration sessionExpiry = Duration.ofDays(1);
        private Duration keepAlive = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxInFlight = 32;
        private Duration initialBackoff = Duration.ofMillis(500);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private TlsOptions tls;

        private Builder(String serverUri, Topics topics) {
            this.serverUri = serverUri;
            this.topics = topics;
        }

        public Builder clientId(String v) { this.clientId = v; return this; }
        public Builder sessionExpiry(Duration v) { this.sessionExpiry = v; return this; }
        public Builder keepAlive(Duration v) { this.keepAlive = v; return this; }
        public Builder connectTimeout(Duration v) { this.connectTimeout = v; return this; }
        public Builder maxInFlight(int v) { this.maxInFlight = v; return this; }
        public Builder backoff(Duration initial, Duration max) { this.initialBackoff = initial; this.maxBackoff = max; return this; }
        public Builder tls(TlsOptions v) { this.tls = v; return this; }

        public MqttOptions build() {
            String id = clientId != null ? clientId
                    : topics == null ? "" : "egate-" + topics.site() + "-" + topics.gate();
            return new MqttOptions(serverUri, topics, id, sessionExpiry, keepAlive, connectTimeout, maxInFlight,
                    initialBackoff, maxBackoff, Optional.ofNullable(tls));
        }
    }
}
