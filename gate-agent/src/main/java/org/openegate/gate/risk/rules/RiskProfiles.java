package org.openegate.gate.risk.rules;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * A compiled, immutable set of risk profiles. Thread-safe: it holds no mutable state.
 *
 * <p>Semantics: a rule matches when every condition of its {@code when} holds; a condition on an attribute the
 * traveller lacks is false. Age, document age and time of day are taken at the crossing instant in the bundle's
 * time zone. {@link #evaluate} returns every matching rule, in bundle order; any hit means REFER.
 */
public final class RiskProfiles {

    private static final RiskProfiles EMPTY = new RiskProfiles(List.of(), ZoneId.of("UTC"), 10);

    private final List<Rule> rules;
    private final ZoneId zone;
    private final int assumedValidityYears;

    RiskProfiles(List<Rule> rules, ZoneId zone, int assumedValidityYears) {
        this.rules = List.copyOf(rules);
        this.zone = zone;
        this.assumedValidityYears = assumedValidityYears;
    }

    /**
     * Compiles verified bundle content (the bytes inside the signed envelope, format in docs/risk-rules.md).
     *
     * @throws RiskProfileException the first fault, with its reason, rule id and JSON pointer; nothing is compiled
     */
    public static RiskProfiles compile(byte[] content) throws RiskProfileException {
        return RuleCompiler.compile(content);
    }

    /** No profiles: nobody is referred by a risk profile. What a gate runs before its first policy bundle. */
    public static RiskProfiles empty() {
        return EMPTY;
    }

    /** Every rule that matches, in bundle order; empty when none does. */
    public List<RuleHit> evaluate(TravellerAttributes traveller) {
        Condition.Context context = new Condition.Context(traveller.at().atZone(zone), assumedValidityYears);
        List<RuleHit> hits = new ArrayList<>(1);
        for (Rule rule : rules) {
            if (rule.matches(traveller, context)) {
                hits.add(new RuleHit(rule.id(), rule.reason()));
            }
        }
        return List.copyOf(hits);
    }

    /** The rule ids, in bundle order. */
    public List<String> ruleIds() {
        return rules.stream().map(Rule::id).toList();
    }

    public int size() {
        return rules.size();
    }

    public ZoneId timeZone() {
        return zone;
    }

    @Override
    public String toString() {
        return "RiskProfiles[" + rules.size() + " rules, " + zone + "]";
    }
}
