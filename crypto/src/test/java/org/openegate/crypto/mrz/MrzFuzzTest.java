package org.openegate.crypto.mrz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/**
 * Arbitrary strings into the MRZ parser: the only exception allowed out is {@link MrzException}, and everything a
 * parsed MRZ offers must then work. In the normal build this replays the seeds in
 * {@code src/test/resources/org/openegate/crypto/mrz/MrzFuzzTestInputs/parse/}; fuzz with
 * {@code JAZZER_FUZZ=1 mvn -pl crypto test -Dtest=MrzFuzzTest}.
 */
class MrzFuzzTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);

    @FuzzTest(maxDuration = "30s")
    void parse(byte[] data) {
        String input = new String(data, StandardCharsets.UTF_8);
        exercise(() -> Mrz.parse(input));
        exercise(() -> Mrz.parse(input.split("\n", -1)));
    }

    private static void exercise(Supplier<Mrz> parse) {
        Mrz mrz;
        try {
            mrz = parse.get();
        } catch (MrzException refused) {
            assertThat(refused.reason()).isNotNull();
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(mrz.lines()).hasSize(mrz.format().lineCount());
        assertThat(mrz.valid()).isEqualTo(!mrz.checks().containsValue(false));
        assertThat(mrz.mrzInformation()).hasSizeGreaterThanOrEqualTo(24);
        assertThat(mrz.toString()).contains("redacted");
        try {
            mrz.resolvedDateOfBirth(CLOCK);
        } catch (MrzException unresolvable) {
            assertThat(unresolvable.reason()).isEqualTo(MrzException.Reason.BAD_DATE);
        }
        try {
            mrz.resolvedDateOfExpiry(CLOCK);
        } catch (MrzException unresolvable) {
            assertThat(unresolvable.reason()).isEqualTo(MrzException.Reason.BAD_DATE);
        }
    }
}
