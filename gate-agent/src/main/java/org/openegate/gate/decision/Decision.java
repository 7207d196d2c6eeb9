package org.openegate.gate.decision;

import java.util.List;

/** The gate's verdict on one traveller, with every reason that led to it (empty only for {@link Outcome#OPEN_EXIT}). */
public record Decision(Outcome outcome, List<ReasonCode> reasons) {

    public Decision {
        reasons = List.copyOf(reasons);
        if (outcome == Outcome.OPEN_EXIT && !reasons.isEmpty()) {
            throw new IllegalArgumentException("OPEN_EXIT carries no reasons, got " + reasons);
        }
        if (outcome != Outcome.OPEN_EXIT && reasons.isEmpty()) {
            throw new IllegalArgumentException(outcome + " needs at least one reason");
        }
    }
}
