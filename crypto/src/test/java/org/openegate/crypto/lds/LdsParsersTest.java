package org.openegate.crypto.lds;

import org.junit.jupiter.api.Test;
import org.openegate.crypto.tlv.Tlv;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LdsParsersTest {

    static final Path TESTDATA = Path.of(System.getProperty("testdata.dir", "../../shared/testdata"));
    static final String TD3 = "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<"
            + "C11T002JM4D<<9608122F2310314<<<<<<<<<<<<<<<4";

    static LdsException.Reason reasonOf(Runnable parse) {
        try {
            parse.run();
        } catch (LdsException e) {
            return e.reason();
        }
        throw new AssertionError("no LdsException");
    }

    @Test
    void identify_recognisesEveryLdsTag() {
        assertThat(LdsFile.identify(new byte[] {0x60})).hasValue(LdsFile.COM);
        assertThat(LdsFile.identify(new byte[] {0x61})).hasValue(LdsFile.DG1);
        assertThat(LdsFile.identify(new byte[] {0x75})).hasValue(LdsFile.DG2);
        assertThat(LdsFile.identify(new byte[] {0x63})).hasValue(LdsFile.DG3);
        assertThat(LdsFile.identify(new byte[] {0x76})).hasValue(LdsFile.DG4);
        assertThat(LdsFile.identify(new byte[] {0x6B})).hasValue(LdsFile.DG11);
        assertThat(LdsFile.identify(new byte[] {0x6C})).hasValue(LdsFile.DG12);
        assertThat(LdsFile.identify(new byte[] {0x6E})).hasValue(LdsFile.DG14);
        assertThat(LdsFile.identify(new byte[] {0x6F})).hasValue(LdsFile.DG15);
        assertThat(LdsFile.identify(new byte[] {0x77})).hasValue(LdsFile.SOD);
        assertThat(LdsFile.identify(new byte[] {0x30})).isEmpty();
        assertThat(LdsFile.identify(new byte[0])).isEmpty();
        assertThat(LdsFile.DG1.fileId()).isEqualTo(0x0101);
        assertThat(LdsFile.SOD.fileId()).isEqualTo(0x011D);
        assertThat(LdsFile.COM.fileId()).isEqualTo(0x011E);
        assertThat(LdsFile.DG2.shortFileId()).isEqualTo(2);
        assertThat(LdsFile.fromDataGroupNumber(14)).hasValue(LdsFile.DG14);
    }

    @Test
    void dg1_roundTripsAndRedacts() {
        Dg1 dg1 = new Dg1(TD3);
        byte[] encoded = dg1.encode();
        assertThat(encoded[0]).isEqualTo((byte) 0x61);
        assertThat(Dg1.parse(encoded)).isEqualTo(dg1);
        assertThat(dg1.lines()).hasSize(2).allMatch(l -> l.length() == 44);
        assertThat(dg1.toString()).doesNotContain("MUSTERMANN").doesNotContain("C11T002JM").contains("88");
    }

    @Test
    void dg1_toleratesPaddingAfterTheFile() {
        byte[] encoded = new Dg1(TD3).encode();
        byte[] padded = java.util.Arrays.copyOf(encoded, encoded.length + 16);
        assertThat(Dg1.parse(padded).mrz()).isEqualTo(TD3);
    }

    @Test
    void dg1_rejectsBadInputWithReasons() {
        assertThat(reasonOf(() -> Dg1.parse(new byte[0]))).isEqualTo(LdsException.Reason.MALFORMED_TLV);
        assertThat(reasonOf(() -> Dg1.parse(new byte[] {0x61, 0x10, 0x5F}))).isEqualTo(LdsException.Reason.MALFORMED_TLV);
        assertThat(reasonOf(() -> Dg1.parse(new byte[] {0x75, 0x00}))).isEqualTo(LdsException.Reason.WRONG_TAG);
        assertThat(reasonOf(() -> Dg1.parse(new byte[] {0x61, 0x00}))).isEqualTo(LdsException.Reason.MISSING_ELEMENT);
        byte[] lower = Tlv.constructed(0x61, Tlv.of(0x5F1F, "p<d<<x".getBytes(StandardCharsets.US_ASCII))).encode();
        assertThatThrownBy(() -> Dg1.parse(lower)).isInstanceOf(LdsException.class)
                .hasMessageContaining("index 0").hasMessageNotContaining("p<d");
    }

    @Test
    void com_roundTripsAndRejectsBadVersions() {
        Com com = Com.of(List.of(LdsFile.DG1, LdsFile.DG2, LdsFile.DG14));
        assertThat(Com.parse(com.encode())).isEqualTo(com);
        assertThat(com.tagList()).containsExactly(0x61, 0x75, 0x6E);
        byte[] badVersion = Tlv.constructed(0x60, Tlv.of(0x5F01, "01A7".getBytes(StandardCharsets.US_ASCII)),
                Tlv.of(0x5F36, "040000".getBytes(StandardCharsets.US_ASCII)), Tlv.of(0x5C, new byte[] {0x61})).encode();
        assertThat(reasonOf(() -> Com.parse(badVersion))).isEqualTo(LdsException.Reason.BAD_VALUE);
        byte[] noList = Tlv.constructed(0x60, Tlv.of(0x5F01, "0107".getBytes(StandardCharsets.US_ASCII)),
                Tlv.of(0x5F36, "040000".getBytes(StandardCharsets.US_ASCII))).encode();
        assertThatThrownBy(() -> Com.parse(noList)).isInstanceOf(LdsException.class).hasMessageContaining("5C");
    }

    @Test
    void com_keepsUnknownObjects() {
        byte[] withExtra = Tlv.constructed(0x60, Tlv.of(0x5F01, "0108".getBytes(StandardCharsets.US_ASCII)),
                Tlv.of(0x5F36, "060000".getBytes(StandardCharsets.US_ASCII)), Tlv.of(0x5C, new byte[] {0x61, 0x75}),
                Tlv.of(0x5F7F, new byte[] {1, 2})).encode();
        Com com = Com.parse(withExtra);
        assertThat(com.unknown()).extracting(Tlv::tag).containsExactly(0x5F7F);
        assertThat(com.encode()).isEqualTo(withExtra);
        assertThat(com.ldsVersionDotted()).isEqualTo("1.8");
    }

    @Test
    void dg2_unwrapsSeveralFacesAndChecksTheCount() {
        BiometricDataBlock a = BiometricDataBlock.face(new byte[] {1, 2, 3}, 0x0101, 0x0008);
        BiometricDataBlock b = BiometricDataBlock.face(new byte[] {4, 5}, 0x0101, 0x0008);
        Dg2 dg2 = Dg2.of(List.of(a, b));
        Dg2 parsed = Dg2.parse(dg2.encode());
        assertThat(parsed.blocks()).containsExactly(a, b);
        assertThat(parsed.blocks().get(1).data()).containsExactly(4, 5);
        assertThat(parsed.toString()).contains("redacted").doesNotContain("[4, 5]");

        byte[] wrongCount = Tlv.constructed(0x75, Tlv.constructed(0x7F61, Tlv.of(0x02, new byte[] {3}),
                Tlv.constructed(0x7F60, Tlv.constructed(0xA1, Tlv.of(0x81, new byte[] {2})),
                        Tlv.of(0x5F2E, new byte[] {9})))).encode();
        assertThatThrownBy(() -> Dg2.parse(wrongCount)).isInstanceOf(LdsException.class)
                .hasMessageContaining("declares 3 instances but holds 1");
        byte[] noData = Tlv.constructed(0x75, Tlv.constructed(0x7F61, Tlv.of(0x02, new byte[] {1}),
                Tlv.constructed(0x7F60, Tlv.constructed(0xA1, Tlv.of(0x81, new byte[] {2}))))).encode();
        assertThat(reasonOf(() -> Dg2.parse(noData))).isEqualTo(LdsException.Reason.MISSING_ELEMENT);
    }

    @Test
    void dg2_keepsUnknownObjectsOfTheGroupTemplate() {
        byte[] withExtra = Tlv.constructed(0x75, Tlv.constructed(0x7F61, Tlv.of(0x02, new byte[] {1}),
                Tlv.constructed(0x7F60, Tlv.constructed(0xA1, Tlv.of(0x81, new byte[] {2})),
                        Tlv.of(0x5F2E, new byte[] {9})), Tlv.of(0x5F7E, new byte[] {7}))).encode();
        Dg2 dg2 = Dg2.parse(withExtra);
        assertThat(dg2.unknown()).extracting(Tlv::tag).containsExactly(0x5F7E);
        assertThat(dg2.encode()).isEqualTo(withExtra);
    }

    @Test
    void dg2_acceptsEncipheredDataBlocks() {
        byte[] enciphered = Tlv.constructed(0x75, Tlv.constructed(0x7F61, Tlv.of(0x02, new byte[] {1}),
                Tlv.constructed(0x7F60, Tlv.constructed(0xA1, Tlv.of(0x81, new byte[] {2})),
                        Tlv.of(0x7F2E, new byte[] {(byte) 0x81, 0x01, 0x00})))).encode();
        BiometricDataBlock block = Dg2.parse(enciphered).blocks().get(0);
        assertThat(block.dataTag()).isEqualTo(BiometricDataBlock.TAG_DATA_ENCIPHERED);
        assertThat(block.formatOwner()).isEqualTo(-1);
    }

    @Test
    void dg2_readsTheRealIso39794Dg2() throws Exception {
        byte[] dg2 = Files.readAllBytes(TESTDATA.resolve("lds/gmrtd-face-records/ICAO_39794_5_AP_DG2_AllFields.dat"));
        Dg2 parsed = Dg2.parse(dg2);
        assertThat(parsed.blocks()).isNotEmpty();
        assertThat(parsed.blocks().get(0).data().length).isGreaterThan(1000);
    }

    @Test
    void sod_rejectsBadInputWithReasons() throws Exception {
        assertThat(reasonOf(() -> Sod.parse(new byte[] {0x77, 0x02, 0x30, 0x00}))).isEqualTo(LdsException.Reason.MALFORMED_CMS);
        assertThat(reasonOf(() -> Sod.parse(new byte[] {0x61, 0x00}))).isEqualTo(LdsException.Reason.WRONG_TAG);
        // a master list wrapped as if it were a SOD: right CMS, wrong content type
        byte[] ml = Files.readAllBytes(TESTDATA.resolve("pki/masterlists/NL_ML_2026-07-22.ml"));
        byte[] wrapped = Tlv.of(0x77, ml).encode();
        assertThat(reasonOf(() -> Sod.parse(wrapped))).isEqualTo(LdsException.Reason.WRONG_CONTENT_TYPE);
    }

    @Test
    void sod_readsBerIndefiniteLengthsAndIdDataContent() throws Exception {
        // NZ uses indefinite lengths inside 77; CN labels its LDSSecurityObject id-data
        Sod nz = Sod.parse(Files.readAllBytes(TESTDATA.resolve("lds/gmrtd-sod/NZ/EF_SOD.bin")));
        assertThat(nz.dataGroupHashes()).containsKeys(1, 2);
        Sod cn = Sod.parse(Files.readAllBytes(TESTDATA.resolve("lds/gmrtd-sod/CN/EF_SOD.bin")));
        assertThat(cn.contentType().getId()).isEqualTo("1.2.840.113549.1.7.1");
        Sod fi = Sod.parse(Files.readAllBytes(TESTDATA.resolve("lds/gmrtd-sod/FI/EF_SOD.bin")));
        assertThat(fi.digestAlgorithm()).isEqualTo(DigestAlgorithm.SHA512);
        Sod ru = Sod.parse(Files.readAllBytes(TESTDATA.resolve("lds/gmrtd-sod/RU/EF_SOD.bin")));
        assertThat(ru.digestAlgorithm()).isEqualTo(DigestAlgorithm.SHA1);
        assertThat(ru.toString()).contains("SHA1");
    }

    @Test
    void distinguishedNames_ignoreOrderCaseAndSpacing() {
        var a = new org.bouncycastle.asn1.x500.X500Name("C=MY,O=Gov,ST=Putrajaya,L=X,OU=Imm,CN=CSCA  Malaysia");
        var b = new org.bouncycastle.asn1.x500.X500Name("C=MY,ST=Putrajaya,L=X,O=gov,OU=Imm,CN=csca malaysia");
        var c = new org.bouncycastle.asn1.x500.X500Name("C=MY,ST=Putrajaya,L=X,O=gov,OU=Imm,CN=csca");
        assertThat(DistinguishedNames.equivalent(a, b)).isTrue();
        assertThat(DistinguishedNames.equivalent(a, c)).isFalse();
    }
}
