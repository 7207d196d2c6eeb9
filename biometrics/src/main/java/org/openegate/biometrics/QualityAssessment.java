package org.openegate.biometrics;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The verdict of a {@link QualityPolicy} on one face: passed, or every failure with its reason.
 *
 * @param failures one entry per failed limit, empty when the face passed
 */
public record QualityAssessment(List<Failure> failures) {

  /**
   * One failed limit.
   *
   * @param reason the machine-readable cause
   * @param value the measured value (no personal data: a size, an angle, a ratio)
   * @param limit the limit it missed
   * @param message a one-line explanation naming both
   */
  public record Failure(QualityReason reason, double value, double limit, String message) {}

  public QualityAssessment {
    failures = List.copyOf(failures);
  }

  public boolean passed() {
    return failures.isEmpty();
  }

  public Set<QualityReason> reasons() {
    Set<QualityReason> s = EnumSet.noneOf(QualityReason.class);
    failures.forEach(f -> s.add(f.reason()));
    return s;
  }
}
