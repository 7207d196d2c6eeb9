package org.openegate.biometrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tinylog.Logger;

/**
 * Verification accuracy on a pairs list, as {@code egate face eval} reports it.
 *
 * <p>The CSV has a header and rows {@code fold,same_person,image1,image2} with paths relative to a
 * root folder and {@code same_person} 1 or 0. Each image is embedded once. A pair whose image fails
 * (no face, undecodable) is scored -1, i.e. rejected, and counted in {@link Result#failures()}.
 *
 * <p>Each image is a still compared 1:1, as {@link FaceEngine#compare} does: its dominant face is
 * taken ({@link MultipleFaces#DOMINANT}), a bystander in the photo does not refuse it. The
 * lane-safety refusal of a second face belongs to live capture ({@link LiveCapture}).
 */
public final class Evaluation {

  /**
   * @param pairs rows read
   * @param genuine same-person pairs
   * @param impostor different-person pairs
   * @param failures pairs where an image could not be embedded
   * @param fnmrAtFmr1e2 FNMR at the lowest threshold with FMR <= 1e-2
   * @param fnmrAtFmr1e3 FNMR at the lowest threshold with FMR <= 1e-3
   * @param eer equal error rate
   * @param threshold the threshold for FMR <= 1e-3
   * @param curve the full DET curve
   * @param failedImages images that could not be embedded, counted by reason
   */
  public record Result(
      int pairs,
      int genuine,
      int impostor,
      int failures,
      double fnmrAtFmr1e2,
      double fnmrAtFmr1e3,
      double eer,
      double threshold,
      DetCurve curve,
      Map<FaceException.Reason, Integer> failedImages) {

    public Result {
      failedImages = Map.copyOf(failedImages);
    }
  }

  private Evaluation() {}

  /** Computes the summary figures of given scores and labels. */
  public static Result summarise(double[] scores, boolean[] genuine, int failures) {
    return summarise(scores, genuine, failures, Map.of());
  }

  static Result summarise(
      double[] scores, boolean[] genuine, int failures, Map<FaceException.Reason, Integer> failed) {
    DetCurve curve = DetCurve.of(scores, genuine);
    return new Result(
        scores.length,
        curve.genuineCount(),
        curve.impostorCount(),
        failures,
        curve.fnmrAtFmr(1e-2),
        curve.fnmrAtFmr(1e-3),
        curve.eer(),
        curve.thresholdAtFmr(1e-3),
        curve,
        failed);
  }

  /**
   * Runs the engine over a pairs CSV.
   *
   * @param aligned {@code true} for pre-aligned 112x112 crops ({@link FaceEngine#embedAligned}),
   *     {@code false} for full images ({@link FaceEngine#analyse})
   * @throws IOException if the CSV or an image cannot be read
   * @throws IllegalArgumentException on a malformed CSV row (the line number is named)
   */
  public static Result run(FaceEngine engine, Path pairsCsv, Path root, boolean aligned)
      throws IOException {
    return run(pairsCsv, root, (path, bytes) ->
        aligned ? engine.embedAligned(bytes)
            : engine.analyse(bytes, MultipleFaces.DOMINANT).template());
  }

  /**
   * Runs the full pipeline (decode, detection at 320x240, landmarks, alignment, embedding) over a
   * pairs CSV of aligned crops, each first re-framed as an unaligned capture ({@link Reframe}):
   * acceptance 2 of issue #5. The frames are made from stills (news photos), so they are analysed
   * as stills ({@link MultipleFaces#DOMINANT}). {@code egate face eval --reframe 640x480 --seed N}.
   *
   * @throws IOException if the CSV or an image cannot be read
   * @throws IllegalArgumentException on a malformed CSV row
   */
  public static Result runReframed(FaceEngine engine, Path pairsCsv, Path root, Reframe reframe)
      throws IOException {
    return run(pairsCsv, root, (path, bytes) ->
        engine.analyse(Reframer.reframe(bytes, reframe, path), MultipleFaces.DOMINANT).template());
  }

  /** Turns one image (its CSV path and bytes) into a template, or throws FaceException. */
  @FunctionalInterface
  interface Embedder {
    FaceTemplate embed(String path, byte[] bytes);
  }

  static Result run(Path pairsCsv, Path root, Embedder embedder) throws IOException {
    List<String> lines = Files.readAllLines(pairsCsv, StandardCharsets.UTF_8);
    Map<String, FaceTemplate> templates = new HashMap<>();
    Map<String, FaceException> failed = new HashMap<>();
    int rows = 0;
    for (String line : lines) {
      if (!line.isBlank() && !line.startsWith("fold")) {
        rows++;
      }
    }
    double[] scores = new double[rows];
    boolean[] labels = new boolean[rows];
    int failures = 0;
    int row = 0;
    for (int n = 0; n < lines.size(); n++) {
      String line = lines.get(n);
      if (line.isBlank() || line.startsWith("fold")) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != 4 || !(f[1].equals("0") || f[1].equals("1"))) {
        throw new IllegalArgumentException(
            pairsCsv.getFileName() + " line " + (n + 1)
                + ": expected fold,same_person(0|1),image1,image2");
      }
      labels[row] = f[1].equals("1");
      FaceTemplate a = template(embedder, root, f[2], templates, failed);
      FaceTemplate b = template(embedder, root, f[3], templates, failed);
      if (a == null || b == null) {
        scores[row] = -1.0;
        failures++;
      } else {
        scores[row] = a.similarity(b);
      }
      row++;
    }
    Map<FaceException.Reason, Integer> byReason = new java.util.EnumMap<>(FaceException.Reason.class);
    failed.values().forEach(e -> byReason.merge(e.reason(), 1, Integer::sum));
    if (!failed.isEmpty()) {
      Logger.warn("{} images could not be embedded: {}", failed.size(), byReason);
    }
    return summarise(scores, labels, failures, byReason);
  }

  private static FaceTemplate template(
      Embedder embedder,
      Path root,
      String relative,
      Map<String, FaceTemplate> templates,
      Map<String, FaceException> failed)
      throws IOException {
    FaceTemplate t = templates.get(relative);
    if (t != null || failed.containsKey(relative)) {
      return t;
    }
    byte[] bytes = Files.readAllBytes(root.resolve(relative));
    try {
      t = embedder.embed(relative, bytes);
      templates.put(relative, t);
      return t;
    } catch (FaceException e) {
      // Not logged one by one: a path such as images/<Name>/<Name>_0001.jpg names a person.
      failed.put(relative, e);
      return null;
    }
  }
}
