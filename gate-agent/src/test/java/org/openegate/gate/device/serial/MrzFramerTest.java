package org.openegate.gate.device.serial;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openegate.gate.device.MrzRejection;
import org.openegate.gate.device.MrzRejection.Reason;

/** Framing of a document reader's byte stream, byte by byte, with hostile input. Time is given by the test. */
class MrzFramerTest {

    // ICAO Doc 9303-4 Appendix A specimen (TD3) and 9303-5 Appendix A specimen (TD1)
    static final String TD3_1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<";
    static final String TD3_2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10";
    static final String TD1_1 = "I<UTOD231458907<<<<<<<<<<<<<<<";
    static final String TD1_2 = "7408122F1204159UTO<<<<<<<<<<<6";
    static final String TD1_3 = "ERIKSSON<<ANNA<MARIA<<<<<<<<<<";

    private final List<MrzRejection> rejections = new ArrayList<>();
    private final MrzFramer framer = new MrzFramer(64, Duration.ofMillis(500), false, rejections::add);
    private long now = 1_000;

    private List<List<String>> feed(byte[] bytes) {
        return framer.feed(bytes, bytes.length, now);
    }

    private List<List<String>> feed(String text) {
        return feed(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void feed_td3WithCrLfIsOneFrame() {
        assertThat(feed(TD3_1 + "\r\n" + TD3_2 + "\r\n")).containsExactly(List.of(TD3_1, TD3_2));
        assertThat(rejections).isEmpty();
        assertThat(framer.pending()).isFalse();
    }

    @Test
    void feed_td1WithBareCrTakesThreeLines() {
        assertThat(feed(TD1_1 + "\r" + TD1_2 + "\r")).isEmpty();
        assertThat(feed(TD1_3 + "\r")).containsExactly(List.of(TD1_1, TD1_2, TD1_3));
    }

    @Test
    void feed_oneByteAtATimeGivesTheSameFrame() {
        byte[] all = (TD3_1 + "\n" + TD3_2 + "\n").getBytes(StandardCharsets.US_ASCII);
        List<List<String>> frames = new ArrayList<>();
        for (byte b : all) {
            frames.addAll(framer.feed(new byte[] {b}, 1, now++));
        }
        assertThat(frames).containsExactly(List.of(TD3_1, TD3_2));
    }

    @Test
    void feed_stxEtxFrameWithBlankLines() {
        assertThat(feed("\u0002" + TD3_1 + "\r\n" + TD3_2 + "\r\n\r\n\u0003")).containsExactly(List.of(TD3_1, TD3_2));
        assertThat(rejections).isEmpty();
    }

    @Test
    void feed_stxEtxWithoutFinalLineEnd() {
        assertThat(feed("\u0002" + TD3_1 + "\r" + TD3_2 + "\u0003")).containsExactly(List.of(TD3_1, TD3_2));
    }

    @Test
    void feed_blockCheckMatchingIsAcceptedWrongIsRejected() {
        MrzFramer checked = new MrzFramer(64, Duration.ofMillis(500), true, rejections::add);
        byte[] good = stxFrame(TD3_1 + "\r" + TD3_2 + "\r", 0);
        assertThat(checked.feed(good, good.length, now)).containsExactly(List.of(TD3_1, TD3_2));
        byte[] bad = stxFrame(TD3_1 + "\r" + TD3_2 + "\r", 0x5A);
        assertThat(checked.feed(bad, bad.length, now)).isEmpty();
        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(Reason.FRAME_CHECKSUM);
            assertThat(r.detail()).contains("byte offset " + (good.length + bad.length - 1));
        });
        // resynchronised: the next good frame passes
        assertThat(checked.feed(good, good.length, now)).hasSize(1);
    }

