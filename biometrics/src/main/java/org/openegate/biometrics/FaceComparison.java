package org.openegate.biometrics;

/**
 * The result of comparing a probe (live capture) with a reference (chip portrait).
 *
 * @param score cosine similarity of the two templates, in [-1, 1]
 * @param threshold the decision threshold in force
 * @param match {@code score >= threshold}
 * @param probe analysis of the probe image
 * @param reference analysis of the reference image
 */
public record FaceComparison(
    double score, double threshold, boolean match, FaceAnalysis probe, FaceAnalysis reference) {

  /** Score and decision of a template-to-template comparison. */
  public record Scores(double score, double threshold, boolean match) {}
}
