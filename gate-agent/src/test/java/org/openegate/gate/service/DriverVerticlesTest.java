package org.openegate.gate.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.openegate.gate.service.GateServiceRealDriversTest.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openegate.gate.device.CameraFrame;
import org.openegate.gate.device.CardEvent;
import org.openegate.gate.device.CardEvents;
import org.openegate.gate.device.DeviceException;
import org.openegate.gate.device.LiveCamera;
import org.openegate.gate.device.MrzReader;
import org.openegate.gate.sim.ScriptedMrzReader;

/**
 * Each driver verticle's contract on a real event bus, driven by the drivers' simulated twins (the scripted MRZ
 * reader) or by small scripted devices where a twin cannot be unplugged: what it publishes, that personal data
 * stays off the bus, DOWN when the device goes and UP when it comes back; and the supervisor's FAULT and RESET.
 * The real drivers behind the same verticles are {@code GateServiceRealDriversTest}'s.
 */
class DriverVerticlesTest {

    private static final List<String> MRZ = List.of("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
            "L898902C36UTO7408122F1204159ZE184226B<<<<<10");
    private static final long WAIT_S = 20;

    private final Vertx vertx = Vertx.vertx();
    private final List<JsonObject> bus = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(WAIT_S, TimeUnit.SECONDS);
    }

    private void listen(String... addresses) {
        for (String address : addresses) {
            vertx.eventBus().<JsonObject>consumer(address, m -> bus.add(m.body().copy().put("address", address)));
        }
    }

    private void deploy(io.vertx.core.Verticle verticle) throws Exception {
        vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(WAIT_S, TimeUnit.SECONDS);
    }

    private JsonObject awaitMessage(String what, java.util.function.Predicate<JsonObject> match)
            throws InterruptedException {
        await(what, () -> bus.stream().anyMatch(match));
        return bus.stream().filter(match).findFirst().orElseThrow();
    }

    private static java.util.function.Predicate<JsonObject> health(String device, String status) {
        return m -> GateAddresses.DEVICE_HEALTH.equals(m.getString("address")) && device.equals(m.getString("device"))
                && status.equals(m.getString("status"));
    }

    @Test
    void mrzSlot_givesARead_toItsTransaction_once() throws Exception {
        AtomicReference<Optional<String>> transaction = new AtomicReference<>(Optional.of("t1"));
        MrzSlot slot = new MrzSlot(transaction::get, Duration.ofMillis(200));
        assertThat(slot.fill(MRZ)).as("nobody waits: the read is dropped").isEmpty();

        slot.expect("t1");
        assertThat(slot.awaiting()).isTrue();
        assertThat(slot.fill(MRZ)).contains("t1");
        assertThat(slot.toString()).doesNotContain("L898902C3").doesNotContain("ERIKSSON").contains("redacted");
        assertThat(slot.reader().readLines()).isEqualTo(MRZ);
        assertThatThrownBy(slot::take).as("single use").isInstanceOf(DeviceException.class)
                .hasMessageContaining("TIMEOUT").hasMessageContaining("t1");

        // a read left for t2 is not handed to t3: a new transaction drops it
        slot.expect("t2");
        slot.fill(MRZ);
        slot.expect("t3");
        transaction.set(Optional.of("t3"));
        assertThatThrownBy(slot::take).isInstanceOf(DeviceException.class).hasMessageContaining("TIMEOUT");

        // nor to a transaction it was not made for
        slot.fill(MRZ);
        transaction.set(Optional.of("t4"));
        assertThatThrownBy(slot::take).isInstanceOf(DeviceException.class).hasMessageContaining("t4");

        // the driver's failure reaches the pipeline with its reason
        slot.expect("t4");
        slot.fail(new DeviceException(DeviceException.Reason.NOT_CONNECTED, "port gone"));
        assertThatThrownBy(slot::take).isInstanceOfSatisfying(DeviceException.class,
                e -> assertThat(e.reason()).isEqualTo(DeviceException.Reason.NOT_CONNECTED));

        slot.expect("t5");
        slot.fill(MRZ);
        slot.clear(); // the traveller left
        transaction.set(Optional.of("t5"));
        assertThatThrownBy(slot::take).isInstanceOf(DeviceException.class).hasMessageContaining("TIMEOUT");
    }

    @Test
    void mrzVerticle_publishesAnOpaqueRead_goesDownWithItsPort_andRecovers() throws Exception {
        listen(GateAddresses.MRZ_DOCUMENT, GateAddresses.DEVICE_HEALTH);
        AtomicReference<Optional<String>> transaction = new AtomicReference<>(Optional.empty());
        MrzSlot slot = new MrzSlot(transaction::get, Duration.ofSeconds(WAIT_S));
        AtomicBoolean plugged = new AtomicBoolean(true);
        AtomicInteger opened = new AtomicInteger();
        DriverOpener<MrzReader> reopen = () -> {
            if (!plugged.get()) {
                throw new DeviceException(DeviceException.Reason.NOT_CONNECTED, "no such port");
            }
            opened.incrementAndGet();
            return new ScriptedMrzReader(MRZ);
        };
        deploy(new MrzReaderVerticle(new ScriptedMrzReader(MRZ), Optional.of(reopen), reader -> plugged.get(), slot,
                20, new SecureRandom()));
        awaitMessage("UP at start", health("mrz", "UP"));

        transaction.set(Optional.of("t1"));
        vertx.eventBus().publish(GateAddresses.STATE, new JsonObject().put("state", "DOCUMENT").put("mode", "OPEN")
                .put("transactionId", "t1"));
        assertThat(slot.reader().readLines()).isEqualTo(MRZ);
        JsonObject presented = awaitMessage("document presented", m -> "DOCUMENT_PRESENTED".equals(
                m.getString("event")));
        assertThat(presented.fieldNames()).containsExactlyInAnyOrder("device", "event", "transactionId", "readId",
                "address");
        assertThat(presented.getString("transactionId")).isEqualTo("t1");
        assertThat(presented.getString("readId")).matches("[0-9a-f]{24}");

        plugged.set(false); // the reader's USB cable pulled
        JsonObject down = awaitMessage("DOWN", health("mrz", "DOWN"));
        assertThat(down.getString("reason")).isEqualTo("NOT_CONNECTED");
        transaction.set(Optional.of("t2"));
        vertx.eventBus().publish(GateAddresses.STATE, new JsonObject().put("state", "DOCUMENT").put("mode", "OPEN")
                .put("transactionId", "t2"));
        assertThatThrownBy(slot::take).isInstanceOfSatisfying(DeviceException.class,
                e -> assertThat(e.reason()).isEqualTo(DeviceException.Reason.NOT_CONNECTED));
        awaitMessage("read failed", m -> "READ_FAILED".equals(m.getString("event"))
                && "t2".equals(m.getString("transactionId")) && "NOT_CONNECTED".equals(m.getString("reason")));
        assertThat(opened).hasValue(0);

        plugged.set(true);
        await("UP again", () -> bus.stream().filter(health("mrz", "UP")).count() == 2);
        assertThat(opened).hasValue(1);
        assertThat(bus.toString()).doesNotContain("ERIKSSON").doesNotContain("L898902C3");
    }

    /** A reader list the test changes, with CardEvents' contract: the present state replayed to a new listener. */
    private static final class ScriptedReaders implements CardEvents {
        private final Map<String, Boolean> readers = new LinkedHashMap<>();
        private final List<Consumer<CardEvent>> listeners = new CopyOnWriteArrayList<>();

        synchronized void event(CardEvent.Type type, String reader) {
            switch (type) {
                case READER_ADDED -> readers.put(reader, false);
                case READER_REMOVED -> readers.remove(reader);
                case CARD_INSERTED -> readers.put(reader, true);
                case CARD_REMOVED -> readers.put(reader, false);
                default -> throw new IllegalArgumentException(type.name());
            }
            CardEvent event = new CardEvent(type, reader, Instant.EPOCH);
            listeners.forEach(l -> l.accept(event));
        }

        @Override
        public synchronized AutoCloseable addListener(Consumer<CardEvent> listener) {
            readers.forEach((reader, card) -> {
                listener.accept(new CardEvent(CardEvent.Type.READER_ADDED, reader, Instant.EPOCH));
                if (card) {
                    listener.accept(new CardEvent(CardEvent.Type.CARD_INSERTED, reader, Instant.EPOCH));
                }
            });
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        @Override
        public synchronized List<String> readers() {
            return new ArrayList<>(readers.keySet());
        }

        @Override
        public synchronized boolean cardPresent(String reader) {
            return Boolean.TRUE.equals(readers.get(reader));
        }

        @Override
        public void close() {
            listeners.clear();
        }
    }

    @Test
    void chipVerticle_publishesCardEvents_andFollowsItsReader() throws Exception {
        listen(GateAddresses.CHIP, GateAddresses.DEVICE_HEALTH);
        ScriptedReaders readers = new ScriptedReaders();
        readers.event(CardEvent.Type.READER_ADDED, "ACS ACR1252 00 00");
        readers.event(CardEvent.Type.READER_ADDED, "Gate reader 01 00");
        deploy(new ChipReaderVerticle(readers, Optional.of("Gate reader")));
        awaitMessage("UP: the configured reader is attached", health("chip", "UP"));

        readers.event(CardEvent.Type.CARD_INSERTED, "Gate reader 01 00");
        JsonObject inserted = awaitMessage("card inserted", m -> "CARD_INSERTED".equals(m.getString("event")));
        assertThat(inserted).isEqualTo(new JsonObject().put("device", "chip").put("event", "CARD_INSERTED")
                .put("reader", "Gate reader 01 00").put("address", GateAddresses.CHIP));

        readers.event(CardEvent.Type.READER_REMOVED, "Gate reader 01 00"); // unplugged
        JsonObject down = awaitMessage("DOWN", health("chip", "DOWN"));
        assertThat(down.getString("reason")).isEqualTo("NOT_CONNECTED");
        assertThat(down.getString("detail")).contains("Gate reader").contains("ACS ACR1252 00 00");

        readers.event(CardEvent.Type.READER_ADDED, "Gate reader 02 00"); // back, on another USB port
        await("UP again", () -> bus.stream().filter(health("chip", "UP")).count() == 2);
    }

    /** A camera whose grab thread the test controls: while live, every look finds a new frame. */
    private static final class ScriptedCamera implements LiveCamera {
        private static final AtomicInteger CAMERAS = new AtomicInteger();
        final int id = CAMERAS.incrementAndGet();
        final AtomicLong grabbed = new AtomicLong();
        volatile boolean live = true;
        volatile boolean grabbing = true;
        volatile boolean closed;

        @Override
        public byte[] capture() throws DeviceException {
            if (closed) {
                throw new DeviceException(DeviceException.Reason.NOT_CONNECTED, "closed");
            }
            return new byte[] {(byte) id};
        }

        @Override
        public long grabbed() {
            return live ? grabbed.incrementAndGet() : grabbed.get();
        }

        @Override
        public boolean grabbing() {
            return grabbing && !closed;
        }

        @Override
        public Optional<CameraFrame> latest() {
            return Optional.empty();
        }

        @Override
        public CameraFrame next(Duration timeout) throws DeviceException {
            throw new DeviceException(DeviceException.Reason.TIMEOUT, "scripted");
        }

        @Override
        public AutoCloseable stream(Consumer<CameraFrame> listener) {
            return () -> {
            };
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void cameraVerticle_countsFrames_isDownWhenTheyStopOrTheDeviceGoes_andReopens() throws Exception {
        listen(GateAddresses.CAMERA, GateAddresses.DEVICE_HEALTH);
        ScriptedCamera first = new ScriptedCamera();
        List<ScriptedCamera> reopened = new CopyOnWriteArrayList<>();
        AtomicBoolean plugged = new AtomicBoolean(true);
        DriverOpener<LiveCamera> reopen = () -> {
            if (!plugged.get()) {
                throw new DeviceException(DeviceException.Reason.NOT_CONNECTED, "no camera 0");
            }
            ScriptedCamera camera = new ScriptedCamera();
            reopened.add(camera);
            return camera;
        };
        CameraVerticle verticle = new CameraVerticle(first, Optional.of(reopen), 10, Optional.of(
                Duration.ofMillis(1500)), Clock.systemUTC());
        deploy(verticle);
        awaitMessage("UP at start", health("camera", "UP"));
        JsonObject frames = awaitMessage("frames", m -> "FRAMES".equals(m.getString("event")));
        assertThat(frames.fieldNames()).containsExactlyInAnyOrder("device", "event", "frames", "total", "periodMs",
                "address");
        assertThat(frames.getLong("frames")).isPositive();
        assertThat(verticle.camera().capture()).containsExactly(first.id);

        // no new frame for the stall time: lost, closed, reopened (it is still plugged in)
        first.live = false;
        JsonObject stalled = awaitMessage("DOWN, stalled", health("camera", "DOWN"));
        assertThat(stalled.getString("reason")).isEqualTo("TIMEOUT");
        assertThat(first.closed).isTrue();
        await("reopened and UP", () -> bus.stream().filter(health("camera", "UP")).count() == 2);
        ScriptedCamera second = reopened.get(0);
        assertThat(verticle.camera().capture()).as("captures reach the reopened camera").containsExactly(second.id);

        // the grab thread stops (unplugged): NOT_CONNECTED, and no camera until it is back
        plugged.set(false);
        bus.clear();
        second.grabbing = false;
        JsonObject lost = awaitMessage("DOWN, lost", health("camera", "DOWN"));
        assertThat(lost.getString("reason")).isEqualTo("NOT_CONNECTED");
        assertThat(reopened).hasSize(1);
        plugged.set(true);
        awaitMessage("UP when plugged back in", health("camera", "UP"));
        assertThat(reopened).hasSize(2);
    }

    @Test
    void supervisor_faultsTheGateOnDown_once_andResetsItWhenAllAreUp() throws Exception {
        List<JsonObject> faults = new CopyOnWriteArrayList<>();
        List<JsonObject> commands = new CopyOnWriteArrayList<>();
        vertx.eventBus().<JsonObject>consumer(GateAddresses.FAULT, m -> faults.add(m.body()));
        vertx.eventBus().<JsonObject>consumer(GateAddresses.COMMAND, m -> {
            commands.add(m.body());
            m.reply(new JsonObject().put("accepted", true).put("state", "IDLE").put("mode", "OPEN"));
        });
        DeviceSupervisor supervisor = new DeviceSupervisor(Set.of("mrz", "chip"));
        deploy(supervisor);
        assertThat(supervisor.allUp()).isFalse(); // nothing reported yet
        vertx.eventBus().publish(GateAddresses.DEVICE_HEALTH, DeviceHealth.up("mrz"));
        vertx.eventBus().publish(GateAddresses.DEVICE_HEALTH, DeviceHealth.up("chip"));
        await("all UP", supervisor::allUp);
        assertThat(faults).isEmpty();
        assertThat(commands).isEmpty();

        vertx.eventBus().publish(GateAddresses.DEVICE_HEALTH, DeviceHealth.down("chip", "NOT_CONNECTED",
                "no reader 'Gate reader' attached"));
        vertx.eventBus().publish(GateAddresses.DEVICE_HEALTH, DeviceHealth.down("chip", "NOT_CONNECTED",
                "no reader 'Gate reader' attached"));
        await("FAULT sent", () -> !faults.isEmpty());
        assertThat(faults.get(0)).isEqualTo(new JsonObject().put("device", "chip").put("reason", "NOT_CONNECTED")
                .put("detail", "no reader 'Gate reader' attached"));
        assertThat(supervisor.snapshot().getJsonObject("chip").getString("status")).isEqualTo("DOWN");

        // someone resets the gate by hand while the reader is still missing: faulted again
        vertx.eventBus().publish(GateAddresses.STATE, new JsonObject().put("state", "IDLE").put("mode", "OPEN"));
        await("FAULT again", () -> faults.size() == 2);

        vertx.eventBus().publish(GateAddresses.DEVICE_HEALTH, DeviceHealth.up("chip"));
        await("RESET sent", () -> !commands.isEmpty());
        assertThat(commands.get(0)).isEqualTo(new JsonObject().put("command", "RESET"));
        assertThat(supervisor.snapshot()).isEqualTo(new JsonObject().put("mrz", new JsonObject().put("status", "UP"))
                .put("chip", new JsonObject().put("status", "UP")));
        assertThat(faults).hasSize(2);
    }
}
