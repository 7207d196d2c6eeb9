package org.openegate.gate.sim;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.openegate.gate.device.CameraFrame;
import org.openegate.gate.device.DeviceException;
import org.openegate.gate.device.LiveCamera;
import org.tinylog.Logger;

/**
 * The simulated twin of {@link org.openegate.gate.device.camera.OpenCvCamera} for still images: a list of encoded
 * images (JPEG or PNG, e.g. read from an image folder) played in a loop, one every {@code interval}, on a thread of
 * its own, with the same latest-frame-only semantics. (A video file plays through {@code OpenCvCamera.file}.)
 * Frames are handed on as they were given; PNGs are not re-encoded.
 */
public final class ImageSequenceCamera implements LiveCamera {

    private record Still(byte[] encoded, int width, int height) {
    }

    private final List<Still> stills;
    private final long intervalNanos;
    private final Duration frameWait;
    private final Clock clock;
    private final Object lock = new Object();
    private final List<Consumer<CameraFrame>> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private CameraFrame latest;
    private volatile boolean closed;

    /**
     * @param images encoded images; each is decoded once here for its size
     * @throws DeviceException BAD_DATA naming the image (by index) that is no readable image
     */
    public ImageSequenceCamera(List<byte[]> images, Duration interval, Duration frameWait, Clock clock)
            throws DeviceException {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("no images");
        }
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("interval " + interval + " under 1 ms");
        }
        this.frameWait = Objects.requireNonNull(frameWait, "frameWait");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.intervalNanos = interval.toNanos();
        List<Still> decoded = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            byte[] bytes = images.get(i).clone();
            BufferedImage image;
            try {
                image = ImageIO.read(new ByteArrayInputStream(bytes));
            } catch (IOException | RuntimeException e) {
                image = null;
            }
            if (image == null) {
                throw new DeviceException(DeviceException.Reason.BAD_DATA, "image " + i + " (" + bytes.length
                        + " bytes) is no readable JPEG or PNG");
            }
            decoded.add(new Still(bytes, image.getWidth(), image.getHeight()));
        }
        this.stills = List.copyOf(decoded);
        this.thread = new Thread(this::play, "sim-camera");
        thread.setDaemon(true);
        thread.start();
    }

    private void play() {
        long sequence = 0;
        long next = System.nanoTime();
        try {
            while (!closed) {
                Still still = stills.get((int) (sequence % stills.size()));
                CameraFrame frame = new CameraFrame(++sequence, clock.instant(), still.width(), still.height(),
                        still.encoded());
                synchronized (lock) {
                    latest = frame;
                    lock.notifyAll();
                }
                for (Consumer<CameraFrame> listener : listeners) {
                    try {
                        listener.accept(frame);
                    } catch (RuntimeException e) {
                        Logger.error(e, "simulated camera frame listener failed");
                    }
                }
                next += intervalNanos;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                } else {
                    next = System.nanoTime(); // a slow listener made us late: skip those frames, do not burst
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }

    @Override
    public byte[] capture() throws DeviceException {
        return next(frameWait).encoded();
    }

    @Override
    public Optional<CameraFrame> latest() {
        synchronized (lock) {
            return Optional.ofNullable(latest);
        }
    }

    @Override
    public CameraFrame next(Duration timeout) throws DeviceException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            long after = latest == null ? 0 : latest.sequence();
            while (latest == null || latest.sequence() == after) {
                if (closed) {
                    throw new DeviceException(DeviceException.Reason.NOT_CONNECTED, "simulated camera closed");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new DeviceException(DeviceException.Reason.TIMEOUT, "no frame within "
                            + timeout.toMillis() + " ms");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new DeviceException(DeviceException.Reason.TIMEOUT, "interrupted waiting for a frame", e);
                }
            }
            return latest;
        }
    }

    @Override
    public AutoCloseable stream(Consumer<CameraFrame> listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        listeners.clear();
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    @Override
    public String toString() {
        return "ImageSequenceCamera[" + stills.size() + " image(s)]";
    }
}
