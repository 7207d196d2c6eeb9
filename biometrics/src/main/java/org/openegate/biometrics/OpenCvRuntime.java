package org.openegate.biometrics;

import java.nio.file.Path;
import java.util.Optional;
import org.openegate.biometrics.FaceException.Reason;
import org.tinylog.Logger;

/**
 * Loads the OpenCV native library from the org.openpnp jar, once per JVM: from the {@link
 * NativeLibraryCache} when one is configured, else extracted to a temporary file as before.
 */
final class OpenCvRuntime {

  private static boolean loaded;

  private OpenCvRuntime() {}

  /**
   * The library from {@link NativeLibraryCache}, where org.openpnp's jar packs it for this platform
   * (nu/pattern/opencv/linux/{x86_64,ARMv8}); empty elsewhere or without a cache folder.
   */
  private static Optional<Path> cachedLibrary() {
    return NativeLibraryCache.linuxArch(
            System.getProperty("os.name", ""), System.getProperty("os.arch", ""), "x86_64", "ARMv8")
        .flatMap(
            arch ->
                NativeLibraryCache.extract(
                    "/nu/pattern/opencv/linux/"
                        + arch
                        + "/"
                        + System.mapLibraryName(org.opencv.core.Core.NATIVE_LIBRARY_NAME)));
  }

  static synchronized void ensureLoaded() {
    if (loaded) {
      return;
    }
    try {
      Optional<Path> cached = cachedLibrary();
      if (cached.isPresent()) {
        System.load(cached.get().toString());
      } else {
        // loadLocally() extracts the bundled library to a temporary file and System.load()s it.
        // loadShared() rewrites java.library.path by reflection, which Java 12+ no longer allows.
        nu.pattern.OpenCV.loadLocally();
      }
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      if (e instanceof FaceException face) {
        throw face;
      }
      throw new FaceException(Reason.NATIVE_FAILURE, "cannot load the OpenCV native library", e);
    }
    loaded = true;
    Logger.debug("OpenCV {} native library loaded", org.opencv.core.Core.VERSION);
  }
}
