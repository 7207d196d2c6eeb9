package org.openegate.gate.decision;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the findings of the checks into a decision.
 *
 * <p>A finding is a reason code raised by a check. The policy names which findings reject outright (the gate
 * cannot process the traveller at all) and treats every other finding as a referral to an officer. No finding
 * means the exit opens. The gate never opens on doubt: a check that could not decide raises its own finding.
 */
public final class DecisionPolicy {

    private final Set<ReasonCode> rejecting;

    public DecisionPolicy(Set<ReasonCode> rejecting) {
        this.rejecting = rejecting.isEmpty() ? EnumSet.noneOf(ReasonCode.class) : EnumSet.copyOf(rejecting);
    }

    /** The demo's default: an expired document or an unreadable MRZ rejects; everything else is referred. */
    public static DecisionPolicy standard() {
        return new DecisionPolicy(EnumSet.of(ReasonCode.DOCUMENT_EXPIRED, ReasonCode.MRZ_UNREADABLE));
    }

    public Decision decide(List<ReasonCode> findings) {
        if (findings.isEmpty()) {
            return new Decision(Outcome.OPEN_EXIT, List.of());
        }
        List<ReasonCode> distinct = new ArrayList<>(EnumSet.copyOf(findings));
        boolean reject = distinct.stream().anyMatch(rejecting::contains);
        return new Decision(reject ? Outcome.REJECT : Outcome.REFER, distinct);
    }
}
