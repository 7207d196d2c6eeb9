package org.openegate.gate.device.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openegate.gate.device.DeviceException;
import org.openegate.gate.device.GateIo.Door;
import org.openegate.gate.device.GateIo.Light;
import org.openegate.gate.device.GateSignal;
import org.openegate.gate.device.Sensor;
import org.openegate.gate.device.SensorEvent;

/**
 * The gate's GPIO on Pi4J's mock platform: the test moves the input wires through the mock provider and reads the
 * output pins back from it, so the assertions see the pins, not the driver's opinion of them. Debounce time is a
 * manual scheduler's.
 */
class Pi4jGateIoTest {

    private static final Instant T0 = Instant.parse("2026-11-29T01:00:00Z");

    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<SensorEvent> events = new CopyOnWriteArrayList<>();
    private MockGateHardware hw;
    private Pi4jGateIo io;

    @BeforeEach
    void setUp() throws DeviceException {
        hw = MockGateHardware.create(GpioConfig.simulated(), Clock.fixed(T0, ZoneOffset.UTC), scheduler);
        io = hw.gateIo();
        io.addListener(events::add);
        scheduler.advance(100); // the start-up reads settle
    }

    @AfterEach
    void tearDown() {
        hw.close();
    }

    @Test
    void start_bothDoorsLockedRedOnNoEvents() {
        assertThat(hw.entryReleased()).isFalse();
        assertThat(hw.exitReleased()).isFalse();
        assertThat(hw.lightOn(Light.RED)).isTrue();
        assertThat(hw.lightOn(Light.GREEN)).isFalse();
        assertThat(io.lit()).contains(Light.RED);
        assertThat(events).isEmpty();
    }

    @Test
    void doors_driveEachPinWithItsPolarity() throws DeviceException {
        io.exitDoor(Door.OPEN);
        assertThat(hw.exitReleased()).isTrue();
        assertThat(hw.entryReleased()).isFalse();
        assertThat(io.exitReleased()).isTrue();
        io.entryDoor(Door.OPEN);
        assertThat(hw.entryReleased()).isTrue();
        io.lockAll();
        assertThat(hw.entryReleased()).isFalse();
        assertThat(hw.exitReleased()).isFalse();
        io.entryDoor(Door.RELEASED);
        assertThat(hw.entryReleased()).isTrue();
        io.entryDoor(Door.LOCKED);
        assertThat(hw.entryReleased()).isFalse();
    }

    @Test
    void signals_mapTheInputsToTheFlowsSignals() {
        List<GateSignal> signals = new CopyOnWriteArrayList<>();
        io.addSignalListener(signals::add);
        for (Sensor sensor : Sensor.values()) {
            hw.set(sensor, true);
            scheduler.advance(20);
            hw.set(sensor, false);
            scheduler.advance(20);
        }
        assertThat(signals).containsExactly(GateSignal.ENTRY_BEAM_BROKEN, GateSignal.ENTRY_BEAM_CLEAR,
                GateSignal.EXIT_BEAM_BROKEN, GateSignal.EXIT_BEAM_CLEAR, GateSignal.TAILGATE,
                GateSignal.EMERGENCY_ON, GateSignal.EMERGENCY_OFF);
        assertThat(events).hasSize(2 * Sensor.values().length);
    }

    @Test
    void light_onlyOneAtATime() throws DeviceException {
        io.light(Light.GREEN);
        assertThat(hw.lightOn(Light.GREEN)).isTrue();
        assertThat(hw.lightOn(Light.RED)).isFalse();
        assertThat(hw.lightOn(Light.AMBER)).isFalse();
        io.light(Light.AMBER);
        assertThat(io.lit()).contains(Light.AMBER);
        io.lightsOff();
        assertThat(io.lit()).isEmpty();
        assertThat(Light.values()).noneMatch(hw::lightOn);
    }

    @Test
    void beam_reportedOnceAfterDebounce() {
        hw.set(Sensor.ENTRY_BEAM, true);
        scheduler.advance(19);
        assertThat(events).isEmpty();
        assertThat(io.isActive(Sensor.ENTRY_BEAM)).isFalse();
        scheduler.advance(1);
        assertThat(events).containsExactly(new SensorEvent(Sensor.ENTRY_BEAM, true, T0));
        assertThat(io.isActive(Sensor.ENTRY_BEAM)).isTrue();
        hw.set(Sensor.ENTRY_BEAM, false);
        scheduler.advance(20);
        assertThat(events).extracting(SensorEvent::active).containsExactly(true, false);
    }

    @Test
    void chatterShorterThanDebounceGivesNoEvent() {
        for (int i = 0; i < 10; i++) {
            hw.set(Sensor.TAILGATE, i % 2 == 0);
            scheduler.advance(5);
        }
        // ends inactive, as it began
        scheduler.advance(100);
        assertThat(events).isEmpty();
    }

    @Test
    void chatterEndingActiveGivesOneEvent() {
        hw.set(Sensor.INSIDE_BEAM, true);
        scheduler.advance(5);
        hw.set(Sensor.INSIDE_BEAM, false);
        scheduler.advance(5);
        hw.set(Sensor.INSIDE_BEAM, true);
        scheduler.advance(100);
        assertThat(events).containsExactly(new SensorEvent(Sensor.INSIDE_BEAM, true, T0));
    }

