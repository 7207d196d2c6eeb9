package org.openegate.mqtt;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Watches, inside the embedded broker, every PUBLISH that arrives on a topic ending in {@code suffix}.
 * Unlike a subscriber it cannot miss messages that arrive before it subscribes, so tests that start the
 * broker late stay deterministic.
 */
final class BrokerTap {

    private final String suffix;
    private final Set<String> ids = new LinkedHashSet<>();
    private long publishes;

    BrokerTap(String suffix) {
        this.suffix = suffix;
    }

    EmbeddedExtension extension() {
        return EmbeddedExtension.builder()
                .withId("egate-test-tap").withName("egate test tap").withVersion("1")
                .withExtensionMain(new ExtensionMain() {
                    @Override
                    public void extensionStart(ExtensionStartInput in, ExtensionStartOutput out) {
                        Services.initializerRegistry().setClientInitializer((init, client) ->
                                client.addPublishInboundInterceptor((pin, pout) -> {
                                    var packet = pin.getPublishPacket();
                                    if (packet.getTopic().endsWith(suffix)) {
                                        seen(packet.getUserProperties().getFirst("eventId").orElse("<none>"));
                                    }
                                }));
                    }

                    @Override
                    public void extensionStop(ExtensionStopInput in, ExtensionStopOutput out) {
                    }
                })
                .build();
    }

    private synchronized void seen(String id) {
        publishes++;
        ids.add(id);
        notifyAll();
    }

    synchronized List<String> ids() {
        return new ArrayList<>(ids);
    }

    synchronized long publishes() {
        return publishes;
    }

    synchronized long awaitDistinct(long n, Duration timeout) throws InterruptedException {
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
}
