package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.opencv.core.Mat;

/**
 * Fuzzes the untrusted-image entry point: header probe, then OpenCV's decoder. Any outcome other
 * than a decoded image within the bounds or a {@link FaceException} is a bug (an unchecked
 * exception, a native crash, a hang, an allocation beyond the pixel bound).
 *
 * <p>Without {@code JAZZER_FUZZ=1} only the seeds in {@code ImageFuzzTestInputs/probeThenDecode}
 * run. To fuzz for a while: {@code JAZZER_FUZZ=1 mvn -pl biometrics test -Dtest=ImageFuzzTest}.
 */
class ImageFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void probeThenDecode(byte[] data) {
    ImageInfo info;
    try {
      info = ImageProbe.probe(data);
    } catch (FaceException expected) {
      return;
    }
    assertThat(info.pixels()).isLessThanOrEqualTo(ImageProbe.MAX_PIXELS);
    assertThat(Math.min(info.width(), info.height())).isGreaterThanOrEqualTo(ImageProbe.MIN_SIDE);
    try (MatScope scope = new MatScope()) {
      Mat bgr = FaceEngine.decode(data, scope);
      assertThat((long) bgr.cols() * bgr.rows()).isEqualTo(info.pixels());
    } catch (FaceException expected) {
      // undecodable pixel data behind a valid header
    }
  }

  /** The ISO/IEC 19794-5 record parser: only MALFORMED_FACE_RECORD may escape. */
  @FuzzTest(maxDuration = "30s")
  void faceRecord19794(byte[] data) {
    try {
      for (FaceImageRecord image : FaceRecords.parse19794(data)) {
        assertThat(image.image().length).isLessThan(data.length);
      }
    } catch (FaceException e) {
      assertThat(e.reason()).isEqualTo(FaceException.Reason.MALFORMED_FACE_RECORD);
    }
  }
}
