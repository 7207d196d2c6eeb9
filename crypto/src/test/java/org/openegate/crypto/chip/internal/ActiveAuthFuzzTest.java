package org.openegate.crypto.chip.internal;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Optional;

/**
 * Untrusted INTERNAL AUTHENTICATE answers into the AA verifier (ISO/IEC 9796-2 recovery and plain ECDSA): only
 * {@link ActiveAuthException} may come out. Random bytes almost never recover to a valid representative, so
 * the fuzzer mostly explores the length, range, header and trailer checks, which is where a parser breaks.
 */
class ActiveAuthFuzzTest {

    private static final PublicKey RSA;
    private static final PublicKey EC;

    static {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(1024);
            RSA = rsa.generateKeyPair().getPublic();
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = ec.generateKeyPair();
            EC = pair.getPublic();
        } catch (java.security.GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void verify_throwsOnlyActiveAuthException(FuzzedDataProvider data) {
        boolean ec = data.consumeBoolean();
        byte[] challenge = data.consumeBytes(8);
        byte[] signature = data.consumeRemainingAsBytes();
        try {
            ActiveAuthCrypto.verify(ec ? EC : RSA, challenge, signature,
                    ec ? Optional.of(ActiveAuthCrypto.Digest.SHA256) : Optional.empty());
        } catch (ActiveAuthException expected) {
            // refused with a reason: what we want
        }
    }
}
