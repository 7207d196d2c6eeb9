package org.openegate.provisioning.enrol;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.openegate.provisioning.enrol.EnrolmentException.Reason;
import org.tinylog.Logger;

/**
 * One MQTT 5 connection over mutual TLS with in-memory credentials (the device key never goes to a temporary
 * file), trusting only the fleet CA for the broker's certificate. Provisioning connections are short and clean:
 * no session state survives them.
 */
final class MqttLink implements AutoCloseable {

    /** What to do with each received message; runs on Paho's callback thread. */
    @FunctionalInterface
    interface Receiver {
        void received(String topic, byte[] payload);
    }

    /** Largest provisioning message accepted (a CSR, certificates and initial bundles fit easily). */
    static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    private final MqttAsyncClient client;
    private final long timeoutMillis;
    private final String user;
    private final java.util.concurrent.CompletableFuture<Integer> disconnection;

    private MqttLink(MqttAsyncClient client, long timeoutMillis, String user,
            java.util.concurrent.CompletableFuture<Integer> disconnection) {
        this.client = client;
        this.timeoutMillis = timeoutMillis;
        this.user = user;
        this.disconnection = disconnection;
    }

    static MqttLink connect(String uri, Credentials credentials, X509Certificate trustAnchor, Receiver receiver,
            int maxInflight, Duration timeout, SecureRandom random) {
        String user = credentials.commonName();
        byte[] suffix = new byte[6];
        random.nextBytes(suffix);
        String clientId = user + "-" + HexFormat.of().formatHex(suffix);
        MqttAsyncClient client;
        java.util.concurrent.CompletableFuture<Integer> disconnection = new java.util.concurrent.CompletableFuture<>();
        try {
            client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new EnrolmentException(Reason.BAD_CONFIGURATION, "broker URI " + uri + ": " + e.getMessage(), e);
        }
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                byte[] payload = message.getPayload();
                if (payload.length > MAX_MESSAGE_BYTES) {
                    Logger.warn("Dropped a {}-byte message on {} (limit {})", payload.length, topic, MAX_MESSAGE_BYTES);
                    return;
                }
                receiver.received(topic, payload);
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
                Logger.debug("MQTT {} disconnected: {}", user, response);
                disconnection.complete(response.getReturnCode());
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                Logger.debug("MQTT {} error: {}", user, exception.toString());
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setSessionExpiryInterval(0L);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout((int) Math.max(1, timeout.toSeconds()));
        options.setKeepAliveInterval(60);
        options.setReceiveMaximum(Math.min(65535, Math.max(maxInflight, 10)));
        options.setMaximumPacketSize((long) MAX_MESSAGE_BYTES + 64 * 1024);
        options.setSocketFactory(socketFactory(credentials, trustAnchor, random));
        try {
            client.connect(options).waitForCompletion(timeout.toMillis());
            if (!client.isConnected()) {
                throw new EnrolmentException(Reason.TIMEOUT, "no CONNACK from " + uri + " for " + user + " in " + timeout);
            }
        } catch (MqttException e) {
            closeQuietly(client);
            throw new EnrolmentException(Reason.BROKER, "broker " + uri + " refused " + user + ": " + describe(e), e);
        }
        return new MqttLink(client, timeout.toMillis(), user, disconnection);
    }

