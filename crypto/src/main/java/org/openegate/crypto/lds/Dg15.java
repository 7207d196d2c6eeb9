package org.openegate.crypto.lds;

import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.openegate.crypto.tlv.Tlv;

import java.io.IOException;
import java.security.PublicKey;
import java.util.Arrays;

/**
 * EF.DG15 (9303-10 §4.7.15): tag 6F wrapping the Active Authentication public key as a SubjectPublicKeyInfo, RSA
 * or EC (EC keys may carry explicit domain parameters, so they are decoded by BouncyCastle).
 */
public final class Dg15 {

    private final byte[] subjectPublicKeyInfo;
    private final PublicKey publicKey;

    private Dg15(byte[] subjectPublicKeyInfo, PublicKey publicKey) {
        this.subjectPublicKeyInfo = subjectPublicKeyInfo;
        this.publicKey = publicKey;
    }

    /** Decodes EF.DG15; throws {@link LdsException} naming what is wrong. */
    public static Dg15 parse(byte[] content) {
        Tlv file = LdsTlv.readFile(content, LdsFile.DG15);
        byte[] spki = file.value();
        try {
            // re-encode to check the value is exactly one SubjectPublicKeyInfo
            spki = SubjectPublicKeyInfo.getInstance(SignedContent.readSingle(spki, "DG15"))
                    .getEncoded(ASN1Encoding.DER);
        } catch (LdsException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new LdsException(LdsException.Reason.BAD_CERTIFICATE,
                    "DG15 SubjectPublicKeyInfo: " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
        return new Dg15(spki, PublicKeys.decode(spki, "DG15"));
    }

    /** A DG15 holding the given public key (for the test-passport factory and the emulator). */
    public static Dg15 of(PublicKey key) {
        byte[] spki = key.getEncoded();
        return new Dg15(spki, PublicKeys.decode(spki, "DG15"));
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** "RSA" or "EC". */
    public String algorithm() {
        return publicKey.getAlgorithm().startsWith("EC") ? "EC" : publicKey.getAlgorithm();
    }

    public byte[] subjectPublicKeyInfo() {
        return subjectPublicKeyInfo.clone();
    }

    public byte[] encode() {
        return Tlv.of(LdsFile.DG15.tag(), subjectPublicKeyInfo).encode();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dg15 other && Arrays.equals(other.subjectPublicKeyInfo, subjectPublicKeyInfo);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(subjectPublicKeyInfo);
    }

    @Override
    public String toString() {
        return "Dg15[algorithm=" + algorithm() + "]";
    }
}
