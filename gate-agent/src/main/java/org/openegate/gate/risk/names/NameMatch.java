package org.openegate.gate.risk.names;

import java.util.List;
import java.util.Set;

/**
 * One listed person that resembles the traveller.
 *
 * @param entryId the list's id of the person (not personal data by itself)
 * @param score 0..1; see docs/name-screening.md for how it is made
 * @param alert whether score reached the configured threshold
 * @param kinds what matched and how
 * @param explanations readable reasons, e.g. "surname: transliteration variant", "date of birth: year ±1";
 *     they name name parts by role, never by value
 */
public record NameMatch(String entryId, double score, boolean alert, Set<MatchKind> kinds,
                        List<String> explanations) {

    public NameMatch {
        kinds = Set.copyOf(kinds);
        explanations = List.copyOf(explanations);
    }
}
