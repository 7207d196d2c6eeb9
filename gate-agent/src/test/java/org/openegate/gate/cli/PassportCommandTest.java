package org.openegate.gate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.crypto.mrz.Mrz;

/** {@code egate passport make}: what it writes verifies with {@code egate doc verify}, as CLI.md promises. */
class PassportCommandTest {

    private static final Path TESTDATA = Path.of(System.getProperty("testdata.dir"));

    @TempDir
    Path dir;

    @Test
    void make_writesAPassportThatDocVerifyPasses() throws Exception {
        CliTestSupport.Run make = CliTestSupport.run("passport", "make", "--out", dir.toString(), "--surname",
                "O'NEIL-SMITH", "--given", "MARY ANN", "--nationality", "D", "--json");
        assertThat(make.status()).as(make.err()).isZero();
        JsonObject made = new JsonObject(make.out().strip());
        assertThat(made.getJsonArray("files").getList()).containsExactly("DG1.bin", "DG2.bin", "EF_COM.bin",
                "EF_SOD.bin");
        assertThat(made.getBoolean("cscaReused")).isFalse();

        List<String> lines = Files.readAllLines(dir.resolve("mrz.txt"), StandardCharsets.US_ASCII);
        Mrz mrz = Mrz.parse(lines);
        assertThat(mrz.valid()).isTrue();
        assertThat(mrz.surname()).isEqualTo("ONEIL SMITH");
        assertThat(mrz.givenNames()).isEqualTo("MARY ANN");
        assertThat(mrz.nationality()).isEqualTo("D");
        assertThat(Files.exists(dir.resolve("pki/csca.pem"))).isTrue();
        // no chip extras without --pace/--aa/--ca
        assertThat(Files.exists(dir.resolve(PassportCommand.CARD_ACCESS_FILE))).isFalse();
        assertThat(Files.exists(dir.resolve("chip"))).isFalse();

        CliTestSupport.Run verify = CliTestSupport.run("doc", "verify", "--lds", dir.toString(), "--trust",
                dir.resolve("pki/csca.pem").toString(), "--json");
        assertThat(verify.status()).as(verify.err()).isZero();
        JsonObject pa = new JsonObject(verify.out().strip()).getJsonObject("passiveAuthentication");
        assertThat(pa.getString("result")).isEqualTo("PASSED");
        assertThat(pa.getJsonObject("dataGroups").getMap()).containsOnlyKeys("1", "2");
    }

