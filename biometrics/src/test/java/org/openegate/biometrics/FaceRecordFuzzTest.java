package org.openegate.biometrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.openegate.biometrics.FaceException.Reason;

/**
 * Fuzzes {@link FaceRecords#parse(byte[])}, the entry point for DG2's biometric data blocks, with the
 * ISO/IEC 39794-5 parser and its BER reader behind it (and the 19794-5 one). The only outcomes
 * allowed are images no larger than the input, or a {@link FaceException} saying the record is
 * malformed or its image is no image. Anything else (an unchecked exception, a hang, an allocation
 * beyond the input) is a bug.
 *
 * <p>Seeds in {@code FaceRecordFuzzTestInputs/parse} are gmrtd's ICAO 39794-5 AP samples
 * (AllFields, MandFields, MandFields_InvalidImage) re-encoded with a small image in place of theirs,
 * the bare data block without the AP wrapper, and a tiny 19794-5 record. Without {@code
 * JAZZER_FUZZ=1} only they run. To fuzz: {@code JAZZER_FUZZ=1 mvn -pl biometrics test
 * -Dtest=FaceRecordFuzzTest}.
 */
class FaceRecordFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void parse(byte[] data) {
    List<FaceImage> images;
    try {
      images = FaceRecords.parse(data);
    } catch (FaceException e) {
      assertThat(e.reason()).isIn(Reason.MALFORMED_FACE_RECORD, Reason.UNDECODABLE_IMAGE);
      return;
    }
    assertThat(images).isNotEmpty();
    for (FaceImage image : images) {
      assertThat(image.image().length).isLessThan(data.length);
      assertThat(image.imageFormat()).isNotNull();
      assertThat(image.toString()).contains("redacted");
      if (image instanceof FaceRepresentation r) {
        for (TaggedElement e : r.otherElements()) {
          assertThat(e.encoded().length).isLessThan(data.length);
        }
      }
    }
  }
}