    /** STX, the body, ETX and the XOR of body and ETX (xor-ed with {@code spoil} to break it). */
    static byte[] stxFrame(String body, int spoil) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(MrzFramer.STX);
        int bcc = 0;
        for (byte b : body.getBytes(StandardCharsets.US_ASCII)) {
            out.write(b);
            bcc ^= b & 0xFF;
        }
        out.write(MrzFramer.ETX);
        bcc ^= MrzFramer.ETX;
        out.write(bcc ^ spoil);
        return out.toByteArray();
    }

    @Test
    void feed_garbageDropsTheLineAndResynchronisesAtTheNextLineEnd() {
        assertThat(feed("\u00ff\u0000xyz?" + TD3_1 + "\r\n")).isEmpty();
        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(Reason.GARBAGE);
            assertThat(r.detail()).contains("0xFF").contains("byte offset 0");
        });
        assertThat(feed(TD3_1 + "\r\n" + TD3_2 + "\r\n")).containsExactly(List.of(TD3_1, TD3_2));
    }

    @Test
    void feed_garbageMidFrameDropsTheFrame() {
        assertThat(feed(TD3_1 + "\r\n" + TD3_2.substring(0, 10) + "#" + TD3_2.substring(11) + "\r\n")).isEmpty();
        assertThat(rejections).extracting(MrzRejection::reason).containsExactly(Reason.GARBAGE);
        assertThat(framer.pending()).isFalse();
    }

    @Test
    void feed_overlongLineIsDroppedWithoutGrowingAndNamesTheLimit() {
        String noise = "A".repeat(100_000);
        assertThat(feed(noise + "\n")).isEmpty();
        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(Reason.LINE_TOO_LONG);
            assertThat(r.detail()).contains("longer than 64").contains("byte offset 64");
        });
        assertThat(feed(TD3_1 + "\n" + TD3_2 + "\n")).hasSize(1);
    }

    @Test
    void feed_lineOfNoMrzLengthIsRejectedAndNamesItsLength() {
        assertThat(feed("OK\r\n" + TD3_1 + "\r\n" + TD3_2 + "\r\n")).hasSize(1);
        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(Reason.NOT_AN_MRZ);
            assertThat(r.detail()).contains("a line of 2 characters");
        });
    }

    @Test
    void feed_partialFrameThenSilenceIsDroppedAfterTheInterLineTimeout() {
        assertThat(feed(TD3_1 + "\r\n")).isEmpty();
        now += 400;
        framer.tick(now);
        assertThat(rejections).isEmpty();
        now += 200;
        framer.tick(now);
        assertThat(rejections).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(Reason.PARTIAL_FRAME);
            assertThat(r.detail()).contains("after 1 complete line(s)").contains("600 ms");
        });
        // the stale first line is not glued to the next document's lines
        assertThat(feed(TD3_1 + "\r\n" + TD3_2 + "\r\n")).containsExactly(List.of(TD3_1, TD3_2));
    }

    @Test
    void feed_linesOfAnotherFormatCutTheFrameAndStartANewOne() {
        assertThat(feed(TD1_1 + "\r\n" + TD3_1 + "\r\n" + TD3_2 + "\r\n")).containsExactly(List.of(TD3_1, TD3_2));
        assertThat(rejections).extracting(MrzRejection::reason).containsExactly(Reason.PARTIAL_FRAME);
    }

    @Test
    void feed_newStxInsideAFrameReportsThePartialOne() {
        assertThat(feed("\u0002" + TD3_1 + "\r\u0002" + TD3_1 + "\r" + TD3_2 + "\r\u0003"))
                .containsExactly(List.of(TD3_1, TD3_2));
        assertThat(rejections).extracting(MrzRejection::reason).containsExactly(Reason.PARTIAL_FRAME);
    }

    @Test
    void feed_garbageInsideStxFrameSkipsToEtx() {
        assertThat(feed("\u0002" + TD3_1 + "\r#\r" + TD3_2 + "\r\u0003" + "\u0002" + TD3_1 + "\r" + TD3_2 + "\r\u0003"))
                .containsExactly(List.of(TD3_1, TD3_2));
        assertThat(rejections).extracting(MrzRejection::reason).containsExactly(Reason.GARBAGE);
    }

    @Test
    void feed_moreThanThreeLinesInStxFrameIsNotAnMrz() {
        assertThat(feed("\u0002" + (TD1_1 + "\r").repeat(5) + "\u0003")).isEmpty();
        assertThat(rejections).extracting(MrzRejection::reason).containsExactly(Reason.NOT_AN_MRZ);
        assertThat(framer.pending()).isFalse();
    }

    @Test
    void rejections_neverCarryMrzCharacters() {
        feed(TD3_1 + "\r\n#");
        feed(TD3_2.repeat(3) + "\n");
        feed(TD3_1.substring(0, 20) + "\n");
        now += 10_000;
        feed(TD3_1 + "\n");
        framer.tick(now + 10_000);
        assertThat(rejections).hasSizeGreaterThanOrEqualTo(3);
        for (MrzRejection r : rejections) {
            assertThat(r.detail()).doesNotContain("ERIKSSON").doesNotContain("L898902C").doesNotContain("UTO");
        }
    }
}
