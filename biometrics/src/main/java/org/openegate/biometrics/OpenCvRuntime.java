package org.openegate.biometrics;

import org.openegate.biometrics.FaceException.Reason;
import org.tinylog.Logger;

/** Loads the OpenCV native library from the org.openpnp jar, once per JVM. */
final class OpenCvRuntime {

  private static boolean loaded;

  private OpenCvRuntime() {}

  static synchronized void ensureLoaded() {
    if (loaded) {
      return;
    }
    try {
      // loadLocally() extracts the bundled library to a temporary file and System.load()s it.
      // loadShared() rewrites java.library.path by reflection, which Java 12+ no longer allows.
      nu.pattern.OpenCV.loadLocally();
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new FaceException(Reason.NATIVE_FAILURE, "cannot load the OpenCV native library", e);
    }
    loaded = true;
    Logger.debug("OpenCV {} native library loaded", org.opencv.core.Core.VERSION);
  }
}
