package org.openegate.gate.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openegate.gate.decision.ReasonCode;
import org.openegate.gate.flow.GateState;
import org.openegate.gate.journal.OfficerDecision;

/** The traveller screen is told a step, never a reason (issue #9: no PAD result, no watchlist reason). */
class TravellerViewTest {

    @Test
    void everyStateAndVerdict_givesAStepThatNamesNoReason() {
        for (GateState state : GateState.values()) {
            for (String verdict : new String[] {null, "ADMIT", "REFUSE", "MANUAL_BOOTH"}) {
                String json = TravellerView.of(state.name(), verdict).toJson().encode();
                assertThat(TravellerView.of(state.name(), verdict).toJson().fieldNames()).containsExactly("step");
                for (ReasonCode reason : ReasonCode.values()) {
                    assertThat(json).as(state + "/" + verdict).doesNotContain(reason.name());
                }
                assertThat(json).doesNotContainIgnoringCase("attack").doesNotContainIgnoringCase("watchlist")
                        .doesNotContainIgnoringCase("liveness");
            }
        }
    }

    @Test
    void steps_followTheGate() {
        assertThat(TravellerView.of("IDLE", null)).isEqualTo(TravellerView.WELCOME);
        assertThat(TravellerView.of("FACE", null)).isEqualTo(TravellerView.LOOK_AT_CAMERA);
        assertThat(TravellerView.of("REFERRED", null)).isEqualTo(TravellerView.OFFICER_COMING);
        assertThat(TravellerView.of("EXIT_OPEN", "ADMIT")).isEqualTo(TravellerView.PROCEED);
        assertThat(TravellerView.of("REJECTED", OfficerDecision.Verdict.MANUAL_BOOTH.name()))
                .isEqualTo(TravellerView.MANUAL_BOOTH);
        assertThat(TravellerView.of("REJECTED", "REFUSE")).isEqualTo(TravellerView.GO_BACK);
        assertThat(TravellerView.of("FAULT", null)).isEqualTo(TravellerView.OUT_OF_SERVICE);
        assertThat(TravellerView.of("no such state", null)).isEqualTo(TravellerView.OUT_OF_SERVICE);
        assertThat(TravellerView.of(null, null)).isEqualTo(TravellerView.OUT_OF_SERVICE);
    }
}
