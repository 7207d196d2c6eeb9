package org.openegate.gate.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionPolicyTest {

    private final DecisionPolicy policy = DecisionPolicy.standard();

    @Test
    void decide_opensOnlyWithoutFindings() {
        assertThat(policy.decide(List.of())).isEqualTo(new Decision(Outcome.OPEN_EXIT, List.of()));
    }

    @Test
    void decide_refersOnFaceMismatchAndKeepsEveryReasonOnce() {
        Decision decision = policy.decide(List.of(ReasonCode.FACE_MISMATCH, ReasonCode.WATCHLIST_DOCUMENT,
                ReasonCode.FACE_MISMATCH));
        assertThat(decision.outcome()).isEqualTo(Outcome.REFER);
        assertThat(decision.reasons()).containsExactly(ReasonCode.FACE_MISMATCH, ReasonCode.WATCHLIST_DOCUMENT);
    }

    @Test
    void decide_rejectsWhenAnyFindingRejects() {
        Decision decision = policy.decide(List.of(ReasonCode.FACE_MISMATCH, ReasonCode.DOCUMENT_EXPIRED));
        assertThat(decision.outcome()).isEqualTo(Outcome.REJECT);
        assertThat(decision.reasons()).contains(ReasonCode.DOCUMENT_EXPIRED, ReasonCode.FACE_MISMATCH);
    }

    @Test
    void decision_refusesInconsistentValues() {
        assertThatThrownBy(() -> new Decision(Outcome.REFER, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Decision(Outcome.OPEN_EXIT, List.of(ReasonCode.FACE_MISMATCH)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
