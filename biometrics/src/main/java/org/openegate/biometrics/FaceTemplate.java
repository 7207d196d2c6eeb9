package org.openegate.biometrics;

import java.util.Arrays;

/**
 * A face embedding: 512 floats from {@code fr_feature}, L2-normalised, so cosine similarity is a dot
 * product. A template identifies a person: it is never printed or logged ({@link #toString()} is
 * redacted) and callers should not persist it longer than a crossing needs.
 */
public final class FaceTemplate {

  /** Embedding dimension of {@code fr_feature}. */
  public static final int DIMENSION = 512;

  private final float[] values;

  private FaceTemplate(float[] values) {
    this.values = values;
  }

  /**
   * Wraps a raw embedding, normalising it to unit length.
   *
   * @throws IllegalArgumentException if it is not {@value #DIMENSION}-d, or is zero or not finite
   */
  public static FaceTemplate of(float[] embedding) {
    if (embedding.length != DIMENSION) {
      throw new IllegalArgumentException(
          "template has " + embedding.length + " values, expected " + DIMENSION);
    }
    double sum = 0;
    for (float v : embedding) {
      sum += (double) v * v;
    }
    double norm = Math.sqrt(sum);
    if (!(norm > 1e-12) || Double.isInfinite(norm)) {
      throw new IllegalArgumentException("template norm is " + norm + ", cannot normalise");
    }
    float[] unit = new float[DIMENSION];
    for (int i = 0; i < DIMENSION; i++) {
      unit[i] = (float) (embedding[i] / norm);
    }
    return new FaceTemplate(unit);
  }

  /** Cosine similarity in [-1, 1]; higher is more alike. */
  public double similarity(FaceTemplate other) {
    double dot = 0;
    for (int i = 0; i < DIMENSION; i++) {
      dot += (double) values[i] * other.values[i];
    }
    return Math.max(-1.0, Math.min(1.0, dot));
  }

  /** A copy of the unit-length embedding. */
  public float[] toArray() {
    return values.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaceTemplate t && Arrays.equals(values, t.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "FaceTemplate[" + DIMENSION + "-d, redacted]";
  }
}
