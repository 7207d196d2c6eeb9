package org.openegate.biometrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.dnn.Dnn;

/**
 * Face detection with {@code fr_detect} (an Ultra-Light-Fast RFB-320 style detector, 320x240
 * input), following {@code lib/fr_detect.js} of the npm package.
 *
 * <p>Pre-processing: resize to 320x240, {@code (p - 127) / 128}, NCHW. The JS converts a canvas RGBA
 * image with {@code COLOR_BGR2RGB}, which swaps R and B, so the net actually receives B,G,R order;
 * we feed OpenCV's BGR unchanged, which is the same. Post-processing: the graph's {@code boxes}
 * output is already decoded against its {@value #PRIOR_COUNT} priors into corner form in [0, 1]
 * (the JS computes {@code decodeBBox} but then scales the raw {@code boxes}, and a raw decode
 * of a face gives nonsense), so boxes are only scaled here; {@link #priorCount()} recomputes the
 * prior grid to check the output size. Then confidence >= 0.65, top 750, NMS at IoU 0.4, and the
 * JS's squaring (side = box height, same centre) clamped to the image.
 *
 * <p>Deviation: the JS NMS sorts by the box's bottom edge and suppresses a box when its
 * intersection with the kept one covers at least 0.4 of <em>its own</em> area; we use score-ordered
 * NMS, which keeps the most confident box of a cluster, and suppress a box when its IoU with a kept
 * one exceeds {@value #NMS_IOU} or when more than {@value #NMS_CONTAINED} of the smaller of the two
 * lies inside the other. The second test is the JS's idea made symmetric: IoU alone keeps a box
 * that frames the same face at another anchor scale inside a larger one, which then counts as a
 * second face (docs/face-eval.md, "The MULTIPLE_FACES refusals"). Two different faces cannot have
 * more than half of one's box inside the other's unless one face hides much of the other; two
 * boxes of one size side by side, half overlapping, stay two (exactly half is not more than half).
 * On the re-framed LFW set it merged no real second face: the closest pairs (a face half hidden
 * behind the traveller's) stayed refused.
 *
 * <p>Stills get a second look on a shifted grid when the first finds nothing ({@link
 * #detectStill}); live frames one ({@link #detect}).
 */
final class FaceDetector {

  static final int INPUT_WIDTH = 320;
  static final int INPUT_HEIGHT = 240;
  static final float CONFIDENCE_THRESHOLD = 0.65f;
  static final int TOP_K = 750;
  static final double NMS_IOU = 0.4;
  static final double NMS_CONTAINED = 0.5;
  static final int PRIOR_COUNT = 4420;

  // lib/fr_detect.js onnx_config
  private static final int[][] MIN_SIZES = {{10, 16, 24}, {32, 48}, {64, 96}, {128, 192, 256}};
  private static final int[] STEPS = {8, 16, 32, 64};

  /**
   * The second look's shift for stills, in detector pixels (both axes): half the anchor stride of
   * the 32 grid. A shift of half a stride on both axes puts the point farthest from four anchor
   * centres (a cell's middle) on one. Why not half of 64, the coarsest stride: 32 is a whole number
   * of cells of the 8, 16 and 32 grids, so for a face carried by those (anchors up to 96 px) it
   * would sample the face at the same phase as the first look; only the 64 grid (anchors 128-256
   * px) would move. 16 is half a cell of the 32 grid (anchors 64 and 96 px) and a quarter of the 64
   * grid: the two grids that carry the face of a still (a re-framed 640x480 capture places its 112
   * crop at 112-280 px, 56-140 px at 320x240; a portrait's face fills more of its frame). The 8 and
   * 16 grids (anchors up to 48 px, faces too small to compare anyway) keep their phase. Chosen from
   * the strides above, not from any test frame.
   */
  static final int SECOND_LOOK_SHIFT = STEPS[2] / 2;

  private final Inference net;

  FaceDetector(Inference net) {
    this.net = net;
  }

  /** Faces in {@code bgr}, most confident first: one look, for live frames. */
  List<FaceBox> detect(Mat bgr) {
    return finish(look(bgr, 0, 0), bgr.cols(), bgr.rows());
  }

