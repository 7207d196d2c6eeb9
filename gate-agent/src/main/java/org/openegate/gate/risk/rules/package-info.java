/**
 * Risk profiles: a small declarative rule language carried in signed policy bundles (issue #8 part 3). The
 * content format is JSON, described in {@code gate-agent/docs/risk-rules.md}. {@link
 * org.openegate.gate.risk.rules.RiskProfiles#compile} turns verified content bytes into an immutable rule set or
 * throws a {@link org.openegate.gate.risk.rules.RiskProfileException} naming the reason, the rule id and the JSON
 * pointer of the offending field; {@link org.openegate.gate.risk.rules.ActiveRiskProfiles} swaps a new set in only
 * if it compiles whole. A matching rule yields REFER with its reason ({@link org.openegate.gate.risk.rules.RuleHit}).
 */
package org.openegate.gate.risk.rules;
