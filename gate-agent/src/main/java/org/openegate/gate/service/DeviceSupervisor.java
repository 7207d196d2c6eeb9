package org.openegate.gate.service;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.tinylog.Logger;

/**
 * Turns the drivers' health into the gate's safety: a device that goes DOWN (reader unplugged, serial port gone,
 * camera lost) sends the gate to FAULT with the device's reason, which locks the exit and aborts the traveller's
 * transaction; when every device is UP again, the fault this supervisor caused is RESET and the lane serves again.
 *
 * <p>Why automatic recovery is safe here: a device fault says nothing about the passage (unlike the emergency
 * input, whose FAULT waits for a person), and the reset leaves both doors locked until the next traveller's checks
 * pass. A gate that someone resets while a device is still DOWN is sent back to FAULT as soon as it reports a
 * serving state. Only the bus is used: health in, {@link GateAddresses#FAULT} and a RESET command out.
 */
final class DeviceSupervisor extends AbstractVerticle {

    /** How often a pending reset is tried again (the gate refuses it while the emergency input is on). */
    private static final long RETRY_MS = 1000;

    private final Map<String, JsonObject> health = new ConcurrentHashMap<>();
    private final Set<String> expected;
    private boolean causedFault;
    private boolean resetting;

    /** @param expected the devices that must report UP before the gate may serve */
    DeviceSupervisor(Set<String> expected) {
        this.expected = Set.copyOf(expected);
        for (String device : expected) {
            health.put(device, new JsonObject().put("device", device).put("status", "UNKNOWN"));
        }
    }

    @Override
    public void start(Promise<Void> started) {
        vertx.eventBus().<JsonObject>consumer(GateAddresses.DEVICE_HEALTH, this::onHealth);
        vertx.eventBus().<JsonObject>consumer(GateAddresses.STATE, this::onState);
        vertx.setPeriodic(RETRY_MS, id -> resetIfRecovered());
        started.complete();
    }

    private void onHealth(Message<JsonObject> message) {
        JsonObject body = message.body();
        String device = body.getString("device");
        if (device == null || !expected.contains(device)) {
            Logger.warn("health of an unknown device ignored: {}", device);
            return;
        }
        JsonObject previous = health.put(device, body.copy());
        boolean down = "DOWN".equals(body.getString("status"));
        if (down && (previous == null || !"DOWN".equals(previous.getString("status")) || !causedFault)) {
            Logger.warn("device {} DOWN ({}): {}", device, body.getString("reason"), body.getString("detail"));
            fault(body);
        } else if (!down && previous != null && !DeviceHealth.isUp(previous)) {
            Logger.info("device {} UP again", device);
            resetIfRecovered();
        }
    }

    /** A gate reset (by an officer) while a device is still down is faulted again before it takes a traveller. */
    private void onState(Message<JsonObject> message) {
        String state = message.body().getString("state", "");
        boolean serving = !state.equals("FAULT") && !state.equals("EMERGENCY") && !state.equals("MAINTENANCE")
                && !state.equals("CLOSED");
        if (serving) {
            health.values().stream().filter(h -> "DOWN".equals(h.getString("status"))).findFirst().ifPresent(this::fault);
        }
    }

    private void fault(JsonObject down) {
        causedFault = true;
        vertx.eventBus().send(GateAddresses.FAULT, new JsonObject().put("device", down.getString("device"))
                .put("reason", down.getString("reason")).put("detail", down.getString("detail", "")));
    }

    private void resetIfRecovered() {
        if (!causedFault || resetting || !allUp()) {
            return;
        }
        resetting = true;
        vertx.eventBus().<JsonObject>request(GateAddresses.COMMAND, new JsonObject().put("command", "RESET"))
                .onComplete(reply -> {
                    resetting = false;
                    if (reply.succeeded() && (reply.result().body().getBoolean("accepted", false)
                            || !"FAULT".equals(reply.result().body().getString("state")))) {
                        causedFault = false; // reset, or no longer in FAULT (an officer reset it first)
                        Logger.info("every device UP: gate fault cleared ({})", reply.result().body().encode());
                    }
                });
    }

    boolean allUp() {
        return health.values().stream().allMatch(DeviceHealth::isUp);
    }

    /** Each device's last health, for {@code /health}: {@code {"chip":{"status":"UP"},...}}. */
    JsonObject snapshot() {
        JsonObject out = new JsonObject();
        health.forEach((device, h) -> {
            JsonObject copy = h.copy();
            copy.remove("device");
            out.put(device, copy);
        });
        return out;
    }
}
