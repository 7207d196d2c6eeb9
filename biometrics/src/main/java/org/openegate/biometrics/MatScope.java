package org.openegate.biometrics;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Releases the native memory of every Mat registered with it when closed, so a frame's buffers are
 * freed at the end of the call instead of whenever the garbage collector runs the finalizers.
 */
final class MatScope implements AutoCloseable {

  private final List<Mat> mats = new ArrayList<>();

  <M extends Mat> M add(M mat) {
    mats.add(mat);
    return mat;
  }

  Mat mat() {
    return add(new Mat());
  }

  @Override
  public void close() {
    for (int i = mats.size() - 1; i >= 0; i--) {
      mats.get(i).release();
    }
    mats.clear();
  }
}
