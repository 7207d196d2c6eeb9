package org.openegate.crypto.emulator;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.SecureRandom;
import java.util.Optional;
import org.openegate.crypto.CheckStatus;
import org.openegate.crypto.chip.ChipException;
import org.openegate.crypto.chip.ChipReadResult;
import org.openegate.crypto.chip.ChipReader;
import org.openegate.crypto.chip.internal.ActiveAuthCrypto;
import org.openegate.crypto.chip.internal.ChipAuthCrypto;
import org.openegate.crypto.testpassport.ChipFeatures;
import org.openegate.crypto.testpassport.ChipKeys;
import org.openegate.crypto.testpassport.KeyAlgorithm;
import org.openegate.crypto.testpassport.TestPassport;

/**
 * A chip that answers INTERNAL AUTHENTICATE or CA's GENERAL AUTHENTICATE with fuzzer-chosen content and status word
 * (correctly wrapped in secure messaging, so the reader's AA/CA handling sees it). The read must end in a result or
 * a {@link ChipException}, and a forged AA answer must never pass.
 */
class ChipAuthFuzzTest {

    private static final ChipKeys RSA_AA;
    private static final ChipKeys CA;
    private static final TestPassport RSA_PASSPORT;
    private static final TestPassport CA_PASSPORT;

    static {
        ChipAuthenticationEmulatorTest.issue();
        RSA_AA = ChipAuthenticationEmulatorTest.factory.createChipKeys(
                new ChipFeatures(false, false, Optional.of(KeyAlgorithm.RSA_2048)));
        CA = ChipAuthenticationEmulatorTest.factory.createChipKeys(new ChipFeatures(false, true, Optional.empty()));
        RSA_PASSPORT = ChipAuthenticationEmulatorTest.passport(RSA_AA.dataGroups());
        CA_PASSPORT = ChipAuthenticationEmulatorTest.passport(CA.dataGroups());
    }

    @FuzzTest(maxDuration = "30s")
    void hostileAuthenticationAnswer_givesAResultOrChipException(FuzzedDataProvider fuzz) {
        boolean ca = fuzz.consumeBoolean();
        int sw = fuzz.consumeBoolean() ? 0x9000 : fuzz.consumeInt(0x6000, 0x6FFF);
        byte[] answer = fuzz.consumeRemainingAsBytes();
        EmrtdEmulator.Builder b = ChipAuthenticationEmulatorTest.chip(ca ? CA_PASSPORT : RSA_PASSPORT, false);
        EmrtdEmulator card = ca
                ? b.chipAuthentication(CA.chipAuthentication().orElseThrow().getPrivate(),
                        ChipAuthCrypto.OID_CA_ECDH_AES_128).build()
                : b.activeAuthentication(RSA_AA.activeAuthentication().orElseThrow().getPrivate(),
                        ActiveAuthCrypto.Digest.SHA256).build();
        card.forgeNextAuthenticationAnswer(answer, sw);
        try {
            ChipReadResult result = new ChipReader(new EmulatorChannel(card), ChipAuthenticationEmulatorTest.CLOCK,
                    new SecureRandom()).read(ChipAuthenticationEmulatorTest.KEY);
            if (!ca && result.chipAuthentication().status() == CheckStatus.PASSED) {
                throw new AssertionError("a forged INTERNAL AUTHENTICATE answer passed Active Authentication");
            }
        } catch (ChipException expected) {
            // a reasoned refusal is acceptable
        }
    }
}
