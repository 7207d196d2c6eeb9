package org.openegate.gate.risk.rules;

import java.util.Objects;
import org.openegate.provisioning.bundle.BundleValidator;

/**
 * The gate's validator for POLICY bundles, whose content is a risk-profile document ({@code docs/risk-rules.md}).
 * The provisioning store has already checked the operator's signature, the target and the version; this compiles
 * the rules before anything changes and swaps them in only once the store has made the bundle active. A bundle
 * with one bad rule is refused whole, and the rules in force stay in force (issue #8, acceptance 3).
 */
public final class PolicyBundleValidator implements BundleValidator {

    private final ActiveRiskProfiles profiles;

    public PolicyBundleValidator(ActiveRiskProfiles profiles) {
        this.profiles = Objects.requireNonNull(profiles, "profiles");
    }

    @Override
    public void validate(byte[] content) throws InvalidContentException {
        try {
            RiskProfiles.compile(content);
        } catch (RiskProfileException e) {
            // The compiler's message names the reason, rule id and JSON pointer, never a traveller.
            throw new InvalidContentException(e.getMessage(), e);
        }
    }

    @Override
    public void apply(byte[] content) throws RiskProfileException {
        profiles.activate(content);
    }
}
