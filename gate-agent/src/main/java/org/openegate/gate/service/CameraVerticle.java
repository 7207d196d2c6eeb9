package org.openegate.gate.service;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.openegate.gate.device.Camera;
import org.openegate.gate.device.DeviceException;
import org.openegate.gate.device.LiveCamera;
import org.tinylog.Logger;

/**
 * The face camera on the event bus. The camera grabs on its own thread (its driver's); this verticle watches that
 * thread once a period: how many frames came ({@code FRAMES} on {@link GateAddresses#CAMERA}, counts only, never a
 * picture), whether the grab thread still runs and whether frames still arrive. A stopped grab thread (device
 * lost) is DOWN with NOT_CONNECTED, no new frame for the stall time DOWN with TIMEOUT; the camera is then closed and
 * opened again every period until it grabs, and UP is published. The pipeline captures in-process through
 * {@link #camera()}, which always reaches the camera open now.
 */
final class CameraVerticle extends AbstractVerticle {

    static final String DEVICE = "camera";

    private final Optional<DriverOpener<? extends LiveCamera>> reopen;
    private final long periodMs;
    private final Optional<Duration> stall;
    private final Clock clock;
    private volatile LiveCamera current;
    private boolean up = true;
    private boolean opening;
    private long lastTotal;
    private long lastFrameAtMs;

    /**
     * @param camera the opened camera
     * @param reopen opens it again after it was lost; empty for one that cannot be (the simulation's)
     * @param stall how long without a new frame counts as a lost camera; empty for a camera that grabs only when
     *     asked (the simulation's)
     */
    CameraVerticle(LiveCamera camera, Optional<DriverOpener<? extends LiveCamera>> reopen, long periodMs,
            Optional<Duration> stall, Clock clock) {
        this.current = Objects.requireNonNull(camera, "camera");
        this.reopen = Objects.requireNonNull(reopen, "reopen");
        this.periodMs = periodMs;
        this.stall = Objects.requireNonNull(stall, "stall");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The pipeline's side: a capture from whichever camera is open now. */
    Camera camera() {
        return () -> current.capture();
    }

    @Override
    public void start(Promise<Void> started) {
        lastTotal = current.grabbed();
        lastFrameAtMs = clock.millis();
        vertx.eventBus().publish(GateAddresses.DEVICE_HEALTH, DeviceHealth.up(DEVICE));
        vertx.setPeriodic(periodMs, id -> tick());
        started.complete();
    }

    private void tick() {
        if (!up) {
            reopen();
            return;
        }
        LiveCamera camera = current;
        long total = camera.grabbed();
        long now = clock.millis();
        if (!camera.grabbing()) {
            lost(new DeviceException(DeviceException.Reason.NOT_CONNECTED, "the camera stopped grabbing"));
            return;
        }
        if (total != lastTotal) {
            lastFrameAtMs = now;
        } else if (stall.isPresent() && now - lastFrameAtMs >= stall.get().toMillis()) {
            lost(new DeviceException(DeviceException.Reason.TIMEOUT, "no frame from the camera for "
                    + (now - lastFrameAtMs) + " ms"));
            return;
        }
        vertx.eventBus().publish(GateAddresses.CAMERA, new JsonObject().put("device", DEVICE).put("event", "FRAMES")
                .put("frames", total - lastTotal).put("total", total).put("periodMs", periodMs));
        lastTotal = total;
    }

    private void lost(DeviceException why) {
        up = false;
        Logger.warn("camera DOWN: {}", why.getMessage());
        current.close();
        vertx.eventBus().publish(GateAddresses.DEVICE_HEALTH, DeviceHealth.down(DEVICE, why));
    }

    private void reopen() {
        if (opening || reopen.isEmpty()) {
            return;
        }
        opening = true;
        vertx.<LiveCamera>executeBlocking(() -> reopen.get().open(), false).onComplete(opened -> {
            opening = false;
            if (opened.succeeded()) {
                current = opened.result();
                lastTotal = current.grabbed();
                lastFrameAtMs = clock.millis();
                up = true;
                Logger.info("camera back");
                vertx.eventBus().publish(GateAddresses.DEVICE_HEALTH, DeviceHealth.up(DEVICE));
            }
        });
    }

    @Override
    public void stop() {
        current.close();
    }
}
