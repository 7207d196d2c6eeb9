package org.openegate.gate.device.camera;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.videoio.VideoCapture;
import org.opencv.videoio.Videoio;
import org.openegate.gate.device.CameraFrame;
import org.openegate.gate.device.DeviceException;
import org.openegate.gate.device.LiveCamera;
import org.tinylog.Logger;

/**
 * A camera through OpenCV's {@code VideoCapture}, grabbing on its own thread.
 *
 * <p>Why a grab thread: a camera delivers frames at its own rate into a small driver queue; a reader that does not
 * keep up gets frames that are seconds old (the traveller of a moment ago). The thread reads continuously and keeps
 * only the latest frame; consumers take that one or wait for the next ({@link #next}), and older frames are
 * dropped, never queued. The frame is encoded to JPEG only when someone asks for it (or when a stream listener is
 * attached), so an idle gate does not spend a core on encoding.
 *
 * <p>The {@code VideoCapture} is opened, read and released on the grab thread only (native handles are not shared
 * across threads). {@link #close()} stops the thread and waits for it to release the device.
 *
 * <p>A video file can stand in for a camera ({@link #file}): frames are paced at the file's frame rate, so the
 * simulation sees a live source; the real capture path (demuxer, decoder, grab thread) is the same.
 */
public final class OpenCvCamera implements LiveCamera {

    /** Consecutive failed reads after which a live camera is taken as gone. */
    private static final int MAX_FAILED_READS = 50;
    private static final double DEFAULT_FILE_FPS = 25;

    private final String source;
    private final boolean isFile;
    private final boolean loop;
    private final Duration frameWait;
    private final Clock clock;
    private final Object lock = new Object();
    private final CopyOnWriteArrayList<Consumer<CameraFrame>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;

    // guarded by lock
    private Mat latestMat;
    private long latestSequence;
    private java.time.Instant latestAt;
    private CameraFrame latestEncoded;
    private String stoppedBecause;
    private boolean opened;
    private Thread dispatcher;

    private volatile boolean closed;

    private OpenCvCamera(String source, boolean isFile, boolean loop, int deviceIndex, Duration frameWait,
            Clock clock) {
        this.source = source;
        this.isFile = isFile;
        this.loop = loop;
        this.frameWait = frameWait;
        this.clock = clock;
        this.thread = new Thread(() -> grabLoop(deviceIndex), "camera-grab");
        thread.setDaemon(true);
    }

    /**
     * Opens camera {@code index} (V4L2 on Linux) and starts grabbing.
     *
     * @param frameWait how long {@link #capture()} waits for a fresh frame
     * @throws DeviceException NOT_CONNECTED if there is no such camera or OpenCV cannot load
     */
    public static OpenCvCamera device(int index, Duration frameWait, Clock clock) throws DeviceException {
        if (index < 0) {
            throw new IllegalArgumentException("camera index " + index + " is negative");
        }
        return start(new OpenCvCamera("camera " + index, false, false, index, frameWait, clock));
    }

    /**
     * Plays a video file as if it were a camera, paced at its frame rate.
     *
     * @param loop start again at the end (the demo's endless camera); otherwise the camera stops at the end
     * @throws DeviceException NOT_CONNECTED if the file is missing or no backend can open it
     */
    public static OpenCvCamera file(Path video, boolean loop, Duration frameWait, Clock clock)
            throws DeviceException {
        if (!Files.isRegularFile(video)) {
            throw new DeviceException(DeviceException.Reason.NOT_CONNECTED, "no video file " + video);
        }
        return start(new OpenCvCamera(video.toString(), true, loop, -1, frameWait, clock));
    }

    private static OpenCvCamera start(OpenCvCamera camera) throws DeviceException {
        Objects.requireNonNull(camera.frameWait, "frameWait");
        Objects.requireNonNull(camera.clock, "clock");
        if (camera.frameWait.isNegative() || camera.frameWait.isZero()) {
            throw new IllegalArgumentException("frameWait " + camera.frameWait + " is not positive");
        }
        OpenCvNatives.ensureLoaded();
        camera.thread.start();
        camera.awaitOpen();
        return camera;
    }

