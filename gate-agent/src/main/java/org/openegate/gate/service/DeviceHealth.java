package org.openegate.gate.service;

import io.vertx.core.json.JsonObject;
import org.openegate.gate.device.DeviceException;

/** The messages of {@link GateAddresses#DEVICE_HEALTH}: one shape for every driver and for its simulated twin. */
final class DeviceHealth {

    private DeviceHealth() {
    }

    static JsonObject up(String device) {
        return new JsonObject().put("device", device).put("status", "UP");
    }

    static JsonObject down(String device, String reason, String detail) {
        return new JsonObject().put("device", device).put("status", "DOWN").put("reason", reason)
                .put("detail", detail);
    }

    /** DOWN for a driver failure; the exception's message names the device and what failed, never personal data. */
    static JsonObject down(String device, DeviceException failure) {
        return down(device, failure.reason().name(), failure.getMessage());
    }

    static boolean isUp(JsonObject health) {
        return "UP".equals(health.getString("status"));
    }
}
