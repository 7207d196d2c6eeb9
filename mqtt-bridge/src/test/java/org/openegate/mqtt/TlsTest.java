package org.openegate.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ssl:// with a pinned CA and a client certificate, against a real Mosquitto that requires one. */
@Timeout(value = 5, unit = TimeUnit.MINUTES) // a hung broker or child process must fail, not stall CI
class TlsTest {

    private static MqttOptions options(String uri, TlsOptions tls) {
        return MqttOptions.builder(uri, Topics.of("tls-site", "t1"))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
                .tls(tls)
                .build();
    }

    @Test
    void mutualTls_withPinnedCa_delivers(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "Test Broker CA");
        List<OutboxEvent> events = TestEvents.events(Stream.CROSSINGS, 50, 31);
        try (Mosquitto mosquitto = Mosquitto.startTls(dir.resolve("mosq"), pki);
             Outbox outbox = Outbox.open(dir.resolve("outbox.db"));
             MqttPublisher publisher = MqttPublisher.start(
                     options(mosquitto.uri(), TlsOptions.mutual(pki.caCert, pki.clientCert, pki.clientKey)),
                     outbox, TestEvents.CLOCK, new SecureRandom())) {
            outbox.enqueueAll(events);
            assertThat(publisher.awaitDrained(Duration.ofSeconds(60))).as(mosquitto.log()).isZero();
            assertThat(publisher.stats().published()).isEqualTo(events.size());
        }
    }

    @Test
    void brokerFromAnotherCa_isRefused_andEventsStayQueued(@TempDir Path dir) throws Exception {
        TestPki real = TestPki.create(dir.resolve("pki"), "Test Broker CA");
        TestPki other = TestPki.create(dir.resolve("other"), "Impostor CA");
        List<OutboxEvent> events = TestEvents.events(Stream.CROSSINGS, 5, 32);
        try (Mosquitto mosquitto = Mosquitto.startTls(dir.resolve("mosq"), real);
             Outbox outbox = Outbox.open(dir.resolve("outbox.db"));
             MqttPublisher publisher = MqttPublisher.start(
                     options(mosquitto.uri(), TlsOptions.mutual(other.caCert, real.clientCert, real.clientKey)),
                     outbox, TestEvents.CLOCK, new Random(1))) {
            outbox.enqueueAll(events);
            assertThat(publisher.awaitDrained(Duration.ofSeconds(2))).isEqualTo(events.size());
            assertThat(publisher.stats().connects()).isZero();
        }
    }

    @Test
    void options_requireTlsForSsl_andRefuseItForTcp(@TempDir Path dir) {
        Topics t = Topics.of("s", "g");
        assertThatThrownBy(() -> MqttOptions.builder("ssl://127.0.0.1:8883", t).build())
                .hasMessageContaining("no TLS options");
        assertThatThrownBy(() -> MqttOptions.builder("tcp://127.0.0.1:1883", t).tls(TlsOptions.pinnedCa(dir)).build())
                .hasMessageContaining("plain tcp://");
        assertThatThrownBy(() -> MqttOptions.builder("ws://127.0.0.1:1883", t).build())
                .hasMessageContaining("tcp:// or ssl://");
        assertThatThrownBy(() -> MqttOptions.builder("tcp://127.0.0.1", t).build())
                .hasMessageContaining("port");
        assertThatThrownBy(() -> MqttOptions.builder("tcp://127.0.0.1:1883", t).maxInFlight(0).build())
                .hasMessageContaining("maxInFlight 0");
    }

    @Test
    void start_refusesUnreadableTlsFiles_asBadConfiguration(@TempDir Path dir) {
        Path missing = dir.resolve("missing-ca.pem");
        try (Outbox outbox = Outbox.open(dir.resolve("outbox.db"))) {
            assertThatThrownBy(() -> MqttPublisher.start(options("ssl://127.0.0.1:8883", TlsOptions.pinnedCa(missing)),
                    outbox, TestEvents.CLOCK, new Random(1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(missing.toString());
        }
    }

    @Test
    void keyFile_problemsNameTheFile_neverTheKey(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "Test CA");
        Path notAKey = dir.resolve("bad.key");
        Files.writeString(notAKey, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(() -> TlsContexts.socketFactory(TlsOptions.mutual(pki.caCert, pki.clientCert, notAKey),
                new SecureRandom()))
                .hasMessageContaining(notAKey.toString())
                .hasMessageContaining("PKCS#8")
                .hasMessageNotContaining("AAAA");
    }
}