    /** Waits for the grab thread to open the source, so a missing camera fails at open, not at first capture. */
    private void awaitOpen() throws DeviceException {
        synchronized (lock) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!opened && stoppedBecause == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                waitOn(left);
            }
            if (!opened) {
                String why = stoppedBecause == null ? "did not open within 10 s" : stoppedBecause;
                closed = true;
                throw new DeviceException(DeviceException.Reason.NOT_CONNECTED, "cannot open " + source + ": "
                        + why);
            }
        }
    }

    @Override
    public byte[] capture() throws DeviceException {
        return next(frameWait).encoded();
    }

    @Override
    public long grabbed() {
        synchronized (lock) {
            return latestSequence;
        }
    }

    @Override
    public Optional<CameraFrame> latest() {
        synchronized (lock) {
            if (latestEncoded != null) {
                return Optional.of(latestEncoded);
            }
            return latestMat == null ? Optional.empty() : Optional.of(encodeLatest());
        }
    }

    @Override
    public CameraFrame next(Duration timeout) throws DeviceException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            long after = latestSequence;
            while (latestSequence == after) {
                if (stoppedBecause != null || closed) {
                    throw new DeviceException(DeviceException.Reason.NOT_CONNECTED, source + " stopped: "
                            + (stoppedBecause == null ? "closed" : stoppedBecause));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new DeviceException(DeviceException.Reason.TIMEOUT, "no frame from " + source + " within "
                            + timeout.toMillis() + " ms (last frame #" + latestSequence + ")");
                }
                waitOn(left);
            }
            return encodeLatest();
        }
    }

    @Override
    public AutoCloseable stream(Consumer<CameraFrame> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        synchronized (lock) {
            if (dispatcher == null) {
                dispatcher = new Thread(this::dispatch, "camera-stream");
                dispatcher.setDaemon(true);
                dispatcher.start();
            }
        }
        return () -> listeners.remove(listener);
    }

    /** Whether the grab thread still runs (false once stopped or closed and the device released). */
    @Override
    public boolean grabbing() {
        return thread.isAlive();
    }

    @Override
    public void close() {
        closed = true;
        listeners.clear();
        synchronized (lock) {
            lock.notifyAll();
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                Logger.warn("{}: grab thread still in a read after 5 s; it releases the device when that returns",
                        source);
            }
        }
    }

    private void grabLoop(int deviceIndex) {
        VideoCapture capture = isFile ? new VideoCapture(source, Videoio.CAP_ANY)
                : new VideoCapture(deviceIndex, Videoio.CAP_ANY);
        Mat frame = new Mat();
        try {
            if (!capture.isOpened()) {
                stop("VideoCapture could not open it");
                return;
            }
            double fps = capture.get(Videoio.CAP_PROP_FPS);
            long frameNanos = isFile ? (long) (1e9 / (fps > 0 && fps < 1000 ? fps : DEFAULT_FILE_FPS)) : 0;
            Logger.info("{} open ({} backend{})", source, capture.getBackendName(),
                    isFile ? String.format(", paced at %.1f fps", 1e9 / frameNanos) : "");
            synchronized (lock) {
                opened = true;
                lock.notifyAll();
            }
            long next = System.nanoTime();
            int failed = 0;
            boolean anyThisPass = false;
            while (!closed) {
                if (!capture.read(frame) || frame.empty()) {
                    if (isFile) {
                        if (loop && anyThisPass) {
                            capture.set(Videoio.CAP_PROP_POS_FRAMES, 0);
                            anyThisPass = false;
                            continue;
                        }
                        stop(anyThisPass || latestSequence > 0 ? "end of video" : "no frame could be decoded");
                        return;
                    }
                    if (++failed >= MAX_FAILED_READS) {
                        stop(failed + " reads in a row failed (camera unplugged?)");
                        return;
                    }
                    continue;
                }
                failed = 0;
                anyThisPass = true;
                if (frameNanos > 0) {
                    // pace a file like a live camera: a frame every 1/fps
                    next += frameNanos;
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        TimeUnit.NANOSECONDS.sleep(sleep);
                    }
                }
                publish(frame);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // an OpenCV CvException or a listener bug must not leave a silent dead camera
            Logger.error(e, "{} grab thread failed", source);
            stop("grab thread failed: " + e.getMessage());
        } finally {
            frame.release();
            capture.release();
            synchronized (lock) {
                if (latestMat != null) {
                    // the last frame stays readable through latest() after the natives are gone
                    try {
                        encodeLatest();
                    } catch (RuntimeException e) {
                        Logger.warn("{}: last frame could not be kept: {}", source, e.getMessage());
                    }
                    latestMat.release();
                    latestMat = null;
                }
                if (stoppedBecause == null) {
                    stoppedBecause = "closed";
                }
                lock.notifyAll();
            }
        }
    }

    private void publish(Mat frame) {
        synchronized (lock) {
            if (latestMat == null) {
                latestMat = new Mat();
            }
            frame.copyTo(latestMat); // the older frame is overwritten: dropped
            latestSequence++;
            latestAt = clock.instant();
            latestEncoded = null;
            lock.notifyAll();
        }
    }

    /**
     * The stream's own thread: it hands listeners the latest frame, skipping any grabbed while they were busy, so a
     * slow listener never holds up the grab thread (which would leave stale frames in the driver's buffers).
     */
    private void dispatch() {
        long delivered = 0;
        while (true) {
            CameraFrame frame;
            synchronized (lock) {
                while (latestSequence == delivered && stoppedBecause == null && !closed) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (latestSequence == delivered || closed) {
                    return; // stopped, and the last frame has been handed on
                }
                frame = latestEncoded != null ? latestEncoded : latestMat != null ? encodeLatest() : null;
                if (frame == null) {
                    return;
                }
            }
            delivered = frame.sequence();
            for (Consumer<CameraFrame> listener : listeners) {
                try {
                    listener.accept(frame);
                } catch (RuntimeException e) {
                    Logger.error(e, "{} frame listener failed", source);
                }
            }
        }
    }

    /** JPEG of the latest frame, encoded once per frame. Holds lock. */
    private CameraFrame encodeLatest() {
        if (latestEncoded == null) {
            MatOfByte jpeg = new MatOfByte();
            try {
                if (!Imgcodecs.imencode(".jpg", latestMat, jpeg, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 90))) {
                    throw new IllegalStateException("OpenCV could not encode frame #" + latestSequence + " as JPEG");
                }
                latestEncoded = new CameraFrame(latestSequence, latestAt, latestMat.cols(), latestMat.rows(),
                        jpeg.toArray());
            } finally {
                jpeg.release();
            }
        }
        return latestEncoded;
    }

    private void stop(String why) {
        synchronized (lock) {
            if (stoppedBecause == null) {
                stoppedBecause = why;
            }
            lock.notifyAll();
        }
        if (!closed) {
            Logger.warn("{} stopped: {}", source, why);
        }
    }

    private void waitOn(long nanos) throws DeviceException {
        try {
            TimeUnit.NANOSECONDS.timedWait(lock, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException(DeviceException.Reason.TIMEOUT, "interrupted while waiting for " + source, e);
        }
    }

    @Override
    public String toString() {
        return "OpenCvCamera[" + source + "]";
    }
}
