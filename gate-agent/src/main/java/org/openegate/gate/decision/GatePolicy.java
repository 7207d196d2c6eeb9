package org.openegate.gate.decision;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The border authority's rules for one gate, validated whole and immutable (see {@code config.ConfigLoader} for
 * how a YAML policy is read and every bad field named).
 *
 * @param mandatoryChecks       checks that must run and pass; NOT_SUPPORTED or UNDETERMINED on them never opens
 *                              the exit (their {@link #undetermined} action must be REFER or REJECT)
 * @param faceThreshold         minimum cosine similarity of live face and chip portrait
 * @param padThreshold          minimum liveness score of the live capture; below it is a suspected presentation
 *                              attack
 * @param minorUnderAge         travellers younger than this are minors; 0 turns the rule off
 * @param minorOutcome          REFER or REJECT for minors
 * @param eligibleNationalities ICAO 9303-3 nationality codes allowed to use the gate; empty means every one
 * @param eligibleDocumentTypes document codes (first MRZ letter, e.g. {@code P}) the gate accepts
 * @param undetermined          per check: what an UNDETERMINED result does
 * @param rejecting             findings that reject outright; every other finding refers
 */
public record GatePolicy(
        Set<Check> mandatoryChecks,
        double faceThreshold,
        double padThreshold,
        int minorUnderAge,
        Outcome minorOutcome,
        Set<String> eligibleNationalities,
        Set<String> eligibleDocumentTypes,
        Map<Check, UndeterminedAction> undetermined,
        Set<ReasonCode> rejecting) {

    public GatePolicy {
        mandatoryChecks = Set.copyOf(mandatoryChecks);
        eligibleNationalities = Set.copyOf(eligibleNationalities);
        eligibleDocumentTypes = Set.copyOf(eligibleDocumentTypes);
        undetermined = Map.copyOf(undetermined);
        rejecting = Set.copyOf(rejecting);
        if (minorOutcome == Outcome.OPEN_EXIT) {
            throw new IllegalArgumentException("minors cannot open the exit: minorOutcome must be REFER or REJECT");
        }
        for (Check check : mandatoryChecks) {
            if (undetermined.get(check) == UndeterminedAction.ACCEPT) {
                throw new IllegalArgumentException("mandatory check " + check + " cannot ACCEPT an UNDETERMINED result");
            }
        }
    }

    /**
     * The demo's and the example config's policy: every check mandatory except chip authenticity (many passports
     * lack CA/AA), face 0.34 and liveness 0.5 (the biometrics module's defaults), minors under 18 referred, every
     * nationality, passports only, an expired document or unreadable MRZ rejects, everything else refers; an
     * UNDETERMINED chip authenticity is accepted. The same policy as {@code gate-example.yaml}.
     */
    public static GatePolicy standard() {
        Map<Check, UndeterminedAction> undetermined = new EnumMap<>(Check.class);
        for (Check check : Check.values()) {
            undetermined.put(check, UndeterminedAction.REFER);
        }
        // Chip authenticity is optional (many passports lack CA/AA) and only UNDETERMINED when PA already failed,
        // which refers on its own; an unreadable MRZ cannot be processed at all.
        undetermined.put(Check.CHIP_AUTHENTICITY, UndeterminedAction.ACCEPT);
        undetermined.put(Check.MRZ, UndeterminedAction.REJECT);
        Set<Check> mandatory = EnumSet.allOf(Check.class);
        mandatory.remove(Check.CHIP_AUTHENTICITY);
        return new GatePolicy(mandatory, 0.34, 0.5, 18, Outcome.REFER, Set.of(), Set.of("P"), undetermined,
                EnumSet.of(ReasonCode.DOCUMENT_EXPIRED, ReasonCode.MRZ_UNREADABLE));
    }

    /** What an UNDETERMINED (or, for a mandatory check, NOT_SUPPORTED) result of {@code check} does. */
    public UndeterminedAction onUndetermined(Check check) {
        return undetermined.getOrDefault(check, UndeterminedAction.REFER);
    }

    public boolean mandatory(Check check) {
        return mandatoryChecks.contains(check);
    }

    public boolean eligibleNationality(String nationality) {
        return eligibleNationalities.isEmpty() || eligibleNationalities.contains(nationality);
    }
}
