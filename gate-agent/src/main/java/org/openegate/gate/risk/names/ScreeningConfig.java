package org.openegate.gate.risk.names;

/**
 * Screening settings, checked whole when made.
 *
 * @param alertThreshold a match scoring at or above this (0..1) raises an alert
 * @param maxMatches how many best matches a result carries at most (alerting or not)
 */
public record ScreeningConfig(double alertThreshold, int maxMatches) {

    /** Tuned on the evaluation set with a tuning seed, not the reported one (docs/name-screening.md). */
    public static final double DEFAULT_THRESHOLD = 0.76;

    public static final ScreeningConfig DEFAULTS = new ScreeningConfig(DEFAULT_THRESHOLD, 5);

    public ScreeningConfig {
        if (!(alertThreshold >= 0.3 && alertThreshold <= 1.0)) {
            throw new NameScreeningException(NameScreeningException.Reason.BAD_CONFIG,
                    "alertThreshold " + alertThreshold + " outside 0.3..1.0");
        }
        if (maxMatches < 1 || maxMatches > 100) {
            throw new NameScreeningException(NameScreeningException.Reason.BAD_CONFIG,
                    "maxMatches " + maxMatches + " outside 1..100");
        }
    }

    public ScreeningConfig withAlertThreshold(double threshold) {
        return new ScreeningConfig(threshold, maxMatches);
    }
}
