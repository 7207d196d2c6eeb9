package org.openegate.gate.risk.names;

import java.util.List;

/**
 * The outcome of screening one traveller: the best matches, best first.
 *
 * @param matches at most {@link ScreeningConfig#maxMatches()} matches, best first
 * @param candidatesScored how many listed entries were scored in full (for tuning and metrics)
 */
public record ScreeningResult(List<NameMatch> matches, int candidatesScored) {

    public ScreeningResult {
        matches = List.copyOf(matches);
    }

    /** True if any match reached the alert threshold. */
    public boolean alert() {
        return !matches.isEmpty() && matches.get(0).alert();
    }

    /** The best match's score, 0 when nothing resembled the traveller. */
    public double bestScore() {
        return matches.isEmpty() ? 0.0 : matches.get(0).score();
    }
}
