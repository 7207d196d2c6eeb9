package org.openegate.gate.device.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.videoio.VideoWriter;
import org.openegate.gate.device.CameraFrame;
import org.openegate.gate.device.DeviceException;

/**
 * The real capture path without a camera: the test writes an MJPG .avi with OpenCV's VideoWriter, each frame a
 * flat grey whose level encodes its number, and the camera plays it through VideoCapture on its grab thread.
 */
class OpenCvCameraTest {

    static final int FRAMES = 20;
    static final int WIDTH = 320;
    static final int HEIGHT = 240;
    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static Path video;

    @BeforeAll
    static void writeVideo() throws DeviceException {
        OpenCvNatives.ensureLoaded();
        video = dir.resolve("gate.avi");
        VideoWriter writer = new VideoWriter(video.toString(), VideoWriter.fourcc('M', 'J', 'P', 'G'), 25,
                new Size(WIDTH, HEIGHT), true);
        assertThat(writer.isOpened()).as("OpenCV can write MJPG .avi").isTrue();
        for (int i = 1; i <= FRAMES; i++) {
            Mat frame = new Mat(HEIGHT, WIDTH, CvType.CV_8UC3, new Scalar(grey(i), grey(i), grey(i)));
            writer.write(frame);
            frame.release();
        }
        writer.release();
    }

    /** Frame n's grey level. */
    static int grey(long n) {
        return (int) (n * 10);
    }

    /** The mean grey of a JPEG, decoded back by OpenCV. */
    static double meanGrey(byte[] jpeg) {
        Mat decoded = Imgcodecs.imdecode(new MatOfByte(jpeg), Imgcodecs.IMREAD_GRAYSCALE);
        assertThat(decoded.empty()).as("the frame decodes as an image").isFalse();
        double mean = Core.mean(decoded).val[0];
        decoded.release();
        return mean;
    }

    @Test
    void file_streamsEveryFrameInOrderThenStopsAtTheEndKeepingOnlyTheLatest() throws Exception {
        List<CameraFrame> streamed = new CopyOnWriteArrayList<>();
        try (OpenCvCamera camera = OpenCvCamera.file(video, false, WAIT, Clock.systemUTC())) {
            camera.stream(streamed::add);
            // read until the end of the video stops the camera
            DeviceException end = null;
            while (end == null) {
                try {
                    camera.next(WAIT);
                } catch (DeviceException e) {
                    end = e;
                }
            }
            assertThat(end.reason()).isEqualTo(DeviceException.Reason.NOT_CONNECTED);
            assertThat(end).hasMessageContaining("end of video");

            // older frames were dropped: what is kept is the last one
            CameraFrame last = camera.latest().orElseThrow();
            assertThat(last.sequence()).isEqualTo(FRAMES);
            assertThat(meanGrey(last.encoded())).isCloseTo(grey(FRAMES), within(6.0));
            // after the end of the video the stream still hands on the last frame; closing would cut it short, so
            // give the stream's thread (bounded) time to deliver it before the camera closes
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (streamed.stream().noneMatch(f -> f.sequence() == FRAMES) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        // the stream hands on the latest frame each time, in order, ending with the last one
        assertThat(streamed).isNotEmpty();
        assertThat(streamed).extracting(CameraFrame::sequence).isSorted().doesNotHaveDuplicates()
                .last().isEqualTo((long) FRAMES);
        for (int i = 0; i < streamed.size(); i++) {
            CameraFrame f = streamed.get(i);
            assertThat(f.width()).isEqualTo(WIDTH);
            assertThat(f.height()).isEqualTo(HEIGHT);
            assertThat(meanGrey(f.encoded())).as("frame %d", f.sequence()).isCloseTo(grey(f.sequence()), within(6.0));
            if (i > 0) {
                assertThat(f.capturedAt()).isAfterOrEqualTo(streamed.get(i - 1).capturedAt());
            }
        }
    }

    @Test
    void stream_slowListenerDoesNotHoldUpGrabbingAndGetsTheLatestFrameAfter() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        List<CameraFrame> streamed = new CopyOnWriteArrayList<>();
        try (OpenCvCamera camera = OpenCvCamera.file(video, true, WAIT, Clock.systemUTC())) {
            camera.stream(frame -> {
                streamed.add(frame);
                if (streamed.size() == 1) {
                    try {
                        release.await(); // a listener stuck on its first frame
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            CameraFrame seen = camera.next(WAIT);
            while (streamed.isEmpty()) {
                seen = camera.next(WAIT);
            }
            long stuckOn = streamed.get(0).sequence();
            // grabbing goes on while the listener is stuck
            while (seen.sequence() < stuckOn + 5) {
                seen = camera.next(WAIT);
            }
            release.countDown();
            while (streamed.size() < 2) {
                camera.next(WAIT);
            }
        }
        // the frames grabbed while it was stuck were dropped, not queued for it
        assertThat(streamed.get(1).sequence()).isGreaterThanOrEqualTo(streamed.get(0).sequence() + 5);
    }

    @Test
    void file_loopsWhenAsked() throws Exception {
        try (OpenCvCamera camera = OpenCvCamera.file(video, true, WAIT, Clock.systemUTC())) {
            CameraFrame frame = camera.next(WAIT);
            while (frame.sequence() <= FRAMES) {
                frame = camera.next(WAIT);
            }
            // frame 21 is the video's first frame again
            assertThat(meanGrey(frame.encoded())).isCloseTo(grey(frame.sequence() - FRAMES), within(6.0));
        }
    }

    @Test
    void capture_givesAFreshJpeg() throws Exception {
        try (OpenCvCamera camera = OpenCvCamera.file(video, true, WAIT, Clock.systemUTC())) {
            byte[] jpeg = camera.capture();
            assertThat(jpeg).startsWith(0xFF, 0xD8); // JPEG SOI
        }
    }

    @Test
    void close_stopsTheGrabThreadAndLaterCallsSaySo() throws Exception {
        OpenCvCamera camera = OpenCvCamera.file(video, true, WAIT, Clock.systemUTC());
        camera.next(WAIT);
        camera.close();
        assertThat(camera.grabbing()).isFalse();
        assertThatThrownBy(() -> camera.next(WAIT)).isInstanceOf(DeviceException.class)
                .satisfies(e -> assertThat(((DeviceException) e).reason())
                        .isEqualTo(DeviceException.Reason.NOT_CONNECTED));
        camera.close(); // idempotent
    }

    @Test
    void file_missingOrNotAVideoIsNotConnected() throws Exception {
        assertThatThrownBy(() -> OpenCvCamera.file(dir.resolve("none.avi"), false, WAIT, Clock.systemUTC()))
                .isInstanceOf(DeviceException.class).hasMessageContaining("none.avi");
        Path junk = dir.resolve("junk.avi");
        Files.write(junk, new byte[4096]);
        assertThatThrownBy(() -> {
            try (OpenCvCamera camera = OpenCvCamera.file(junk, false, WAIT, Clock.systemUTC())) {
                camera.next(WAIT);
            }
        }).isInstanceOf(DeviceException.class)
                .satisfies(e -> assertThat(((DeviceException) e).reason())
                        .isEqualTo(DeviceException.Reason.NOT_CONNECTED));
    }

    @Test
    void frame_toStringHasNoImage() throws Exception {
        try (OpenCvCamera camera = OpenCvCamera.file(video, true, WAIT, Clock.systemUTC())) {
            CameraFrame frame = camera.next(WAIT);
            assertThat(frame.toString()).contains("image redacted").contains(WIDTH + "x" + HEIGHT)
                    .doesNotContain("[B@");
        }
    }
}
