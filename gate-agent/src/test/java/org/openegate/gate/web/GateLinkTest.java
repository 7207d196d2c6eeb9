package org.openegate.gate.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.openegate.gate.decision.Decision;
import org.openegate.gate.decision.Outcome;
import org.openegate.gate.decision.ReasonCode;
import org.openegate.gate.flow.CrossingPipeline;
import org.openegate.gate.journal.CrossingRecord;
import org.openegate.mqtt.E2eOpener;
import org.openegate.mqtt.OperatorKeys;

/** What a referral case carries when it leaves the gate: metadata in clear, personal data sealed for the console. */
class GateLinkTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T04:00:00Z"), ZoneOffset.UTC);

    static byte[] jpeg(int width, int height) throws Exception {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var random = new java.util.Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // A gradient with some grain: compresses like a photograph, not like noise or a flat colour.
                int v = (x * 255 / width + y * 255 / height) / 2 + random.nextInt(24);
                image.setRGB(x, y, (Math.min(v, 255) << 16) | (Math.min(v + 20, 255) << 8) | Math.min(v + 40, 255));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    static CrossingPipeline.Crossing referral(byte[] live, byte[] portrait) {
        JsonObject checks = new JsonObject()
                .put("face", new JsonObject().put("status", "FAILED").put("reason", "MISMATCH").put("score", 0.21)
                        .put("threshold", 0.34))
                .put("presentationAttack", new JsonObject().put("status", "PASSED").put("reason", "LIVE"));
        JsonObject personal = new JsonObject().put("surname", "ERIKSSON").put("givenNames", "ANNA MARIA")
                .put("documentNumber", "L898902C3").put("dateOfBirth", "740812");
        Decision decision = new Decision(Outcome.REFER, List.of(ReasonCode.FACE_MISMATCH));
        CrossingRecord record = new CrossingRecord("0b7c2a2e-1111-4222-8333-444455556666", "gate-01",
                CLOCK.instant(), CLOCK.instant(), decision, checks, new JsonObject(), new JsonObject(), personal,
                new JsonObject().put("nationality", "UTO").put("sex", "F"));
        return new CrossingPipeline.Crossing(record, decision, new JsonObject(),
                new CrossingPipeline.Evidence(Optional.ofNullable(live), Optional.ofNullable(portrait)));
    }

    private final SecureRandom random = new SecureRandom();
    private KeyPair console;
    private io.vertx.core.Vertx vertx;
    private GateLink link;

    @org.junit.jupiter.api.BeforeEach
    void link() throws Exception {
        console = ConsoleRig.p256(random);
        vertx = io.vertx.core.Vertx.vertx();
        link = GateLink.forTest(vertx, "gate-01", new ConsoleKeys("console-e2e-1", (ECPublicKey) console.getPublic(),
                OperatorKeys.none()), CLOCK, random);
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void referralCase_sealsMrzForTheConsole_andSaysImagesFollow() throws Exception {
        ObjectNode sealed = link.referralCase(referral(jpeg(1200, 1600), jpeg(600, 800)));

        String wire = sealed.toString();
        // The first record is small: no image in it, so the card appears before the images are scaled.
        assertThat(wire.length()).isLessThan(8_000);
        assertThat(wire).doesNotContain("ERIKSSON").doesNotContain("L898902C3").doesNotContain("740812")
                .doesNotContain("surname").doesNotContain("liveImage").doesNotContain("nationality");
        assertThat(sealed.has("traveller")).isFalse(); // (a 3-letter code could turn up in the base64 by chance)
        assertThat(sealed.get("reasons").get(0).asText()).isEqualTo("FACE_MISMATCH");
        assertThat(sealed.get("checks").get("face").get("score").asDouble()).isEqualTo(0.21);
        assertThat(sealed.get("faceToFaceRequired").asBoolean()).isTrue();
        assertThat(sealed.get("imagesFollow").asBoolean()).isTrue();

        ObjectNode opened = new E2eOpener(Map.of("console-e2e-1", console)).open(sealed);
        assertThat(opened.get("traveller").get("documentNumber").asText()).isEqualTo("L898902C3");
        assertThat(opened.get("traveller").get("nationality").asText()).isEqualTo("UTO");
        assertThat(opened.has("liveImage")).isFalse();
    }

    @Test
    void referralCase_withoutImages_saysNoneFollow() {
        ObjectNode sealed = link.referralCase(referral(null, null));
        assertThat(sealed.get("imagesFollow").asBoolean()).isFalse();
    }

    @Test
    void referralImages_areSealedForTheConsole_andShrunk() throws Exception {
        var crossing = referral(jpeg(1200, 1600), jpeg(600, 800));
        ObjectNode sealed = link.referralImages(crossing.record().transactionId(), crossing.evidence());

        String wire = sealed.toString();
        assertThat(wire.length()).isLessThan(org.openegate.mqtt.OutboxEvent.MAX_PAYLOAD_BYTES);
        assertThat(wire).doesNotContain("liveImage").doesNotContain("portrait").doesNotContain("/9j/");
        assertThat(sealed.get("kind").asText()).isEqualTo("referral-images");
        assertThat(sealed.get("transactionId").asText()).isEqualTo(crossing.record().transactionId());

        ObjectNode opened = new E2eOpener(Map.of("console-e2e-1", console)).open(sealed);
        assertThat(opened.get("liveImage").get("type").asText()).isEqualTo("image/jpeg");
        BufferedImage live = ImageIO.read(new ByteArrayInputStream(
                Base64.getDecoder().decode(opened.get("liveImage").get("data").asText())));
        assertThat(live.getWidth()).isEqualTo(360);
        assertThat(live.getHeight()).isEqualTo(480);
        assertThat(opened.get("portrait").get("type").asText()).isEqualTo("image/jpeg");
    }

    @Test
    void referralImages_tooLargeEvenShrunk_areDroppedWithTheReason() throws Exception {
        byte[] undecodable = new byte[150_000]; // not an image ImageIO reads (a JPEG 2000 stands in): kept as is
        undecodable[0] = 0x00;
        var crossing = referral(undecodable, undecodable);
        ObjectNode sealed = link.referralImages(crossing.record().transactionId(), crossing.evidence());
        assertThat(sealed.toString().length()).isLessThan(org.openegate.mqtt.OutboxEvent.MAX_PAYLOAD_BYTES);
        assertThat(sealed.get("imagesOmitted").asText()).contains("record limit");
        assertThat(sealed.has("personal")).isFalse();
        // The case itself is whole: MRZ data and checks do not depend on the images.
        ObjectNode opened = new E2eOpener(Map.of("console-e2e-1", console)).open(link.referralCase(crossing));
        assertThat(opened.get("traveller").get("surname").asText()).isEqualTo("ERIKSSON");
    }

    @Test
    void gateReferralCase_carriesTheReason_needsFaceToFace_andNoPersonalData() {
        ObjectNode sealed = link.gateReferralCase("0b7c2a2e-1111-4222-8333-444455556666", "TIMEOUT",
                org.openegate.gate.flow.GateState.CHIP);
        assertThat(sealed.get("reasons").get(0).asText()).isEqualTo("TIMEOUT");
        assertThat(sealed.get("during").asText()).isEqualTo("CHIP");
        assertThat(sealed.get("faceToFaceRequired").asBoolean()).isTrue();
        assertThat(sealed.get("imagesFollow").asBoolean()).isFalse();
        assertThat(sealed.has("personal")).isFalse();
        assertThat(sealed.get("transactionId").asText()).isEqualTo("0b7c2a2e-1111-4222-8333-444455556666");
    }
}
