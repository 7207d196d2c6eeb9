package org.openegate.gate.risk.rules;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.tinylog.Logger;

/**
 * The risk profiles in force at the gate. {@link #activate} compiles a new bundle's content whole and swaps it in
 * atomically; a bundle that does not compile changes nothing (issue #8, acceptance 3). A crossing evaluates one
 * set from start to end, never a mix of old and new rules.
 */
public final class ActiveRiskProfiles {

    private final AtomicReference<RiskProfiles> current;

    /** Starts with no profiles. */
    public ActiveRiskProfiles() {
        this(RiskProfiles.empty());
    }

    public ActiveRiskProfiles(RiskProfiles initial) {
        this.current = new AtomicReference<>(initial);
    }

    /**
     * Compiles {@code content} and, only if the whole of it compiles, makes it the active set.
     *
     * @return the newly active set
     * @throws RiskProfileException why the content was refused; the previous set stays active
     */
    public RiskProfiles activate(byte[] content) throws RiskProfileException {
        RiskProfiles next;
        try {
            next = RiskProfiles.compile(content);
        } catch (RiskProfileException e) {
            Logger.warn("risk profiles refused, {} stays active: {}", current.get(), e.getMessage());
            throw e;
        }
        current.set(next);
        Logger.info("risk profiles activated: {}", next);
        return next;
    }

    public RiskProfiles current() {
        return current.get();
    }

    /** Evaluates the active set. */
    public List<RuleHit> evaluate(TravellerAttributes traveller) {
        return current.get().evaluate(traveller);
    }
}
