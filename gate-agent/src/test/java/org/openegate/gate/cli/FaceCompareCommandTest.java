package org.openegate.gate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.biometrics.DemoFaces;
import org.openegate.biometrics.DemoPerson;

/**
 * {@code egate face compare}: two stills, each compared by its dominant face; a still holding several faces is
 * compared all the same and says so (additive fields {@code facesDetected} and {@code warning}).
 */
class FaceCompareCommandTest {

    @TempDir
    Path dir;

    @Test
    void compare_aPhotoWithABystanderStillMatchesAndWarns() throws Exception {
        DemoPerson collins = DemoFaces.person("eileen-collins");
        DemoPerson hopper = DemoFaces.person("grace-hopper");
        Path probe = write("probe.jpg", collins.liveCaptures().get(0).bytes());
        Path group = dir.resolve("group.png");
        ImageIO.write(sideBySide(collins.portrait().bytes(), hopper.portrait().bytes()), "png", group.toFile());

        CliTestSupport.Run run = CliTestSupport.run("face", "compare", probe.toString(), group.toString(), "--json");

        assertThat(run.status()).as(run.err()).isZero();
        JsonObject json = new JsonObject(run.out().strip());
        assertThat(json.getBoolean("match")).isTrue();
        JsonObject a = json.getJsonArray("faces").getJsonObject(0);
        JsonObject b = json.getJsonArray("faces").getJsonObject(1);
        assertThat(a.getBoolean("detected")).isTrue();
        assertThat(a.getInteger("facesDetected")).isEqualTo(1);
        assertThat(a.containsKey("warning")).isFalse();
        assertThat(b.getBoolean("detected")).isTrue();
        assertThat(b.getInteger("facesDetected")).isEqualTo(2);
        assertThat(b.getString("warning")).isEqualTo("MULTIPLE_FACES");
        assertThat(b.getJsonObject("quality")).isNotNull();

        CliTestSupport.Run text = CliTestSupport.run("face", "compare", probe.toString(), group.toString());
        assertThat(text.status()).as(text.err()).isZero();
        assertThat(text.out()).contains("MATCH").contains("warning: IMG_B holds 2 faces");
    }

    @Test
    void compare_anImageWithoutAFaceIsAResultNotAnError() throws Exception {
        BufferedImage grey = new BufferedImage(320, 240, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = grey.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 320, 240);
        g.dispose();
        Path blank = dir.resolve("blank.png");
        ImageIO.write(grey, "png", blank.toFile());
        Path face = write("face.jpg", DemoFaces.person("grace-hopper").portrait().bytes());

        CliTestSupport.Run run = CliTestSupport.run("face", "compare", face.toString(), blank.toString(), "--json");

        assertThat(run.status()).isEqualTo(1);
        JsonObject json = new JsonObject(run.out().strip());
        assertThat(json.getValue("score")).isNull();
        assertThat(json.getBoolean("match")).isFalse();
        JsonObject b = json.getJsonArray("faces").getJsonObject(1);
        assertThat(b.getBoolean("detected")).isFalse();
        assertThat(b.getString("reason")).isEqualTo("NO_FACE");
    }

    private Path write(String name, byte[] bytes) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    /** {@code left} at its own size, {@code right} at half its size beside it, on grey. */
    private static BufferedImage sideBySide(byte[] left, byte[] right) throws Exception {
        BufferedImage a = ImageIO.read(new ByteArrayInputStream(left));
        BufferedImage b = ImageIO.read(new ByteArrayInputStream(right));
        int bw = b.getWidth() / 2;
        int bh = b.getHeight() / 2;
        BufferedImage out = new BufferedImage(a.getWidth() + bw + 40, Math.max(a.getHeight(), bh),
                BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(a, 0, 0, null);
        g.drawImage(b, a.getWidth() + 20, (out.getHeight() - bh) / 2, bw, bh, null);
        g.dispose();
        return out;
    }
}