  /**
   * Faces in a still, most confident first: as {@link #detect}, and when that finds no box at
   * {@value #CONFIDENCE_THRESHOLD}, a second look on the frame translated by {@link
   * #SECOND_LOOK_SHIFT} detector pixels right and down; the boxes of both looks, mapped back to the
   * frame, go through the same NMS (the first look's are all below the threshold, so the union
   * is the second look's boxes).
   *
   * <p>Why: a face whose centre falls between the anchor centres of the grid that carries its size
   * can score well below the threshold where the same face half a cell away scores 0.9 or more
   * (docs/face-eval.md, "The NO_FACE frames"). A live frame does not need a second look: the next
   * camera frame is one, the traveller moving a few pixels. A still has no next frame, and a chip
   * portrait missed is a referral to the officer. Cost: only a still with no face pays it (one
   * more inference on the same 320x240 input); the normal path is unchanged.
   */
  List<FaceBox> detectStill(Mat bgr) {
    List<float[]> candidates = look(bgr, 0, 0);
    if (candidates.isEmpty()) {
      int dx = (int) Math.round(SECOND_LOOK_SHIFT * (double) bgr.cols() / INPUT_WIDTH);
      int dy = (int) Math.round(SECOND_LOOK_SHIFT * (double) bgr.rows() / INPUT_HEIGHT);
      try (MatScope scope = new MatScope()) {
        candidates.addAll(look(translated(bgr, dx, dy, scope), dx, dy));
      }
    }
    return finish(candidates, bgr.cols(), bgr.rows());
  }

  /**
   * The frame moved {@code dx} right and {@code dy} down at the same size, the uncovered strip
   * repeating the edge: the same pixels, no resampling, so the detector sees the same content on
   * a grid {@code (dx, dy)} frame pixels away.
   */
  static Mat translated(Mat bgr, int dx, int dy, MatScope scope) {
    Mat padded = scope.mat();
    Core.copyMakeBorder(bgr, padded, dy, 0, dx, 0, Core.BORDER_REPLICATE);
    return scope.add(padded.submat(0, bgr.rows(), 0, bgr.cols()).clone());
  }

  /**
   * One detector pass: the boxes at or above the threshold in {@code [x1, y1, x2, y2, score]}
   * frame pixels, moved back by {@code (dx, dy)} when the frame was translated by it.
   */
  private List<float[]> look(Mat bgr, int dx, int dy) {
    try (MatScope scope = new MatScope()) {
      Mat blob =
          scope.add(
              Dnn.blobFromImage(
                  bgr,
                  1.0 / 128.0,
                  new Size(INPUT_WIDTH, INPUT_HEIGHT),
                  new Scalar(127, 127, 127),
                  false,
                  false));
      float[][] outputs = net.run(blob);
      float[] boxes = outputs[0];
      float[] scores = outputs[1];
      if (boxes.length != PRIOR_COUNT * 4 || scores.length != PRIOR_COUNT * 2) {
        throw new IllegalStateException(
            "fr_detect returned " + boxes.length + " box and " + scores.length
                + " score values, expected " + PRIOR_COUNT * 4 + " and " + PRIOR_COUNT * 2);
      }
      return candidates(boxes, scores, bgr.cols(), bgr.rows(), dx, dy);
    }
  }

  static float[] flatten(Mat m) {
    float[] values = new float[(int) m.total()];
    Mat row = m.reshape(1, 1);
    try {
      row.get(0, 0, values);
    } finally {
      row.release();
    }
    return values;
  }

  /**
   * Thresholds, NMS, scaling and squaring of the raw outputs.
   *
   * @param boxes {@code [n][x1, y1, x2, y2]} in [0, 1]
   * @param scores {@code [n][background, face]}
   */
  static List<FaceBox> postProcess(float[] boxes, float[] scores, int imageWidth, int imageHeight) {
    return finish(candidates(boxes, scores, imageWidth, imageHeight, 0, 0), imageWidth, imageHeight);
  }

