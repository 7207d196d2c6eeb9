package org.openegate.gate.service;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.openegate.gate.device.DeviceException;
import org.openegate.gate.device.MrzReader;
import org.tinylog.Logger;

/**
 * The document reader on the event bus. When the gate enters DOCUMENT it reads the MRZ on a worker, leaves the
 * lines in the {@link MrzSlot} for that transaction and publishes {@code DOCUMENT_PRESENTED} with a random read id
 * on {@link GateAddresses#MRZ_DOCUMENT} (or {@code READ_FAILED} with the reason); the lines never touch the bus.
 * The same verticle runs on the serial driver and on the simulation's scripted reader, so both speak one contract.
 *
 * <p>Health: the port is probed once a period (its device node gone = unplugged) and a read that fails with
 * NOT_CONNECTED counts too; either publishes DOWN on {@link GateAddresses#DEVICE_HEALTH} and closes the port. The
 * verticle then tries to open it again every period and publishes UP when it could. One read at a time: a
 * transaction that starts while a read is still running takes that read's document (it was presented after the
 * earlier transaction ended).
 */
final class MrzReaderVerticle extends AbstractVerticle {

    static final String DEVICE = "mrz";

    private final MrzSlot slot;
    private final Optional<DriverOpener<? extends MrzReader>> reopen;
    private final Predicate<MrzReader> present;
    private final long periodMs;
    private final SecureRandom random;
    private MrzReader reader;
    private boolean up = true;
    private boolean reading;
    private boolean opening;

    /**
     * @param reader the opened driver
     * @param reopen opens the driver again after it went away; empty for a device that cannot go (the simulation)
     * @param present whether the driver's device is still there (probed once a period, must not block)
     * @param periodMs how often presence is probed and a lost device reopened
     */
    MrzReaderVerticle(MrzReader reader, Optional<DriverOpener<? extends MrzReader>> reopen,
            Predicate<MrzReader> present, MrzSlot slot, long periodMs, SecureRandom random) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.reopen = Objects.requireNonNull(reopen, "reopen");
        this.present = Objects.requireNonNull(present, "present");
        this.slot = Objects.requireNonNull(slot, "slot");
        this.periodMs = periodMs;
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public void start(Promise<Void> started) {
        vertx.eventBus().<JsonObject>consumer(GateAddresses.STATE, message -> onState(message.body()));
        vertx.setPeriodic(periodMs, id -> probe());
        publishHealth(DeviceHealth.up(DEVICE));
        started.complete();
    }

    private void onState(JsonObject state) {
        String name = state.getString("state", "");
        String transactionId = state.getString("transactionId");
        switch (name) {
            case "DOCUMENT" -> {
                if (transactionId != null) {
                    slot.expect(transactionId);
                    read();
                }
            }
            case "CHIP", "FACE", "DECIDING" -> {
                // the pipeline has taken the read, or will fail its own wait
            }
            default -> slot.clear(); // the traveller left or the transaction ended: nothing is kept for them
        }
    }

    private void read() {
        if (reading) {
            return; // the running read goes to the transaction waiting when it completes
        }
        if (!up) {
            slot.fail(new DeviceException(DeviceException.Reason.NOT_CONNECTED, "the MRZ reader is down"))
                    .ifPresent(id -> publishFailure(id, DeviceException.Reason.NOT_CONNECTED));
            return;
        }
        reading = true;
        MrzReader current = reader;
        vertx.<List<String>>executeBlocking(current::readLines, false).onComplete(done -> {
            reading = false;
            if (done.succeeded()) {
                Optional<String> transaction = slot.fill(done.result());
                if (transaction.isPresent()) {
                    vertx.eventBus().publish(GateAddresses.MRZ_DOCUMENT, new JsonObject().put("device", DEVICE)
                            .put("event", "DOCUMENT_PRESENTED").put("transactionId", transaction.get())
                            .put("readId", readId()));
                } else {
                    Logger.info("an MRZ was read with no transaction waiting; dropped");
                }
            } else {
                DeviceException failure = done.cause() instanceof DeviceException e ? e
                        : new DeviceException(DeviceException.Reason.IO_ERROR, "MRZ read failed: "
                                + done.cause().getMessage(), done.cause());
                slot.fail(failure).ifPresent(id -> publishFailure(id, failure.reason()));
                if (failure.reason() == DeviceException.Reason.NOT_CONNECTED && current == reader) {
                    lost(failure);
                }
            }
            if (slot.awaiting()) {
                read(); // a newer transaction came while this read ran
            }
        });
    }

    private void probe() {
        if (up) {
            if (!present.test(reader)) {
                lost(new DeviceException(DeviceException.Reason.NOT_CONNECTED, "the MRZ reader's port is gone"));
            }
            return;
        }
        if (opening || reopen.isEmpty()) {
            return;
        }
        opening = true;
        vertx.<MrzReader>executeBlocking(() -> reopen.get().open(), false).onComplete(opened -> {
            opening = false;
            if (opened.succeeded()) {
                reader = opened.result();
                up = true;
                Logger.info("MRZ reader back");
                publishHealth(DeviceHealth.up(DEVICE));
                if (slot.awaiting()) {
                    read();
                }
            }
        });
    }

    private void lost(DeviceException why) {
        if (!up) {
            return;
        }
        up = false;
        closeReader(reader); // ends a read in progress with NOT_CONNECTED
        publishHealth(DeviceHealth.down(DEVICE, why));
    }

    private void publishFailure(String transactionId, DeviceException.Reason reason) {
        vertx.eventBus().publish(GateAddresses.MRZ_DOCUMENT, new JsonObject().put("device", DEVICE)
                .put("event", "READ_FAILED").put("transactionId", transactionId).put("reason", reason.name()));
    }

    private void publishHealth(JsonObject health) {
        vertx.eventBus().publish(GateAddresses.DEVICE_HEALTH, health);
    }

    /** A random handle for one read: says a document was read, reveals nothing of it. */
    private String readId() {
        byte[] id = new byte[12];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static void closeReader(MrzReader reader) {
        if (reader instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                Logger.warn("closing the MRZ reader failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public void stop() {
        closeReader(reader);
        slot.clear();
    }
}