    @Test
    void make_withChipFeaturesPublishesDg14Dg15AndKeepsTheKeysOwnerOnly() throws Exception {
        CliTestSupport.Run make = CliTestSupport.run("passport", "make", "--out", dir.toString(), "--pace", "--aa",
                "--ca", "--can", "123456", "--json");
        assertThat(make.status()).as(make.err()).isZero();
        assertThat(new JsonObject(make.out().strip()).getJsonArray("files").getList()).contains("DG14.bin",
                "DG15.bin", PassportCommand.CARD_ACCESS_FILE);

        Path chip = dir.resolve("chip");
        for (String name : List.of(PassportCommand.CHIP_AUTHENTICATION_KEY, PassportCommand.ACTIVE_AUTHENTICATION_KEY,
                PassportCommand.CAN_FILE)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(chip.resolve(name))))
                    .as(name).isEqualTo("rw-------");
        }
        assertThat(Files.readString(chip.resolve(PassportCommand.CAN_FILE)).strip()).isEqualTo("123456");
        String pem = Files.readString(chip.resolve(PassportCommand.CHIP_AUTHENTICATION_KEY));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        assertThat(KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der)))
                .isInstanceOf(ECPrivateKey.class);
        // keys stay in their files: nothing secret on stdout
        assertThat(make.out()).doesNotContain("PRIVATE KEY").doesNotContain("123456");

        // EF.CardAccess (tag 31) is not an LDS data group: doc verify ignores it, DG14/DG15 are in the SOD
        CliTestSupport.Run verify = CliTestSupport.run("doc", "verify", "--lds", dir.toString(), "--trust",
                dir.resolve("pki/csca.pem").toString(), "--json");
        assertThat(verify.status()).as(verify.err()).isZero();
        assertThat(new JsonObject(verify.out().strip()).getJsonObject("passiveAuthentication")
                .getJsonObject("dataGroups").getMap()).containsOnlyKeys("1", "2", "14", "15").containsValues("PASSED");
    }

    @Test
    void make_reusesTheCscaInPki() throws Exception {
        assertThat(CliTestSupport.run("passport", "make", "--out", dir.toString()).status()).isZero();
        String firstCsca = Files.readString(dir.resolve("pki/csca.pem"));
        String firstMrz = Files.readString(dir.resolve("mrz.txt"));
        CliTestSupport.Run again = CliTestSupport.run("passport", "make", "--out", dir.toString(), "--json");
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(new JsonObject(again.out().strip()).getBoolean("cscaReused")).isTrue();
        assertThat(Files.readString(dir.resolve("pki/csca.pem"))).isEqualTo(firstCsca);
        assertThat(Files.readString(dir.resolve("mrz.txt"))).isNotEqualTo(firstMrz);
        assertThat(CliTestSupport.run("doc", "verify", "--lds", dir.toString(), "--trust",
                dir.resolve("pki/csca.pem").toString()).status()).isZero();
    }

    @Test
    void make_againWithoutChipFeaturesLeavesNoStaleFiles() throws Exception {
        assertThat(CliTestSupport.run("passport", "make", "--out", dir.toString(), "--pace", "--aa", "--ca")
                .status()).isZero();
        assertThat(CliTestSupport.run("passport", "make", "--out", dir.toString()).status()).isZero();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("DG1.bin", "DG2.bin",
                    "EF_COM.bin", "EF_SOD.bin", "mrz.txt", "pki", "chip");
        }
        try (var chipFiles = Files.list(dir.resolve("chip"))) {
            assertThat(chipFiles).isEmpty();
        }
        assertThat(CliTestSupport.run("doc", "verify", "--lds", dir.toString(), "--trust",
                dir.resolve("pki/csca.pem").toString()).status()).isZero();
    }

    @Test
    void request_toStringRedactsNamesAndCan() {
        PassportCommand.Request request = new PassportCommand.Request(dir, "ERIKSSON", "ANNA MARIA", "UTO",
                java.util.Optional.empty(), true, false, false, java.util.Optional.of("271828"));
        assertThat(request.toString()).doesNotContain("ERIKSSON").doesNotContain("ANNA").doesNotContain("271828")
                .contains("<redacted>");
    }

    @Test
    void make_takesTheGivenFace() throws Exception {
        Path face = TESTDATA.resolve("lds/gmrtd-face-records/ISO19794_Test1_Face.jpg");
        CliTestSupport.Run make = CliTestSupport.run("passport", "make", "--out", dir.toString(), "--face",
                face.toString());
        assertThat(make.status()).as(make.err()).isZero();
        byte[] jpeg = Files.readAllBytes(face);
        byte[] dg2 = Files.readAllBytes(dir.resolve("DG2.bin"));
        assertThat(indexOf(dg2, jpeg)).isPositive();
    }

    @Test
    void make_refusesBadInputWithExitTwoAndOneLine() {
        CliTestSupport.Run noFace = CliTestSupport.run("passport", "make", "--out", dir.toString(), "--face",
                dir.resolve("missing.jpg").toString());
        assertThat(noFace.status()).isEqualTo(2);
        assertThat(noFace.err().strip()).contains("missing.jpg").doesNotContain("\n").doesNotContain("\tat ");

        CliTestSupport.Run badNationality = CliTestSupport.run("passport", "make", "--out", dir.toString(),
                "--nationality", "U1O");
        assertThat(badNationality.status()).isEqualTo(2);
        assertThat(badNationality.err()).contains("nationality");

        CliTestSupport.Run canWithoutPace = CliTestSupport.run("passport", "make", "--out", dir.toString(), "--can",
                "123456");
        assertThat(canWithoutPace.status()).isEqualTo(2);
        assertThat(canWithoutPace.err()).contains("--can needs --pace");
    }

    @Test
    void make_refusesAFaceThatIsNotAJpeg() throws Exception {
        Path notJpeg = dir.resolve("face.jpg");
        Files.writeString(notJpeg, "not an image");
        CliTestSupport.Run run = CliTestSupport.run("passport", "make", "--out", dir.resolve("p").toString(),
                "--face", notJpeg.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().strip()).startsWith("egate: ").doesNotContain("\n");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
