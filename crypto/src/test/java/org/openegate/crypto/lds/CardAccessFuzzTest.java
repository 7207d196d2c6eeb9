package org.openegate.crypto.lds;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * EF.CardAccess is read in plain from any chip before access control: its parser may only refuse input with an
 * {@link LdsException}. For input it accepts, decoding what it encodes must give the same infos. Without
 * JAZZER_FUZZ=1 only the seed corpus in {@code CardAccessFuzzTestInputs/<method>} runs (the Austrian and German files,
 * an unknown info, the factory's PACEInfo).
 */
class CardAccessFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void cardAccess_failsOnlyWithLdsException_andReencodesStably(byte[] data) {
        CardAccess access;
        try {
            access = CardAccess.parse(data);
        } catch (LdsException expected) {
            return; // a reasoned refusal
        }
        for (SecurityInfo.PaceInfo pace : access.paceInfos()) {
            pace.mapping();
        }
        access.toString();
        assertThat(CardAccess.parse(access.encode())).isEqualTo(access);
    }
}
