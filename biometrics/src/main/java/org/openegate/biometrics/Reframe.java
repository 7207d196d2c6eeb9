package org.openegate.biometrics;

/**
 * How {@link Evaluation#runReframed} turns an aligned 112x112 crop into an unaligned capture: the
 * crop is scaled by a random factor in [{@code minScale}, {@code maxScale}], rotated by a random
 * roll up to {@code maxRollDegrees}, and placed at a random position (wholly inside) a {@code width}
 * x {@code height} frame over a synthetic background, then JPEG-encoded as a camera would. The crop
 * itself is not altered: it is surrounded by a blurred margin of its own edge that fades into the
 * background (see {@link Reframer}). Every random choice comes from {@code seed} and the image's path, so a run is reproducible
 * and an image gets the same frame whichever pair it appears in.
 *
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param seed the run's seed
 * @param minScale smallest scale of the 112-pixel crop
 * @param maxScale largest scale of the 112-pixel crop
 * @param maxRollDegrees largest in-plane rotation, either way
 */
public record Reframe(
    int width, int height, long seed, double minScale, double maxScale, double maxRollDegrees) {

  /**
   * Default scale range: 1.0-2.5 puts the crop at 112-280 px in a 640x480 frame, i.e. an inter-eye
   * distance of about 35-88 px, the range of a gate camera at 0.5-1.2 m (the 112 crop's eyes are
   * 35 px apart in the ArcFace template).
   */
  public static final double DEFAULT_MIN_SCALE = 1.0;

  public static final double DEFAULT_MAX_SCALE = 2.5;

  /** A traveller's head is rarely level: up to 8 degrees, the TR-03121-3 roll tolerance. */
  public static final double DEFAULT_MAX_ROLL = 8.0;

  public Reframe {
    if (width < 160 || height < 120 || width > 4096 || height > 4096) {
      throw new IllegalArgumentException(
          "reframe size " + width + "x" + height + " is outside 160x120..4096x4096");
    }
    if (!(minScale > 0 && maxScale >= minScale)) {
      throw new IllegalArgumentException(
          "reframe scale range [" + minScale + ", " + maxScale + "] is empty or not positive");
    }
    if (Alignment.SIZE * maxScale * 1.5 > Math.min(width, height)) {
      throw new IllegalArgumentException(
          "a crop scaled " + maxScale + "x does not fit a " + width + "x" + height + " frame");
    }
    if (!(maxRollDegrees >= 0 && maxRollDegrees <= 45)) {
      throw new IllegalArgumentException("max roll " + maxRollDegrees + " is outside [0, 45] degrees");
    }
  }

  /** The default scale and roll ranges in a frame of the given size. */
  public static Reframe of(int width, int height, long seed) {
    return new Reframe(width, height, seed, DEFAULT_MIN_SCALE, DEFAULT_MAX_SCALE, DEFAULT_MAX_ROLL);
  }

  /**
   * Parses {@code WIDTHxHEIGHT} (as {@code egate face eval --reframe 640x480}).
   *
   * @throws IllegalArgumentException naming the bad text
   */
  public static Reframe parse(String size, long seed) {
    String[] wh = size.toLowerCase(java.util.Locale.ROOT).split("x", -1);
    if (wh.length != 2) {
      throw new IllegalArgumentException("reframe size '" + size + "' is not WIDTHxHEIGHT");
    }
    try {
      return of(Integer.parseInt(wh[0].trim()), Integer.parseInt(wh[1].trim()), seed);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("reframe size '" + size + "' is not WIDTHxHEIGHT", e);
    }
  }
}