  /** The boxes at or above the threshold, scaled to the frame and moved back by {@code (dx, dy)}. */
  static List<float[]> candidates(
      float[] boxes, float[] scores, int imageWidth, int imageHeight, int dx, int dy) {
    int n = scores.length / 2;
    List<float[]> candidates = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float score = scores[2 * i + 1];
      if (score >= CONFIDENCE_THRESHOLD) {
        candidates.add(
            new float[] {
              boxes[4 * i] * imageWidth - dx,
              boxes[4 * i + 1] * imageHeight - dy,
              boxes[4 * i + 2] * imageWidth - dx,
              boxes[4 * i + 3] * imageHeight - dy,
              score
            });
      }
    }
    return candidates;
  }

  /** Top {@value #TOP_K} by score, NMS, squaring. */
  static List<FaceBox> finish(List<float[]> candidates, int imageWidth, int imageHeight) {
    List<float[]> sorted = new ArrayList<>(candidates);
    sorted.sort(Comparator.comparingDouble((float[] c) -> c[4]).reversed());
    if (sorted.size() > TOP_K) {
      sorted = new ArrayList<>(sorted.subList(0, TOP_K));
    }
    List<float[]> kept = nms(sorted, NMS_IOU);
    List<FaceBox> faces = new ArrayList<>();
    for (float[] c : kept) {
      FaceBox square = square(c, imageWidth, imageHeight);
      if (square != null) {
        faces.add(square);
      }
    }
    return faces;
  }

  /** Greedy NMS over score-sorted {@code [x1, y1, x2, y2, score]} boxes. */
  static List<float[]> nms(List<float[]> sorted, double iouThreshold) {
    List<float[]> kept = new ArrayList<>();
    boolean[] suppressed = new boolean[sorted.size()];
    for (int i = 0; i < sorted.size(); i++) {
      if (suppressed[i]) {
        continue;
      }
      float[] a = sorted.get(i);
      if (!(a[2] > a[0] && a[3] > a[1])) {
        continue;
      }
      kept.add(a);
      for (int j = i + 1; j < sorted.size(); j++) {
        if (!suppressed[j]
            && (iou(a, sorted.get(j)) > iouThreshold
                || containedShare(a, sorted.get(j)) > NMS_CONTAINED)) {
          suppressed[j] = true;
        }
      }
    }
    return kept;
  }

  /** The share of the smaller of two boxes that lies inside the other, in [0, 1]. */
  static double containedShare(float[] a, float[] b) {
    double w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
    double h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
    if (w <= 0 || h <= 0) {
      return 0;
    }
    double smaller = Math.min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]));
    return smaller <= 0 ? 0 : Math.min(1, w * h / smaller);
  }

  static double iou(float[] a, float[] b) {
    double w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
    double h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
    if (w <= 0 || h <= 0) {
      return 0;
    }
    double inter = w * h;
    double union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
    return union <= 0 ? 0 : inter / union;
  }

  // lib/fr_detect.js scaleResult: a square of the box's height around its centre, clamped.
  private static FaceBox square(float[] c, int imageWidth, int imageHeight) {
    double side = c[3] - c[1];
    double cx = (c[0] + c[2]) / 2.0;
    double cy = (c[1] + c[3]) / 2.0;
    double x1 = Math.max(0, cx - side / 2);
    double y1 = Math.max(0, cy - side / 2);
    double x2 = Math.min(imageWidth - 1, cx + side / 2);
    double y2 = Math.min(imageHeight - 1, cy + side / 2);
    if (x2 - x1 < 1 || y2 - y1 < 1) {
      return null;
    }
    return new FaceBox(x1, y1, x2 - x1, y2 - y1, c[4]);
  }

  /** Number of priors of the 320x240 grid (lib/fr_detect.js definePriorBox). */
  static int priorCount() {
    int count = 0;
    for (int k = 0; k < STEPS.length; k++) {
      int fw = (int) Math.ceil((double) INPUT_WIDTH / STEPS[k]);
      int fh = (int) Math.ceil((double) INPUT_HEIGHT / STEPS[k]);
      count += fw * fh * MIN_SIZES[k].length;
    }
    return count;
  }
}
