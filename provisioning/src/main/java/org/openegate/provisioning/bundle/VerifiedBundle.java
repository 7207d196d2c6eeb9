package org.openegate.provisioning.bundle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A bundle whose signature, signer and (when checked for a device) target held. The content may be personal data
 * (a watchlist) or security configuration, so {@link #toString()} gives its size and digest only.
 *
 * @param type     what it carries
 * @param version  its version, monotonic per type
 * @param target   the device id, {@code site:<site>} or {@code *} it was signed for
 * @param signedAt the operator's signing time (signed attribute); a trust list's age counts from it
 * @param signer   the subject of the operator certificate that signed it
 * @param content  the content bytes
 * @param encoded  the whole signed bundle as received, kept so the store can re-check it at start-up
 */
public record VerifiedBundle(BundleType type, long version, String target, Instant signedAt, String signer,
        byte[] content, byte[] encoded) {

    public VerifiedBundle {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(signedAt, "signedAt");
        Objects.requireNonNull(signer, "signer");
        content = content.clone();
        encoded = encoded.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    @Override
    public byte[] encoded() {
        return encoded.clone();
    }

    /** The SHA-256 of the content in hex: names the content in logs and replies without revealing it. */
    public String contentSha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifiedBundle other && java.util.Arrays.equals(encoded, other.encoded);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "VerifiedBundle[" + type.wireName() + " v" + version + " for " + target + ", signed " + signedAt
                + " by " + signer + ", content " + content.length + " bytes sha256=" + contentSha256().substring(0, 16)
                + "...]";
    }
}
