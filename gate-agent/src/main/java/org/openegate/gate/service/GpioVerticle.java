package org.openegate.gate.service;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.openegate.gate.device.GateSignal;
import org.openegate.gate.device.MrzRejection;
import org.openegate.gate.device.gpio.Pi4jGateIo;

/**
 * The GPIO driver on the event bus: each debounced input change the flow has a signal for (beams, tailgate,
 * emergency) is sent to {@link GateAddresses#SIGNAL}, exactly as the simulation sends it, so the gate's verticle
 * cannot tell a simulated traveller from a real one. The driver's listener runs on the driver's own thread; the
 * send hops onto this verticle's context.
 */
final class GpioVerticle extends AbstractVerticle {

    private final Pi4jGateIo gpio;
    private AutoCloseable subscription;

    GpioVerticle(Pi4jGateIo gpio) {
        this.gpio = gpio;
    }

    @Override
    public void start(Promise<Void> started) {
        subscription = gpio.addSignalListener(signal -> context.runOnContext(v -> send(signal)));
        started.complete();
    }

    private void send(GateSignal signal) {
        vertx.eventBus().send(GateAddresses.SIGNAL, new JsonObject().put("signal", signal.name()));
    }

    @Override
    public void stop() throws Exception {
        if (subscription != null) {
            subscription.close();
        }
    }

    /**
     * What the MRZ reader rejected (a misread, a partial frame), published on {@link GateAddresses#MRZ_REJECTED}
     * for the console: the reason only, never the characters read.
     */
    static JsonObject rejection(MrzRejection rejection) {
        return new JsonObject().put("device", "mrz").put("reason", rejection.reason().name());
    }
}
