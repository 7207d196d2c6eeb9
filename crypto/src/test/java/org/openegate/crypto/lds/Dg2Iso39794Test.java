package org.openegate.crypto.lds;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openegate.crypto.tlv.Tlv;

/**
 * DG2 holding ISO/IEC 39794-5 records (gmrtd's ICAO 39794-5 AP samples): the 7F2E block unwraps to exactly the
 * plain record gmrtd ships next to it, the CBEFF header says 39794-5, and re-encoding gives the file back.
 */
class Dg2Iso39794Test {

    private static final Path FACES = Path.of(System.getProperty("testdata.dir"), "lds", "gmrtd-face-records");

    @Test
    void dg2AllFields_unwrapsToTheExact39794RecordWithItsFullHeader() throws Exception {
        byte[] file = Files.readAllBytes(FACES.resolve("ICAO_39794_5_AP_DG2_AllFields.dat"));
        Dg2 dg2 = Dg2.parse(file);
        assertThat(dg2.unknown()).isEmpty();
        BiometricDataBlock block = dg2.blocks().get(0);
        assertThat(dg2.blocks()).hasSize(1);
        assertThat(block.dataTag()).isEqualTo(BiometricDataBlock.TAG_DATA_CONSTRUCTED);
        assertThat(block.headerTag()).isEqualTo(0xA1);
        assertThat(block.otherObjects()).isEmpty();
        assertThat(block.formatOwner()).isEqualTo(BiometricDataBlock.FORMAT_OWNER_SC37);
        assertThat(block.formatType()).isEqualTo(BiometricDataBlock.FORMAT_TYPE_FACE_39794);
        // offset 17: A1 2B 80 0101 81 02 82 00 83 <7> 85 <8> 86 <4> 87 0101 88 002A
        assertThat(block.headerFields()).extracting(Tlv::tag)
                .containsExactly(0x80, 0x81, 0x82, 0x83, 0x85, 0x86, 0x87, 0x88);
        assertThat(block.headerValue(0x81)).hasValueSatisfying(v -> assertThat(v).containsExactly(0x02)); // face
        // The 7F2E value (offset 67) is byte for byte the plain record: A1 wrapper, then 65 FaceImageDataBlock.
        assertThat(block.data()).isEqualTo(Files.readAllBytes(FACES.resolve("ICAO_39794_5_AP_AllFields.dat")));
        assertThat(block.data()[0]).isEqualTo((byte) 0xA1);
        assertThat(dg2.encode()).isEqualTo(file);
        assertThat(block.toString()).contains("7F2E", "15620 bytes redacted");
    }

    @Test
    void dg2MandFields_unwrapsWithTheMinimalHeader() throws Exception {
        byte[] file = Files.readAllBytes(FACES.resolve("ICAO_39794_5_AP_DG2_MandFields.dat"));
        Dg2 dg2 = Dg2.parse(file);
        BiometricDataBlock block = dg2.blocks().get(0);
        assertThat(block.headerFields()).extracting(Tlv::tag).containsExactly(0x87, 0x88);
        assertThat(block.formatType()).isEqualTo(BiometricDataBlock.FORMAT_TYPE_FACE_39794);
        assertThat(block.data()).isEqualTo(Files.readAllBytes(FACES.resolve("ICAO_39794_5_AP_MandFields.dat")));
        assertThat(dg2.encode()).isEqualTo(file);
        // face39794() builds the same block the sample holds
        byte[] record = Files.readAllBytes(FACES.resolve("ICAO_39794_5_AP_MandFields.dat"));
        assertThat(Dg2.of(List.of(BiometricDataBlock.face39794(record))).encode()).isEqualTo(file);
    }

    @Test
    void dg2_19794RecordStaysInA5F2EBlock() throws Exception {
        byte[] record = Files.readAllBytes(FACES.resolve("ISO19794_Test1_Data.bin"));
        byte[] file = Dg2.of(List.of(BiometricDataBlock.face(record, BiometricDataBlock.FORMAT_OWNER_SC37,
                BiometricDataBlock.FORMAT_TYPE_FACE_19794))).encode();
        BiometricDataBlock block = Dg2.parse(file).blocks().get(0);
        assertThat(block.dataTag()).isEqualTo(BiometricDataBlock.TAG_DATA);
        assertThat(block.formatType()).isEqualTo(BiometricDataBlock.FORMAT_TYPE_FACE_19794);
        assertThat(block.data()).isEqualTo(record);
    }

    @Test
    void dg2_keepsOtherObjectsOfTheTemplateAndItsHeaderTag() {
        Tlv discretionary = Tlv.of(0x53, new byte[] {1, 2, 3});
        Tlv secondBlock = Tlv.of(0x5F2E, new byte[] {9});
        byte[] file = Tlv.constructed(0x75, Tlv.constructed(0x7F61, Tlv.of(0x02, new byte[] {1}),
                Tlv.constructed(0x7F60, Tlv.constructed(0xA2, Tlv.of(0x88, new byte[] {0, 0x2A})),
                        Tlv.of(0x7F2E, new byte[] {(byte) 0xA1, 0x00}), discretionary, secondBlock))).encode();
        Dg2 dg2 = Dg2.parse(file);
        BiometricDataBlock block = dg2.blocks().get(0);
        assertThat(block.headerTag()).isEqualTo(0xA2);
        assertThat(block.otherObjects()).containsExactly(discretionary, secondBlock);
        assertThat(block.toString()).contains("otherObjects=2").doesNotContain("[1, 2, 3]");
        assertThat(dg2.encode()).isEqualTo(file);
    }
}
