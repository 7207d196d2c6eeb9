package org.openegate.gate.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.openegate.gate.device.CameraFrame;
import org.openegate.gate.device.DeviceException;

/** The simulated still-image camera: frames in a loop, latest-only, with the live camera's contract. */
class ImageSequenceCameraTest {

    static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    @Test
    void next_playsTheImagesInALoop() throws Exception {
        byte[] a = png(64, 48);
        byte[] b = png(32, 24);
        try (ImageSequenceCamera camera = new ImageSequenceCamera(List.of(a, b), Duration.ofMillis(5),
                Duration.ofSeconds(10), Clock.systemUTC())) {
            List<CameraFrame> seen = new CopyOnWriteArrayList<>();
            camera.stream(seen::add);
            CameraFrame frame = camera.next(Duration.ofSeconds(10));
            for (int i = 0; i < 4; i++) {
                CameraFrame following = camera.next(Duration.ofSeconds(10));
                assertThat(following.sequence()).isGreaterThan(frame.sequence());
                frame = following;
            }
            assertThat(frame.width()).isEqualTo(frame.sequence() % 2 == 1 ? 64 : 32);
            assertThat(frame.encoded()).isEqualTo(frame.sequence() % 2 == 1 ? a : b);
            assertThat(camera.capture()).isNotEmpty();
            assertThat(camera.latest()).isPresent();
            assertThat(seen).isNotEmpty();
        }
    }

    @Test
    void constructor_refusesAnUnreadableImageNamingIt() throws Exception {
        assertThatThrownBy(() -> new ImageSequenceCamera(List.of(png(8, 8), new byte[] {1, 2, 3}),
                Duration.ofMillis(5), Duration.ofSeconds(1), Clock.systemUTC()))
                .isInstanceOf(DeviceException.class).hasMessageContaining("image 1 (3 bytes)");
    }

    @Test
    void next_afterCloseIsNotConnected() throws Exception {
        ImageSequenceCamera camera = new ImageSequenceCamera(List.of(png(8, 8)), Duration.ofMillis(5),
                Duration.ofSeconds(1), Clock.systemUTC());
        camera.close();
        assertThatThrownBy(() -> camera.next(Duration.ofSeconds(5))).isInstanceOf(DeviceException.class)
                .hasMessageContaining("closed");
        assertThat(camera.toString()).isEqualTo("ImageSequenceCamera[1 image(s)]");
    }
}
