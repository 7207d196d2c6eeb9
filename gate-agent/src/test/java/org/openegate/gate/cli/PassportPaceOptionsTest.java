package org.openegate.gate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.chip.AccessMethod;
import org.openegate.crypto.chip.BacKey;
import org.openegate.crypto.chip.ChipAuthMethod;
import org.openegate.crypto.chip.ChipReadResult;
import org.openegate.crypto.chip.ChipReader;
import org.openegate.crypto.chip.PaceKey;
import org.openegate.crypto.emulator.EmulatorChannel;
import org.openegate.crypto.lds.CardAccess;
import org.openegate.crypto.lds.LdsFile;
import org.openegate.crypto.mrz.Mrz;

/**
 * {@code passport make --pace-mapping/--pace-curve/--pace-dh/--cipher}: each PACE variant is written to the folder
 * (EF.CardAccess and DG14 agree), and {@code chip emulate}'s chip of that folder is read in-process by the reader
 * the gate uses, with the MRZ and with the CAN. The same folders over pcscd are ChipCommandTest's business.
 */
class PassportPaceOptionsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--pace                                                    | 0.4.0.127.0.7.2.2.4.2.2 | 12 | CA",
        "--pace-curve P-384                                        | 0.4.0.127.0.7.2.2.4.2.2 | 15 | CA",
        "--pace-curve P-521 --cipher AES256                        | 0.4.0.127.0.7.2.2.4.2.4 | 18 | CA",
        "--pace-curve brainpoolP256r1 --cipher 3DES                | 0.4.0.127.0.7.2.2.4.2.1 | 13 | CA",
        "--pace-curve brainpoolP384r1 --cipher AES192              | 0.4.0.127.0.7.2.2.4.2.3 | 16 | CA",
        "--pace-curve brainpoolP512r1                              | 0.4.0.127.0.7.2.2.4.2.2 | 17 | CA",
        "--pace-dh                                                 | 0.4.0.127.0.7.2.2.4.1.2 | 2  | CA",
        "--pace-dh modp1024 --cipher 3DES                          | 0.4.0.127.0.7.2.2.4.1.1 | 0  | CA",
        "--pace-mapping IM --pace-curve brainpoolP256r1            | 0.4.0.127.0.7.2.2.4.4.2 | 13 | CA",
        "--pace-mapping IM --pace-dh modp2048-224 --cipher AES256  | 0.4.0.127.0.7.2.2.4.3.4 | 1  | CA",
        "--pace-mapping CAM --pace-curve brainpoolP256r1           | 0.4.0.127.0.7.2.2.4.6.2 | 13 | PACE_CAM",
        "--pace-mapping CAM --cipher AES256                        | 0.4.0.127.0.7.2.2.4.6.4 | 12 | PACE_CAM",
    })
    void make_writesTheVariant_andItsChipReadsWithMrzAndCan(String options, String oid, int parameterId,
            String method) throws Exception {
        List<String> args = new ArrayList<>(List.of("passport", "make", "--out", dir.toString(), "--ca", "--can",
                "271828", "--json"));
        args.addAll(List.of(options.strip().split("\\s+")));
        CliTestSupport.Run make = CliTestSupport.run(args.toArray(String[]::new));
        assertThat(make.status()).as(make.err()).isZero();
        JsonObject made = new JsonObject(make.out().strip());
        assertThat(made.getBoolean("pace")).isTrue();
        assertThat(made.getString("paceProtocol")).isEqualTo(oid);
        assertThat(made.getInteger("paceParameterId")).isEqualTo(parameterId);
        var info = CardAccess.parse(Files.readAllBytes(dir.resolve(PassportCommand.CARD_ACCESS_FILE))).paceInfos()
                .get(0);
        assertThat(info.protocol().getId()).isEqualTo(oid);
        assertThat(info.parameterId()).contains(parameterId);

        ChipCommand.Chip chip = ChipCommand.loadChip(dir, new SecureRandom());
        Mrz mrz = Mrz.parse(Files.readAllLines(dir.resolve("mrz.txt"), StandardCharsets.US_ASCII));
        for (var key : List.of(BacKey.fromMrzInformation(mrz.mrzInformation()), PaceKey.can("271828"))) {
            ChipReadResult result = new ChipReader(new EmulatorChannel(chip.emulator()), Clock.systemUTC(),
                    new SecureRandom()).read(key);
            assertThat(result.accessMethod()).isEqualTo(AccessMethod.PACE);
            assertThat(result.files()).containsKey(LdsFile.DG14.fileId());
            assertThat(result.chipAuthentication().method()).isEqualTo(ChipAuthMethod.valueOf(method));
            assertThat(result.chipAuthentication().status()).isEqualTo(CheckStatus.PASSED);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--pace-mapping CAM --cipher 3DES        | not defined",
        "--pace-mapping CAM --pace-dh            | not defined",
        "--pace-mapping IM --pace-curve P-224    | 3 mod 4",
        "--pace-curve P-999                      | unknown PACE curve",
        "--pace-curve P-256 --pace-dh            | exclude each other",
        "--pace-dh brainpoolP256r1               | --pace-dh takes",
        "--pace-curve modp1024                   | use --pace-dh",
        "--cipher RC4                            | --cipher must be",
        "--pace-mapping XX                       | XX",
    })
    void make_refusesUndefinedVariants_withExitTwoAndTheReason(String options, String reason) {
        List<String> args = new ArrayList<>(List.of("passport", "make", "--out", dir.toString()));
        args.addAll(List.of(options.strip().split("\\s+")));
        CliTestSupport.Run make = CliTestSupport.run(args.toArray(String[]::new));
        assertThat(make.status()).isEqualTo(2);
        assertThat(make.err()).contains(reason).doesNotContain("\tat ");
    }

    @Test
    void paceOptions_implyPace_andTheCanIsAcceptedWithThem() {
        CliTestSupport.Run make = CliTestSupport.run("passport", "make", "--out", dir.toString(), "--cipher",
                "AES256", "--can", "123456", "--json");
        assertThat(make.status()).as(make.err()).isZero();
        assertThat(new JsonObject(make.out().strip()).getString("paceProtocol"))
                .isEqualTo("0.4.0.127.0.7.2.2.4.2.4");
        assertThat(Files.exists(dir.resolve(PassportCommand.CARD_ACCESS_FILE))).isTrue();
    }
}
