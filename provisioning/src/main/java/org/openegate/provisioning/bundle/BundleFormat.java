package org.openegate.provisioning.bundle;

import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;

/**
 * The wire form of a bundle: a DER CMS SignedData (RFC 5652) whose encapsulated content is the bundle's content
 * itself, with the bundle's identity in a signed attribute:
 *
 * <pre>
 * eContentType  id-openegate-bundle-content
 * signedAttrs   contentType, messageDigest (SHA-256 of the content), signingTime,
 *               id-openegate-bundle-info: BundleInfo
 *
 * BundleInfo ::= SEQUENCE {
 *     formatVersion INTEGER (1),
 *     type          UTF8String,  -- "config" | "policy" | "trustlist" | "watchlist"
 *     version       INTEGER,     -- 1 .. 2^63-1, monotonic per type
 *     target        UTF8String } -- a device id, "site:&lt;site&gt;" or "*"
 * </pre>
 *
 * Why the content itself as eContent and the identity as a signed attribute, rather than a manifest with a
 * digest: the signature covers the signed attributes (RFC 5652 §5.4), and those hold both the messageDigest of
 * the content and BundleInfo, so type, version, target and content are bound by one signature with no second
 * container format to parse; and {@code openssl cms -verify} can check and extract any bundle by hand.
 *
 * <p>The object identifiers sit under a UUID arc (ITU-T X.667, {@code 2.25.<uuid>}), which needs no registration.
 */
final class BundleFormat {

    /** 2.25 + UUID 9dfa0af5-68cb-4c85-83b8-7edfac4af8a5 as an integer (X.667 §6.3). */
    static final ASN1ObjectIdentifier ARC = new ASN1ObjectIdentifier("2.25.209987091820293565790060074917165725861");
    static final ASN1ObjectIdentifier CONTENT_TYPE = ARC.branch("1");
    static final ASN1ObjectIdentifier BUNDLE_INFO = ARC.branch("2");
    static final int FORMAT_VERSION = 1;
    static final int MAX_TARGET_LENGTH = 200;

    private BundleFormat() {
    }

    /** Type, version and target as they are signed. */
    record Info(BundleType type, long version, String target) {
    }

    static ASN1Encodable encode(Info info) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1Integer(FORMAT_VERSION));
        v.add(new DERUTF8String(info.type().wireName()));
        v.add(new ASN1Integer(info.version()));
        v.add(new DERUTF8String(info.target()));
        return new DERSequence(v);
    }

    /** Decodes an already authenticated attribute value; every refusal says which field is wrong. */
    static Info decode(ASN1Encodable value) throws BundleException {
        if (!(value instanceof ASN1Sequence seq) || seq.size() != 4) {
            throw malformed("BundleInfo is not a SEQUENCE of 4 elements");
        }
        if (!(seq.getObjectAt(0) instanceof ASN1Integer format) || !format.hasValue(FORMAT_VERSION)) {
            throw malformed("BundleInfo formatVersion is " + seq.getObjectAt(0) + ", expected " + FORMAT_VERSION);
        }
        if (!(seq.getObjectAt(1) instanceof ASN1UTF8String typeName)) {
            throw malformed("BundleInfo type is not a UTF8String");
        }
        BundleType type = BundleType.fromWireName(typeName.getString()).orElseThrow(
                () -> malformed("BundleInfo type " + quote(typeName.getString()) + " is not a bundle type"));
        if (!(seq.getObjectAt(2) instanceof ASN1Integer versionNumber)) {
            throw malformed("BundleInfo version is not an INTEGER");
        }
        BigInteger version = versionNumber.getValue();
        if (version.signum() <= 0 || version.bitLength() > 63) {
            throw malformed("BundleInfo version " + version + " is outside 1.." + Long.MAX_VALUE);
        }
        if (!(seq.getObjectAt(3) instanceof ASN1UTF8String targetName)) {
            throw malformed("BundleInfo target is not a UTF8String");
        }
        String target = targetName.getString();
        String problem = targetProblem(target);
        if (problem != null) {
            throw malformed("BundleInfo target " + quote(target) + " " + problem);
        }
        return new Info(type, version.longValue(), target);
    }

    /**
     * Why {@code target} is not a valid target, or null if it is: {@code *}, {@code site:<id>} or a device id,
     * where ids are 1..64 of {@code [A-Za-z0-9._-]} (the MQTT topic-level rules, so every target can be addressed).
     */
    static String targetProblem(String target) {
        if (target.equals("*")) {
            return null;
        }
        String id = target.startsWith("site:") ? target.substring(5) : target;
        if (id.isEmpty() || id.length() > 64) {
            return "has an id of " + id.length() + " characters; 1..64 allowed";
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_';
            if (!ok) {
                return "has illegal character U+" + String.format("%04X", (int) c) + " at offset " + i;
            }
        }
        return null;
    }

    /** Quotes a value for a message, cut short and with control characters escaped. */
    static String quote(String s) {
        return org.openegate.mqtt.Topics.quote(s, MAX_TARGET_LENGTH / 2);
    }

    private static BundleException malformed(String detail) {
        return new BundleException(BundleException.Reason.MALFORMED, detail);
    }
}
