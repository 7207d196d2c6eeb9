package org.openegate.crypto.lds;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.pa.PassiveAuthResult;
import org.openegate.crypto.pa.PassiveAuthenticator;
import org.openegate.crypto.testpassport.KeyAlgorithm;
import org.openegate.crypto.testpassport.TestImages;
import org.openegate.crypto.testpassport.TestPassport;
import org.openegate.crypto.testpassport.TestPassportFactory;
import org.openegate.crypto.trust.TrustStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LdsDirectoryTest {

    @Test
    void read_recognisesFilesByTagNotName(@TempDir Path dir) throws Exception {
        Path bsi = Path.of(System.getProperty("testdata.dir", "../../shared/testdata")).resolve("lds/bsi-tr03105-5");
        Files.copy(bsi.resolve("EF_SOD.bin"), dir.resolve("a"));
        Files.copy(bsi.resolve("Datagroup1.bin"), dir.resolve("b"));
        Files.copy(bsi.resolve("Datagroup2.bin"), dir.resolve("c.jpg"));
        Files.copy(bsi.resolve("EF_COM.bin"), dir.resolve("d"));
        Files.writeString(dir.resolve("mrz.txt"), "abc\n"); // starts with 'a' = 0x61, but is no TLV of that size
        Files.createDirectory(dir.resolve("pki"));
        LdsDirectory lds = LdsDirectory.read(dir);
        assertThat(lds.files()).containsOnlyKeys(LdsFile.SOD, LdsFile.DG1, LdsFile.DG2, LdsFile.COM);
        assertThat(lds.ignored()).containsExactly(dir.resolve("mrz.txt"));
        assertThat(lds.dataGroups()).containsOnlyKeys(1, 2);
    }

    @Test
    void read_refusesTwoFilesOfOneType(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("x"), new Dg1("P<D<<A<<B").encode());
        Files.write(dir.resolve("y"), new Dg1("P<D<<C<<D").encode());
        assertThatThrownBy(() -> LdsDirectory.read(dir)).isInstanceOf(LdsException.class)
                .hasMessageContaining("two DG1 files: x and y");
    }

    @Test
    void read_feedsPassiveAuthenticationOfAWrittenTestPassport(@TempDir Path dir) throws Exception {
        TestPassportFactory factory = new TestPassportFactory(new SecureRandom(), Clock.systemUTC());
        var csca = factory.createCsca("DE", KeyAlgorithm.EC_P256);
        TestPassport passport = factory.issue(csca, List.of(
                "P<D<<MUSTERMANN<<ERIKA<<<<<<<<<<<<<<<<<<<<<<",
                "C11T002JM4D<<9608122F2310314<<<<<<<<<<<<<<<4"), TestImages.jpeg(16, 16));
        passport.writeTo(dir);
        LdsDirectory lds = LdsDirectory.read(dir);
        TrustStore trust = TrustStore.builder(Clock.systemUTC()).load(dir.resolve("pki")).build();
        PassiveAuthResult result = new PassiveAuthenticator(trust).verify(lds.file(LdsFile.SOD).orElseThrow(),
                lds.dataGroups(), Clock.systemUTC().instant());
        assertThat(result.result()).isEqualTo(CheckStatus.PASSED);
    }
}
