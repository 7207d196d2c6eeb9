package org.openegate.biometrics;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Points ONNX Runtime at its two native libraries in the {@link NativeLibraryCache} before its
 * first use, through its own per-library properties ({@code onnxruntime.native.<name>.path}), so it
 * does not inflate 22 MB into a temporary folder at every start. A property already set (by whoever
 * runs the JVM) is left alone.
 */
final class OrtNative {

  private static boolean done;

  private OrtNative() {}

  static synchronized void useCache() {
    if (done) {
      return;
    }
    done = true;
    Optional<String> platform =
        NativeLibraryCache.linuxArch(
            System.getProperty("os.name", ""),
            System.getProperty("os.arch", ""),
            "linux-x64",
            "linux-aarch64");
    if (platform.isEmpty()) {
      return;
    }
    for (String library : new String[] {"onnxruntime", "onnxruntime4j_jni"}) {
      String property = "onnxruntime.native." + library + ".path";
      if (System.getProperty(property) != null) {
        continue;
      }
      Optional<Path> cached =
          NativeLibraryCache.extract(
              "/ai/onnxruntime/native/"
                  + platform.get()
                  + "/"
                  + System.mapLibraryName(library));
      cached.ifPresent(path -> System.setProperty(property, path.toString()));
    }
  }
}
