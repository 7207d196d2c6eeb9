package org.openegate.gate.device;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A camera that grabs continuously on its own thread and keeps only the latest frame (older frames are dropped, so
 * a slow consumer never sees a stale picture). {@link #capture()} waits for a fresh frame (bounded by the camera's
 * frame wait) and returns its JPEG.
 */
public interface LiveCamera extends Camera, AutoCloseable {

    /** The latest frame, if one has been grabbed yet. */
    Optional<CameraFrame> latest();

    /**
     * Waits for a frame grabbed after this call (a fresh picture, not one from before the traveller stepped in).
     *
     * @throws DeviceException TIMEOUT if none came within {@code timeout}, NOT_CONNECTED if the camera stopped
     */
    CameraFrame next(Duration timeout) throws DeviceException;

    /**
     * Live frames, for the officer's view or a liveness check: the listener gets the frames grabbed from now on, in
     * order, on the camera's stream thread. A slow listener is handed the latest frame when it returns; the frames
     * grabbed meanwhile are dropped, never queued, and grabbing never waits for a listener.
     *
     * @return a handle that stops the stream when closed
     */
    AutoCloseable stream(Consumer<CameraFrame> listener);

    /**
     * How many frames the camera has grabbed since it started; cheap (never encodes a frame), for a health check
     * that must not cost a core on an idle gate.
     */
    default long grabbed() {
        return latest().map(CameraFrame::sequence).orElse(0L);
    }

    /** Whether the camera still grabs (false once its grab thread stopped: device lost, end of a video, closed). */
    default boolean grabbing() {
        return true;
    }

    /** Stops the grab thread and releases the device; idempotent. */
    @Override
    void close();
}