    private static String describe(MqttException e) {
        Throwable cause = e.getCause();
        return e.getMessage() + " (code " + e.getReasonCode() + ")"
                + (cause == null ? "" : ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    static SSLSocketFactory socketFactory(Credentials credentials, X509Certificate trustAnchor, SecureRandom random) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("fleet-ca", trustAnchor);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            char[] none = new char[0];
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", credentials.key(), none, new Certificate[] {credentials.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, none);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), random);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new EnrolmentException(Reason.BAD_CONFIGURATION, "cannot set up TLS for "
                    + credentials.certificate().getSubjectX500Principal().getName() + ": " + e.getMessage(), e);
        }
    }

    String user() {
        return user;
    }

    /** Subscribes at QoS 1 and returns the broker's SUBACK reason code (MQTT 5 §3.9.3: 0x80 and up refuse). */
    int subscribe(String filter) {
        IMqttToken token;
        try {
            token = client.subscribe(new MqttSubscription(filter, 1));
        } catch (MqttException e) {
            throw new EnrolmentException(Reason.BROKER, user + " cannot subscribe to " + filter + ": " + describe(e), e);
        }
        return reasonCode(token, 0x80, "subscribing to " + filter);
    }

    /**
     * Waits for the acknowledgement of {@code token} and returns its first reason code ({@code none} when it has
     * none). Paho reports a refusing SUBACK or PUBACK as an exception carrying the code; that is returned too.
     */
    private int reasonCode(IMqttToken token, int none, String what) {
        try {
            token.waitForCompletion(timeoutMillis);
            int[] codes = token.getReasonCodes();
            return codes == null || codes.length == 0 ? none : codes[0];
        } catch (MqttException e) {
            if (e.getReasonCode() >= 0x80) {
                return e.getReasonCode();
            }
            throw new EnrolmentException(Reason.BROKER, user + " " + what + ": " + describe(e), e);
        }
    }

    /** Subscribes and fails unless the broker granted it. */
    void subscribeOrFail(String filter) {
        int code = subscribe(filter);
        if (code >= 0x80) {
            throw new EnrolmentException(Reason.BROKER, "the broker refused " + user + " the subscription " + filter
                    + " (reason code 0x" + Integer.toHexString(code) + ")");
        }
    }

    /** Publishes at QoS 1 without waiting; the token completes at PUBACK. */
    IMqttToken publish(String topic, byte[] payload) {
        try {
            return client.publish(topic, payload, 1, false);
        } catch (MqttException e) {
            throw new EnrolmentException(Reason.BROKER, user + " cannot publish to " + topic + ": " + describe(e), e);
        }
    }

    /**
     * Publishes at QoS 1 without waiting, or returns null when the broker's Receive Maximum (MQTT 5 §3.2.2.3.3) is
     * reached: the caller waits for an earlier PUBACK and tries again.
     */
    IMqttToken tryPublish(String topic, byte[] payload) {
        try {
            return client.publish(topic, payload, 1, false);
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                return null;
            }
            throw new EnrolmentException(Reason.BROKER, user + " cannot publish to " + topic + ": " + describe(e), e);
        }
    }

    /** Publishes at QoS 1 and waits for the PUBACK. */
    void publishAndWait(String topic, byte[] payload) {
        try {
            publish(topic, payload).waitForCompletion(timeoutMillis);
        } catch (MqttException e) {
            throw new EnrolmentException(Reason.BROKER, user + " publishing to " + topic + ": " + describe(e), e);
        }
    }

    /**
     * Publishes at QoS 1, waits for the PUBACK and returns its reason code (MQTT 5 §3.4.2.1: 0x00 or 0x10 accept,
     * 0x80 and up refuse, 0x87 not authorised).
     */
    int publishForReasonCode(String topic, byte[] payload) {
        return reasonCode(publish(topic, payload), 0, "publishing to " + topic);
    }

    /**
     * Completes when the broker (or the network) ends the connection, with the DISCONNECT reason code (MQTT 5
     * §3.14.2.1; 0x98 administrative action when the broker's dynamic security deleted the user).
     */
    java.util.concurrent.CompletableFuture<Integer> disconnection() {
        return disconnection;
    }

    boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() {
        closeQuietly(client);
    }

    private static void closeQuietly(MqttAsyncClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect(2000).waitForCompletion(2000);
                // Paho's disconnect thread is still shutting the connection down when the token completes, and
                // close() under it makes that thread fail with a NullPointerException. A cleanly disconnected
                // client holds no thread or socket any more; memory persistence needs no closing.
                return;
            }
        } catch (MqttException | RuntimeException e) {
            Logger.debug("MQTT disconnect: {}", e.toString());
            try {
                client.disconnectForcibly(0, 500, false);
            } catch (MqttException | RuntimeException ignored) {
                // already gone
            }
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            Logger.debug("MQTT close: {}", e.toString());
        }
    }
}
