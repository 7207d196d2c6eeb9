package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryCacheTest {

  /** A small real native library in a jar on the test classpath (80 KB, ONNX Runtime's JNI part). */
  private static final String IN_JAR = "/ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so";

  @TempDir Path cache;

  private static byte[] resourceBytes(String resource) throws Exception {
    try (InputStream in = NativeLibraryCacheTest.class.getResourceAsStream(resource)) {
      return in.readAllBytes();
    }
  }

  @Test
  void extract_writesTheLibraryOnce_thenReusesIt() throws Exception {
    Path first = NativeLibraryCache.extract(IN_JAR, cache).orElseThrow();

    assertThat(first).startsWith(cache).hasFileName("libonnxruntime4j_jni.so");
    assertThat(Files.readAllBytes(first)).isEqualTo(resourceBytes(IN_JAR));
    assertThat(Files.getPosixFilePermissions(first.getParent()))
        .containsExactlyInAnyOrder(
            PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.OWNER_EXECUTE);
    FileTime written = FileTime.fromMillis(1_000_000);
    Files.setLastModifiedTime(first, written);

    Path second = NativeLibraryCache.extract(IN_JAR, cache).orElseThrow();

    assertThat(second).isEqualTo(first);
    assertThat(Files.getLastModifiedTime(second)).isEqualTo(written); // not written again
    try (var files = Files.list(first.getParent())) {
      assertThat(files).containsExactly(first); // no partial file left behind
    }
  }

  @Test
  void extract_replacesADamagedCopy_sameSizeOtherBytes() throws Exception {
    Path cached = NativeLibraryCache.extract(IN_JAR, cache).orElseThrow();
    byte[] damaged = Files.readAllBytes(cached);
    damaged[damaged.length / 2] ^= 0x5a;
    Files.write(cached, damaged);

    Path again = NativeLibraryCache.extract(IN_JAR, cache).orElseThrow();

    assertThat(Files.readAllBytes(again)).isEqualTo(resourceBytes(IN_JAR));
  }

  @Test
  void extract_replacesATruncatedCopy() throws Exception {
    Path cached = NativeLibraryCache.extract(IN_JAR, cache).orElseThrow();
    byte[] bytes = Files.readAllBytes(cached);
    Files.write(cached, Arrays.copyOf(bytes, bytes.length / 3));

    assertThat(Files.readAllBytes(NativeLibraryCache.extract(IN_JAR, cache).orElseThrow()))
        .isEqualTo(bytes);
  }

  @Test
  void extract_keysTheCopyByTheJarEntrysCrcAndSize() throws Exception {
    Path cached = NativeLibraryCache.extract(IN_JAR, cache).orElseThrow();
    byte[] bytes = resourceBytes(IN_JAR);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(bytes);

    assertThat(cached.getParent().getFileName().toString())
        .isEqualTo(String.format("%08x-%d", crc.getValue(), bytes.length));
    assertThat(NativeLibraryCache.crc32(cached)).isEqualTo(crc.getValue());
  }

  @Test
  void extract_outsideAJar_isEmpty_callersExtractAsBefore() {
    // This test class's own folder in target/test-classes: a file, not a jar entry.
    assertThat(
            NativeLibraryCache.extract(
                "/org/openegate/biometrics/NativeLibraryCacheTest.class", cache))
        .isEmpty();
  }

  @Test
  void extract_withoutTheProperty_isEmpty() {
    assertThat(System.getProperty(NativeLibraryCache.PROPERTY)).isNull();
    assertThat(NativeLibraryCache.extract(IN_JAR)).isEmpty();
  }

  @Test
  void extract_missingResource_namesIt() {
    assertThatThrownBy(() -> NativeLibraryCache.extract("/no/such/libfoo.so", cache))
        .isInstanceOf(FaceException.class)
        .hasMessageContaining("/no/such/libfoo.so")
        .extracting(e -> ((FaceException) e).reason())
        .isEqualTo(FaceException.Reason.NATIVE_FAILURE);
  }

  @Test
  void extract_unwritableCache_isANativeFailure_namingTheFolder() throws Exception {
    Path file = Files.writeString(cache.resolve("not-a-folder"), "x");

    assertThatThrownBy(() -> NativeLibraryCache.extract(IN_JAR, file))
        .isInstanceOf(FaceException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void linuxArch_mapsTheJvmsNames() {
    assertThat(NativeLibraryCache.linuxArch("Linux", "amd64", "x", "a")).isEqualTo(Optional.of("x"));
    assertThat(NativeLibraryCache.linuxArch("Linux", "aarch64", "x", "a")).isEqualTo(Optional.of("a"));
    assertThat(NativeLibraryCache.linuxArch("Linux", "riscv64", "x", "a")).isEmpty();
    assertThat(NativeLibraryCache.linuxArch("Mac OS X", "aarch64", "x", "a")).isEmpty();
  }
}
