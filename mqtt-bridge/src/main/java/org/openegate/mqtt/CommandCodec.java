package org.openegate.mqtt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;

/**
 * The wire form of signed commands, shared by {@link CommandSigner} and the verifier.
 *
 * <h2>Canonical form</h2>
 * The signature covers {@code "openegate-command-v1\n"} followed by the command object WITHOUT its
 * {@code sig} member, serialised as RFC 8785 (JCS) does for the JSON subset commands may use: object
 * members sorted by key in UTF-16 code-unit order (§3.2.3), no whitespace, strings escaped as §3.2.2.2
 * says (only {@code " \ } and controls; controls other than {@code \b \f \n \r \t} as lower-case
 * {@code \}{@code u00xx}), integers in plain decimal. Non-integer numbers and integers beyond ±2^53 are
 * refused (MALFORMED): their JCS form needs ECMAScript number printing, and no command needs them. Duplicate
 * member names are refused by the parser, so the signer and the gate can never disagree on what was signed.
 */
final class CommandCodec {

    /** Largest command accepted (a trust list or watchlist update); announced as our Maximum Packet Size. */
    static final int MAX_PAYLOAD_BYTES = 1024 * 1024;
    static final String DOMAIN = "openegate-command-v1\n";
    static final int VERSION = 1;
    static final int SIGNATURE_BYTES = 64; // ES256, IEEE P1363 r||s (RFC 7518 §3.4)
    static final String ALG = "ES256";
    private static final long MAX_SAFE_INTEGER = (1L << 53) - 1;
    /** P-256 field prime and order (SEC 2 v2 §2.4.2), to recognise the curve of a key. */
    private static final BigInteger P256_P =
            new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    private static final BigInteger P256_N =
            new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);

    /** A parser for untrusted command payloads: duplicate keys refused, nesting and strings bounded. */
    static final ObjectMapper STRICT = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(32)
                    .maxNumberLength(32)
                    .maxStringLength(CommandCodec.MAX_PAYLOAD_BYTES)
                    .build())
            .build());

    private CommandCodec() {
    }

    /** The bytes an operator signs for {@code command} (its {@code sig} member, if any, left out). */
    static byte[] signedBytes(ObjectNode command) {
        StringBuilder b = new StringBuilder(DOMAIN);
        writeObjectWithout(command, "sig", b);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeObjectWithout(JsonNode object, String skip, StringBuilder b) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            if (!n.equals(skip)) {
                names.add(n);
            }
        }
        names.sort(String::compareTo); // UTF-16 code-unit order, RFC 8785 §3.2.3
        b.append('{');
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            writeString(names.get(i), b);
            b.append(':');
            write(object.get(names.get(i)), b);
        }
        b.append('}');
    }

    private static void write(JsonNode n, StringBuilder b) {
        switch (n.getNodeType()) {
            case OBJECT -> writeObjectWithout(n, null, b);
            case ARRAY -> {
                b.append('[');
                for (int i = 0; i < n.size(); i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    write(n.get(i), b);
                }
                b.append(']');
            }
            case STRING -> writeString(n.textValue(), b);
            case BOOLEAN -> b.append(n.booleanValue());
            case NULL -> b.append("null");
            case NUMBER -> {
                if (!n.isIntegralNumber() || !n.canConvertToLong() || Math.abs(n.longValue()) > MAX_SAFE_INTEGER) {
                    throw new CommandRefusal(CommandStatus.MALFORMED,
                            "number " + Topics.quote(n.toString()) + " is not an integer within +-2^53");
                }
                b.append(n.longValue());
            }
            default -> throw new CommandRefusal(CommandStatus.MALFORMED, "unsupported JSON value " + n.getNodeType());
        }
    }

    private static void writeString(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Decodes unpadded base64url; null when it is not. */
    static byte[] fromBase64Url(String s) {
        if (s.indexOf('=') >= 0) {
            return null;
        }
        try {
            return Base64.getUrlDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static void checkKeyId(String id) {
        if (id == null || id.isEmpty() || id.length() > 64 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("key id " + (id == null ? "null" : Topics.quote(id))
                    + " must be 1..64 printable ASCII characters");
        }
    }

    static ECPublicKey requireP256(PublicKey key) {
        if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
            throw new IllegalArgumentException("key is " + key.getAlgorithm()
                    + (key instanceof ECPublicKey ec2 ? " on a curve of order " + ec2.getParams().getOrder().bitLength() + " bits" : "")
                    + ", not EC P-256");
        }
        return ec;
    }

    static boolean isP256(ECParameterSpec params) {
        return params.getOrder().equals(P256_N)
                && params.getCurve().getField() instanceof java.security.spec.ECFieldFp fp && fp.getP().equals(P256_P);
    }

    /** A text member, or null when absent or not text. */
    static String text(JsonNode object, String name) {
        JsonNode n = object.get(name);
        return n != null && n.isTextual() ? n.textValue() : null;
    }

    static boolean isNonce(String s) {
        return s != null && s.length() >= 16 && s.length() <= 64
                && s.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '_');
    }
}
