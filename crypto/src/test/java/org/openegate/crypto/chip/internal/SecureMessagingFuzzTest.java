package org.openegate.crypto.chip.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.openegate.crypto.apdu.ApduFormatException;
import org.openegate.crypto.apdu.CommandApdu;
import org.openegate.crypto.apdu.ResponseApdu;

/** Untrusted bytes into both unwrapping directions: only our own exceptions may come out. */
class SecureMessagingFuzzTest {

    private static SecureMessaging session() {
        return new SecureMessaging(SmAlgorithm.DES3, SecureMessagingTest.K_ENC, SecureMessagingTest.K_MAC, new byte[8]);
    }

    @FuzzTest(maxDuration = "30s")
    void unprotectResponse_throwsOnlySecureMessagingOrFormatExceptions(byte[] input) {
        try {
            session().unprotectResponse(ResponseApdu.parse(input));
        } catch (SecureMessagingException | ApduFormatException expected) {
            // refused with a reason: what we want
        }
    }

    @FuzzTest(maxDuration = "30s")
    void unprotectCommand_throwsOnlySecureMessagingOrFormatExceptions(byte[] input) {
        try {
            session().unprotectCommand(CommandApdu.parse(input));
        } catch (SecureMessagingException | ApduFormatException expected) {
            // refused with a reason
        }
    }
}