    @Test
    void emergency_releasesBothDoorsRefusesLockingAndStaysReleasedAfterwardsUntilRearmed() throws DeviceException {
        hw.set(Sensor.EMERGENCY, true);
        scheduler.advance(20);
        assertThat(hw.entryReleased()).isTrue();
        assertThat(hw.exitReleased()).isTrue();
        assertThat(io.emergency()).isTrue();
        assertThat(events).containsExactly(new SensorEvent(Sensor.EMERGENCY, true, T0));
        assertThatThrownBy(io::lockAll).isInstanceOf(DeviceException.class)
                .satisfies(e -> assertThat(((DeviceException) e).reason()).isEqualTo(DeviceException.Reason.REFUSED))
                .hasMessageContaining("emergency");
        assertThatThrownBy(() -> io.exitDoor(Door.LOCKED)).isInstanceOf(DeviceException.class);
        assertThat(hw.exitReleased()).isTrue();
        io.exitDoor(Door.RELEASED); // following the emergency is always allowed
        assertThat(hw.exitReleased()).isTrue();

        hw.set(Sensor.EMERGENCY, false);
        scheduler.advance(20);
        assertThat(io.emergency()).isFalse();
        assertThat(hw.exitReleased()).as("re-arming is the flow's decision").isTrue();
        io.lockAll();
        assertThat(hw.exitReleased()).isFalse();
        assertThat(hw.entryReleased()).isFalse();
    }

    @Test
    void emergency_raisedWhileStartingIsFollowed() throws DeviceException {
        hw.close();
        events.clear();
        ManualScheduler fresh = new ManualScheduler();
        hw = MockGateHardware.create(GpioConfig.simulated(), Clock.fixed(T0, ZoneOffset.UTC), fresh);
        hw.set(Sensor.EMERGENCY, true);
        hw.gateIo().addListener(events::add);
        fresh.advance(20);
        assertThat(hw.exitReleased()).isTrue();
        assertThat(events).extracting(SensorEvent::sensor).containsExactly(Sensor.EMERGENCY);
    }

    @Test
    void listenerHandleRemovesTheListener() throws Exception {
        List<SensorEvent> other = new CopyOnWriteArrayList<>();
        AutoCloseable handle = io.addListener(other::add);
        handle.close();
        hw.set(Sensor.EXIT_BEAM, true);
        scheduler.advance(20);
        assertThat(other).isEmpty();
        assertThat(events).hasSize(1);
    }

    @Test
    void failingListenerDoesNotStopTheOthers() {
        io.addListener(e -> {
            throw new IllegalStateException("listener bug");
        });
        List<SensorEvent> after = new CopyOnWriteArrayList<>();
        io.addListener(after::add);
        hw.set(Sensor.EXIT_BEAM, true);
        scheduler.advance(20);
        assertThat(after).hasSize(1);
    }

    @Test
    void close_leavesTheUnpoweredState() throws DeviceException {
        io.exitDoor(Door.OPEN);
        io.light(Light.GREEN);
        io.close();
        // the pins are shut down with the driver; the driver refuses further commands
        assertThat(io.toString()).isEqualTo("Pi4jGateIo[closed]");
        assertThatThrownBy(() -> io.exitDoor(Door.OPEN)).isInstanceOf(DeviceException.class)
                .satisfies(e -> assertThat(((DeviceException) e).reason())
                        .isEqualTo(DeviceException.Reason.NOT_CONNECTED));
    }

    @Test
    void openGpiod_withoutGpioHardwareFailsWithAReasonNotACrash() {
        // this test machine (and CI) has no GPIO chip; on a Raspberry Pi the same call drives the real lines
        org.junit.jupiter.api.Assumptions.assumeFalse(java.nio.file.Files.exists(java.nio.file.Path.of(
                "/dev/gpiochip0")), "a GPIO chip is present: not driving real lines from a unit test");
        assertThatThrownBy(() -> Pi4jGateIo.openGpiod(GpioConfig.simulated(), Clock.systemUTC()))
                .isInstanceOf(DeviceException.class)
                .satisfies(e -> assertThat(((DeviceException) e).reason()).isIn(DeviceException.Reason.NOT_CONNECTED,
                        DeviceException.Reason.IO_ERROR));
    }

    @Test
    void config_refusesDuplicateAndOutOfRangePinsNamingBothFields() {
        assertThatThrownBy(() -> new GpioConfig(5, 6, 13, 19, 26, 16, 20, 21, 12, 6, Duration.ofMillis(20)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("emergency pin 6 is already used by exitRelease");
        assertThatThrownBy(() -> new GpioConfig(5, 6, 13, 19, 26, 16, 20, 21, 54, 25, Duration.ofMillis(20)))
                .hasMessage("tailgate pin 54 outside 0..53");
        assertThatThrownBy(() -> new GpioConfig(5, 6, 13, 19, 26, 16, 20, 21, 12, 25, Duration.ofMillis(-1)))
                .hasMessageContaining("debounce");
    }
}
