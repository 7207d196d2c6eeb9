package org.openegate.provisioning.enrol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * The revocation notice's signed content. The gate wipes its keys and personal data on a notice, so a notice
 * must come from the operator: it is an ECDSA P-256/SHA-256 signature by the operator key (whose certificate the
 * gate received at enrolment and checked against the fleet CA) over a domain-separated text naming the device,
 * the notice id and the time.
 */
final class Notices {

    private Notices() {
    }

    static byte[] content(String deviceId, String noticeId, long revokedAtMillis) {
        return ("openegate-revocation-v1\n" + deviceId + "\n" + noticeId + "\n" + revokedAtMillis)
                .getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] sign(PrivateKey operatorKey, byte[] content) throws GeneralSecurityException {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(operatorKey);
        s.update(content);
        return s.sign();
    }

    static boolean verify(PublicKey key, byte[] content, byte[] signature) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(key);
            s.update(content);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
