package org.openegate.gate.service;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.openegate.gate.device.CardEvent;
import org.openegate.gate.device.CardEvents;
import org.openegate.gate.device.DeviceException;
import org.tinylog.Logger;

/**
 * The chip reader on the event bus: every card insert/remove and reader hot-plug event of the {@link CardEvents}
 * source (PC/SC's monitor on a gate, {@code SimulatedCardReader} in simulation) is published on
 * {@link GateAddresses#CHIP}; the chip session itself (BAC/PACE keys, APDUs, data groups) stays in-process in the
 * pipeline's {@code ChipConnector}.
 *
 * <p>Health follows the reader the gate is configured for: UP while a reader of that name (exactly, or the one
 * reader whose name contains it, as {@code PcscChipConnector} picks it) is attached, or any reader when none is
 * named; DOWN with NOT_CONNECTED when it is unplugged or pcscd goes away, UP again when it comes back.
 */
final class ChipReaderVerticle extends AbstractVerticle {

    static final String DEVICE = "chip";

    private final CardEvents events;
    private final Optional<String> readerName;
    private final Set<String> readers = new LinkedHashSet<>();
    private AutoCloseable subscription;
    private Boolean up;

    ChipReaderVerticle(CardEvents events, Optional<String> readerName) {
        this.events = Objects.requireNonNull(events, "events");
        this.readerName = Objects.requireNonNull(readerName, "readerName");
    }

    @Override
    public void start(Promise<Void> started) {
        // the present state is replayed into this listener first, on the caller's thread: hop onto the context
        subscription = events.addListener(event -> context.runOnContext(v -> onEvent(event)));
        context.runOnContext(v -> updateHealth()); // after the replayed events: health of the state at start
        started.complete();
    }

    private void onEvent(CardEvent event) {
        switch (event.type()) {
            case READER_ADDED -> readers.add(event.reader());
            case READER_REMOVED -> readers.remove(event.reader());
            default -> {
            }
        }
        vertx.eventBus().publish(GateAddresses.CHIP, new JsonObject().put("device", DEVICE)
                .put("event", event.type().name()).put("reader", event.reader()));
        // the replayed present state is judged once, whole (start's own updateHealth): judged reader by reader, the
        // first of two replayed readers would make a configured second one look unplugged for a moment
        if (up != null && (event.type() == CardEvent.Type.READER_ADDED
                || event.type() == CardEvent.Type.READER_REMOVED)) {
            updateHealth();
        }
    }

    private void updateHealth() {
        boolean now = attached();
        if (up != null && up == now) {
            return;
        }
        up = now;
        if (now) {
            vertx.eventBus().publish(GateAddresses.DEVICE_HEALTH, DeviceHealth.up(DEVICE));
        } else {
            String wanted = readerName.map(n -> "no reader '" + n + "'").orElse("no chip reader");
            Logger.warn("chip reader DOWN: {} (readers: {})", wanted, readers);
            vertx.eventBus().publish(GateAddresses.DEVICE_HEALTH, DeviceHealth.down(DEVICE,
                    DeviceException.Reason.NOT_CONNECTED.name(), wanted + " attached; readers: " + readers));
        }
    }

    private boolean attached() {
        if (readerName.isEmpty()) {
            return !readers.isEmpty();
        }
        String name = readerName.get();
        if (readers.contains(name)) {
            return true;
        }
        List<String> containing = readers.stream().filter(r -> r.contains(name)).toList();
        return containing.size() == 1;
    }

    @Override
    public void stop() throws Exception {
        if (subscription != null) {
            subscription.close();
        }
    }
}
