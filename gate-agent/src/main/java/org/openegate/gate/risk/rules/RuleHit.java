package org.openegate.gate.risk.rules;

/**
 * A risk profile that matched a traveller: the gate refers the traveller to an officer with this reason.
 *
 * @param ruleId the rule's id in its bundle, journalled with the crossing
 * @param reason the bundle's reason text for the officer (never shown to the traveller)
 */
public record RuleHit(String ruleId, String reason) {
}
