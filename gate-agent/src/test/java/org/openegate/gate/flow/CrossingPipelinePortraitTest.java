package org.openegate.gate.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openegate.biometrics.FaceException;
import org.openegate.crypto.lds.BiometricDataBlock;
import org.openegate.crypto.lds.Dg2;

/**
 * The portrait the gate compares against, from real DG2 files: crypto unwraps DG2 to the biometric data block,
 * biometrics parses the face record (19794-5 or 39794-5) to the image. Each must equal the image gmrtd extracted.
 */
class CrossingPipelinePortraitTest {

    private static final Path FACES = Path.of(System.getProperty("testdata.dir"), "lds", "gmrtd-face-records");

    private static byte[] read(String name) throws Exception {
        return Files.readAllBytes(FACES.resolve(name));
    }

    @Test
    void portrait_fromRealIso39794Dg2Files() throws Exception {
        byte[] expected = read("ICAO_39794_5_AP_DG2_Face.jpg");
        assertThat(CrossingPipeline.portrait(read("ICAO_39794_5_AP_DG2_AllFields.dat"))).isEqualTo(expected);
        assertThat(CrossingPipeline.portrait(read("ICAO_39794_5_AP_DG2_MandFields.dat"))).isEqualTo(expected);
    }

    @Test
    void portrait_fromIso19794RecordInADg2() throws Exception {
        byte[] dg2 = Dg2.of(List.of(BiometricDataBlock.face(read("ISO19794_Test1_Data.bin"),
                BiometricDataBlock.FORMAT_OWNER_SC37, BiometricDataBlock.FORMAT_TYPE_FACE_19794))).encode();
        assertThat(CrossingPipeline.portrait(dg2)).isEqualTo(read("ISO19794_Test1_Face.jpg"));
    }

    @Test
    void portrait_fromThePlain39794RecordsWrappedAsDg2() throws Exception {
        for (String name : List.of("ICAO_39794_5_AP_AllFields.dat", "ICAO_39794_5_AP_MandFields.dat")) {
            byte[] dg2 = Dg2.of(List.of(BiometricDataBlock.face39794(read(name)))).encode();
            assertThat(CrossingPipeline.portrait(dg2)).as(name).isEqualTo(read("ICAO_39794_5_AP_Face.jpg"));
        }
    }

    @Test
    void portrait_ofInvalidImageRecordsIsAFaceExceptionWithAReason() throws Exception {
        byte[] dg2of39794 = Dg2.of(List.of(BiometricDataBlock.face39794(
                read("ICAO_39794_5_AP_MandFields_InvalidImage.dat")))).encode();
        assertThatThrownBy(() -> CrossingPipeline.portrait(dg2of39794))
                .isInstanceOfSatisfying(FaceException.class,
                        e -> assertThat(e.reason()).isEqualTo(FaceException.Reason.UNDECODABLE_IMAGE));
        byte[] dg2of19794 = Dg2.of(List.of(BiometricDataBlock.face(read("ISO19794_Test2_Data_InvalidImage.bin"),
                BiometricDataBlock.FORMAT_OWNER_SC37, BiometricDataBlock.FORMAT_TYPE_FACE_19794))).encode();
        assertThatThrownBy(() -> CrossingPipeline.portrait(dg2of19794))
                .isInstanceOfSatisfying(FaceException.class,
                        e -> assertThat(e.reason()).isEqualTo(FaceException.Reason.UNDECODABLE_IMAGE));
    }

    @Test
    void portrait_fromTheBsiReferenceDg2() throws Exception {
        // BSI TR-03105-5 reference data set: a real 19794-5 DG2 (no extracted image to compare with); its
        // portrait must at least be an image by its own signature.
        byte[] image = CrossingPipeline.portrait(Files.readAllBytes(
                Path.of(System.getProperty("testdata.dir"), "lds", "bsi-tr03105-5", "Datagroup2.bin")));
        boolean jpeg = (image[0] & 0xFF) == 0xFF && (image[1] & 0xFF) == 0xD8;
        boolean jp2 = image[4] == 'j' && image[5] == 'P';
        assertThat(jpeg || jp2).as("JPEG or JP2 signature").isTrue();
        assertThat(image.length).isGreaterThan(1000);
    }
}
