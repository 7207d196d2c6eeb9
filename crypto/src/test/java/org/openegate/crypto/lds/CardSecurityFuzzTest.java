package org.openegate.crypto.lds;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.security.cert.X509Certificate;

/**
 * EF.CardSecurity comes from the chip: decoding it, and checking its signature with the key of the certificate it
 * carries, may only fail with an {@link LdsException}; a bad signature is a {@link SignedContent.SignerCheck}, never an
 * exception. Without JAZZER_FUZZ=1 only the seed corpus in {@code CardSecurityFuzzTestInputs/<method>} runs (the
 * German file and a factory-made one).
 */
class CardSecurityFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void cardSecurity_failsOnlyWithLdsException(byte[] data) {
        try {
            CardSecurity cs = CardSecurity.parse(data);
            cs.toString();
            for (SecurityInfo.ChipAuthenticationPublicKeyInfo key
                    : cs.infos(SecurityInfo.ChipAuthenticationPublicKeyInfo.class)) {
                key.keyId();
                try {
                    key.publicKey();
                } catch (LdsException unsupported) {
                    // a key in a form this decoder does not know: a reasoned refusal too
                }
            }
            for (X509Certificate signer : cs.signerCertificates()) {
                cs.verifySigner(signer.getPublicKey());
            }
        } catch (LdsException expected) {
            // a reasoned refusal
        }
    }
}
