package org.openegate.biometrics.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FaceRecordsTest {

    private static final Path RECORDS = Path.of(System.getProperty("testdata.dir"), "lds", "gmrtd-face-records");

    @Test
    void parse_iso19794Record_yieldsTheJpegExactly() throws Exception {
        byte[] record = Files.readAllBytes(RECORDS.resolve("ISO19794_Test1_Data.bin"));
        byte[] expected = Files.readAllBytes(RECORDS.resolve("ISO19794_Test1_Face.jpg"));
        List<FaceImage> images = FaceRecords.parse(record);
        assertThat(images).hasSize(1);
        assertThat(images.get(0).format()).isEqualTo(ImageFormat.JPEG);
        assertThat(images.get(0).data()).isEqualTo(expected);
        assertThat(images.get(0).toString()).doesNotContain("ffd8").contains("JPEG");
    }

    @Test
    void parse_refusesEveryTruncation() throws Exception {
        byte[] record = Files.readAllBytes(RECORDS.resolve("ISO19794_Test1_Data.bin"));
        for (int length : new int[] {0, 3, 13, 14, 20, 40, 46, record.length - 1}) {
            assertThatThrownBy(() -> FaceRecords.parse(Arrays.copyOf(record, length)))
                    .isInstanceOf(FaceRecordException.class);
        }
    }

    @Test
    void parse_refusesHostileBlockLength() throws Exception {
        byte[] record = Files.readAllBytes(RECORDS.resolve("ISO19794_Test1_Data.bin"));
        record[14] = (byte) 0x7F; // facial block length now claims ~2 GB
        assertThatThrownBy(() -> FaceRecords.parse(record))
                .isInstanceOfSatisfying(FaceRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(FaceRecordException.Reason.BAD_LENGTH));
    }

    @Test
    void parse_saysWhy39794IsNotReadYet() throws Exception {
        byte[] record = Files.readAllBytes(RECORDS.resolve("ICAO_39794_5_AP_MandFields.dat"));
        assertThatThrownBy(() -> FaceRecords.parse(record))
                .isInstanceOfSatisfying(FaceRecordException.class,
                        e -> assertThat(e.reason()).isEqualTo(FaceRecordException.Reason.UNKNOWN_FORMAT));
    }
}
