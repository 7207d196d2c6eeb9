package org.openegate.gate.device.serial;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.openegate.crypto.mrz.Mrz;
import org.openegate.gate.device.MrzRejection;

/**
 * Arbitrary bytes from a "document reader", in arbitrary chunks and pauses, through the framer and the check-digit
 * validation the serial reader applies: nothing may throw, every frame must have the shape the framer promises, and
 * nothing may grow beyond its bounds. In the normal build this replays the seeds in
 * {@code src/test/resources/org/openegate/gate/device/serial/MrzFramerFuzzTestInputs/feed/}; fuzz with
 * {@code JAZZER_FUZZ=1 mvn -pl gate-agent -am test -Dtest=MrzFramerFuzzTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class MrzFramerFuzzTest {

    private static final Set<Integer> MRZ_LENGTHS = Set.of(30, 36, 44);

    /**
     * The first byte chooses the block check (bit 0) and the chunk size (bits 1-5, 1..32 bytes); each chunk is fed
     * after a pause of its first byte times 4 ms, so both sides of the 500 ms inter-line timeout are reached.
     */
    @FuzzTest(maxDuration = "30s")
    void feed(byte[] data) {
        if (data.length == 0) {
            return;
        }
        boolean blockCheck = (data[0] & 1) != 0;
        int chunk = ((data[0] >> 1) & 0x1F) + 1;
        List<MrzRejection> rejections = new ArrayList<>();
        MrzFramer framer = new MrzFramer(64, Duration.ofMillis(500), blockCheck, rejections::add);
        long now = 0;
        List<List<String>> frames = new ArrayList<>();
        for (int i = 1; i < data.length; i += chunk) {
            int n = Math.min(chunk, data.length - i);
            byte[] part = new byte[n];
            System.arraycopy(data, i, part, 0, n);
            now += (part[0] & 0xFF) * 4L;
            frames.addAll(framer.feed(part, n, now));
        }
        framer.tick(now + 10_000);
        assertThat(framer.pending()).as("a long pause leaves nothing held").isFalse();

        for (List<String> frame : frames) {
            assertThat(frame).hasSizeBetween(1, 3);
            for (String line : frame) {
                assertThat(MRZ_LENGTHS).contains(line.length());
                assertThat(line.chars().allMatch(MrzFramer::isMrzChar)).isTrue();
            }
            // the serial reader's validation: a result or a rejection, nothing else
            Mrz mrz = SerialMrzReader.validate(frame, rejections::add);
            if (mrz != null) {
                assertThat(mrz.valid()).isTrue();
                assertThat(mrz.lines()).isEqualTo(frame);
            }
        }
        for (MrzRejection r : rejections) {
            assertThat(r.detail()).isNotBlank();
            assertThat(r.detail().length()).as("a rejection's detail is bounded").isLessThan(400);
        }
    }
}
