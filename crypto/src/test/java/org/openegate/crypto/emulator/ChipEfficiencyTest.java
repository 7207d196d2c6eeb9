package org.openegate.crypto.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Issue #4 acceptance 4 in the normal suite, on the modelled link (424 kbit/s + 5 ms per APDU; no real time is
 * measured or waited for): with extended length a full read of a passport with a 20 kB DG2 stays within 1.5 times
 * the pure transfer time of its files; with extended length refused it costs many more APDUs. The numbers for the
 * README come from {@link ChipEfficiency#main} (docs/chip-efficiency.md).
 */
class ChipEfficiencyTest {

    @Test
    void extendedLength_readsWithin1_5TimesTheTransferLimit_underBacAndPace() {
        for (ChipEfficiency.Scenario s : new ChipEfficiency.Scenario[] {
            ChipEfficiency.Scenario.EXTENDED_PCSC_BLOCK, ChipEfficiency.Scenario.EXTENDED_MAX_BLOCK,
            ChipEfficiency.Scenario.PACE_EXTENDED_PCSC_BLOCK}) {
            ChipEfficiency.Measurement m = ChipEfficiency.measure(s);

            assertThat(m.extendedUsed()).as(s.label).isTrue();
            assertThat(m.fileBytes()).as(s.label).isGreaterThan(ChipEfficiency.DG2_BYTES);
            assertThat(m.ratio()).as(s.label + ": modelled %.1f ms, limit %.1f ms", m.modelledMillis(),
                    m.fileLimitMillis()).isLessThanOrEqualTo(1.5);
            // the model itself: every APDU costs 5 ms, every byte on the wire 8/424000 s
            assertThat(m.modelledMillis()).as(s.label).isCloseTo(5.0 * m.apdus() + m.wireLimitMillis(),
                    org.assertj.core.data.Offset.offset(0.01 * m.apdus() + 0.01));
        }
    }

    @Test
    void extendedLengthRefused_costsShortApdus_andMissesTheTarget() {
        ChipEfficiency.Measurement extended = ChipEfficiency.measure(ChipEfficiency.Scenario.EXTENDED_PCSC_BLOCK);
        ChipEfficiency.Measurement refused = ChipEfficiency.measure(ChipEfficiency.Scenario.SHORT_REFUSED);

        assertThat(refused.extendedUsed()).isFalse();
        assertThat(refused.fileBytes()).isEqualTo(extended.fileBytes());
        // 20 000 bytes of DG2 alone in 231-byte blocks: at least 87 READ BINARYs
        assertThat(refused.apdus()).isGreaterThan(87).isGreaterThan(5 * extended.apdus());
        assertThat(refused.ratio()).isGreaterThan(1.5).isGreaterThan(extended.ratio());
    }

    @Test
    void median_ofOddAndEvenCounts() {
        assertThat(ChipEfficiency.median(new double[] {3, 1, 2})).isEqualTo(2.0);
        assertThat(ChipEfficiency.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
    }
}
