package org.openegate.crypto.lds;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Untrusted DG11 and DG12 bytes. Accepted input must re-encode to the bytes it was read from (the object, without any
 * padding after it) and decode again to an equal value; refused input may only raise {@link LdsException}. Without
 * {@code JAZZER_FUZZ=1} only the seed corpus under {@code Dg11Dg12FuzzTestInputs/<method>/} runs.
 */
class Dg11Dg12FuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parseDg11_failsOnlyWithLdsException(byte[] input) {
        Dg11 dg11;
        try {
            dg11 = Dg11.parse(input);
        } catch (LdsException expected) {
            assertThat(expected.reason()).isNotNull();
            return;
        }
        byte[] encoded = dg11.encode();
        assertThat(encoded).isEqualTo(Arrays.copyOf(input, encoded.length));
        assertThat(Dg11.parse(encoded)).isEqualTo(dg11);
        assertThat(dg11.toString()).startsWith("Dg11[tags=");
    }

    @FuzzTest(maxDuration = "30s")
    void parseDg12_failsOnlyWithLdsException(byte[] input) {
        Dg12 dg12;
        try {
            dg12 = Dg12.parse(input);
        } catch (LdsException expected) {
            assertThat(expected.reason()).isNotNull();
            return;
        }
        byte[] encoded = dg12.encode();
        assertThat(encoded).isEqualTo(Arrays.copyOf(input, encoded.length));
        assertThat(Dg12.parse(encoded)).isEqualTo(dg12);
        assertThat(dg12.toString()).startsWith("Dg12[tags=");
    }
}
