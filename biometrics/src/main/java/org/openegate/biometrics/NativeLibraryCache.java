package org.openegate.biometrics;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import java.util.jar.JarEntry;
import org.openegate.biometrics.FaceException.Reason;
import org.tinylog.Logger;

/**
 * Native libraries bundled in jars (OpenCV's 65 MB, ONNX Runtime's 22 MB), extracted once into a
 * cache folder instead of into a new temporary file at every start: inflating OpenCV's was most of
 * the face engines' start-up (242 of 365 JFR samples of the model threads; issue #7, acceptance 5).
 *
 * <p>The folder is the system property {@value #PROPERTY} ({@code ./egate} sets it under the gate's
 * home); without it callers extract as before. A cached file is keyed by its jar entry's CRC-32 and
 * size (read from the jar's directory, without inflating), so a new library version gets a new
 * file; it is used only if its size and CRC-32 still match the entry (a truncated or damaged file
 * is extracted again), and it is written to a temporary file renamed into place, so a crash or a
 * second gate extracting at the same time never leaves a half-written library where the next start
 * would load it. The folder is created owner-only: whoever can write it can run code in the gate,
 * as with the gate's keys beside it.
 */
final class NativeLibraryCache {

  /** The system property naming the cache folder. */
  static final String PROPERTY = "egate.nativeCache";

  private NativeLibraryCache() {}

  /**
   * The cached copy of a library bundled as classpath resource {@code resource}, extracted now if
   * missing or damaged; empty if no cache folder is configured or the resource is not in a jar (a
   * build tree: nothing to inflate).
   *
   * @throws FaceException with {@code NATIVE_FAILURE} if the resource is missing or the cache
   *     cannot be written
   */
  static Optional<Path> extract(String resource) {
    String folder = System.getProperty(PROPERTY);
    if (folder == null || folder.isBlank()) {
      return Optional.empty();
    }
    return extract(resource, Path.of(folder));
  }

  static Optional<Path> extract(String resource, Path folder) {
    URL url = NativeLibraryCache.class.getResource(resource);
    if (url == null) {
      throw new FaceException(Reason.NATIVE_FAILURE, "native library resource " + resource + " is missing");
    }
    JarEntry entry;
    try {
      URLConnection connection = url.openConnection();
      if (!(connection instanceof JarURLConnection jar)) {
        return Optional.empty();
      }
      entry = jar.getJarEntry();
    } catch (IOException e) {
      throw new FaceException(Reason.NATIVE_FAILURE, "cannot read native library resource " + resource, e);
    }
    long crc = entry.getCrc();
    long size = entry.getSize();
    if (crc < 0 || size < 0) {
      return Optional.empty(); // not in the jar's directory: nothing to key the cache by
    }
    String name = resource.substring(resource.lastIndexOf('/') + 1);
    Path target = folder.resolve(String.format("%08x-%d", crc, size)).resolve(name);
    try {
      if (Files.isRegularFile(target) && Files.size(target) == size && crc32(target) == crc) {
        return Optional.of(target);
      }
      if (Files.exists(target)) {
        Logger.warn("cached native library {} does not match its jar entry (CRC-32 {}, {} bytes): extracting"
            + " it again", target, String.format("%08x", crc), size);
      }
      createPrivate(target.getParent());
      Path partial = Files.createTempFile(target.getParent(), name, ".partial");
      try {
        long written;
        long checksum;
        try (InputStream in = url.openStream();
            CheckedOutputStream out = new CheckedOutputStream(
                Files.newOutputStream(partial, StandardOpenOption.TRUNCATE_EXISTING), new CRC32())) {
          written = in.transferTo(out);
          checksum = out.getChecksum().getValue();
        }
        if (written != size || checksum != crc) {
          throw new FaceException(Reason.NATIVE_FAILURE, "native library " + resource + " inflated to "
              + written + " bytes with CRC-32 " + String.format("%08x", checksum) + ", the jar says "
              + size + " bytes, " + String.format("%08x", crc));
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(partial);
      }
      Logger.debug("native library {} extracted to {}", resource, target);
      return Optional.of(target);
    } catch (IOException e) {
      throw new FaceException(Reason.NATIVE_FAILURE, "cannot cache native library " + resource + " in "
          + folder + ": " + e.getMessage(), e);
    }
  }

  private static void createPrivate(Path directory) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(directory,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(directory);
    }
  }

  /**
   * CRC-32 of a file, read through a 1 MB buffer. Not mapped: a mapping of the whole library stays
   * in the process's RSS until the garbage collector frees its buffer, which for a promoted buffer
   * may be never (the gate's memory budget, acceptance 5).
   */
  static long crc32(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      CRC32 crc = new CRC32();
      ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        crc.update(buffer);
        buffer.clear();
      }
      return crc.getValue();
    }
  }

  /** The value for this Linux platform's {@code os.arch} (amd64 or aarch64); empty elsewhere. */
  static Optional<String> linuxArch(String osName, String osArch, String x64, String arm64) {
    if (!osName.startsWith("Linux")) {
      return Optional.empty();
    }
    return switch (osArch) {
      case "amd64", "x86_64" -> Optional.of(x64);
      case "aarch64" -> Optional.of(arm64);
      default -> Optional.empty();
    };
  }
}
