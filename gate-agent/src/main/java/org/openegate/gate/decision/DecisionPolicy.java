package org.openegate.gate.decision;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns the findings of the checks into a decision, under a {@link GatePolicy}.
 *
 * <p>A finding is a reason code raised by a check. The policy names which findings reject outright (the gate
 * cannot process the traveller at all) and treats every other finding as a referral to an officer. No finding
 * means the exit opens. The gate never opens on doubt: a check that could not decide raises its own finding,
 * unless the policy ACCEPTs that check's UNDETERMINED (then the check raises none).
 */
public final class DecisionPolicy {

    /** The finding an UNDETERMINED result of each check raises. */
    private static final Map<Check, ReasonCode> UNDETERMINED_FINDING = Map.of(
            Check.MRZ, ReasonCode.MRZ_UNREADABLE,
            Check.CHIP_ACCESS, ReasonCode.CHIP_UNREADABLE,
            Check.PASSIVE_AUTHENTICATION, ReasonCode.PASSIVE_AUTH_UNDETERMINED,
            Check.CHIP_AUTHENTICITY, ReasonCode.CHIP_AUTHENTICITY_UNDETERMINED,
            Check.FACE, ReasonCode.FACE_NOT_FOUND,
            Check.PRESENTATION_ATTACK, ReasonCode.PRESENTATION_ATTACK,
            Check.DOCUMENT_VALIDITY, ReasonCode.DOCUMENT_EXPIRED,
            Check.DOCUMENT_WATCHLIST, ReasonCode.WATCHLIST_DOCUMENT);

    private final GatePolicy policy;
    private final Set<ReasonCode> rejecting;

    public DecisionPolicy(GatePolicy policy) {
        this.policy = policy;
        Set<ReasonCode> reject = policy.rejecting().isEmpty() ? EnumSet.noneOf(ReasonCode.class)
                : EnumSet.copyOf(policy.rejecting());
        policy.undetermined().forEach((check, action) -> {
            if (action == UndeterminedAction.REJECT) {
                reject.add(UNDETERMINED_FINDING.get(check));
            }
        });
        if (policy.minorOutcome() == Outcome.REJECT) {
            reject.add(ReasonCode.MINOR);
        }
        this.rejecting = reject;
    }

    /** The demo's default, {@link GatePolicy#standard()}. */
    public static DecisionPolicy standard() {
        return new DecisionPolicy(GatePolicy.standard());
    }

    public GatePolicy policy() {
        return policy;
    }

    /** The finding an UNDETERMINED {@code check} raises under this policy, or none when the policy accepts it. */
    public List<ReasonCode> onUndetermined(Check check) {
        return policy.onUndetermined(check) == UndeterminedAction.ACCEPT ? List.of()
                : List.of(UNDETERMINED_FINDING.get(check));
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
