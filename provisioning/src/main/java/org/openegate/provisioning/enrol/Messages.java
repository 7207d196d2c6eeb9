package org.openegate.provisioning.enrol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.openegate.provisioning.enrol.EnrolmentException.Reason;

/**
 * The provisioning messages on the wire, JSON with binary fields in base64. Requests arrive from untrusted
 * clients: every field is bounded and checked, and a refusal names the field and the bad size or value (never
 * the token).
 *
 * <pre>
 * request  {"type":"ENROL|RENEW|BUNDLES|WIPED|CONFIRM","requestId":hex, "serial","hardware","site","csr","token"?,
 *           "certificate"?, "proof"?}
 * reply    {"requestId","status":"ISSUED|PENDING|REFUSED|BUNDLES|REVOKED|CONFIRMED","reason"?, "certificate"?,
 *           "caCertificate"?, "operatorCertificate"?, "bundles"?:[{"type","data"}], "deviceId"?, "revokedAt"?,
 *           "signature"?}
 * </pre>
 */
final class Messages {

    enum Type { ENROL, RENEW, BUNDLES, WIPED, CONFIRM }

    enum Status { ISSUED, PENDING, REFUSED, BUNDLES, REVOKED, CONFIRMED }

    static final ObjectMapper JSON = new ObjectMapper();

    private static final int MAX_CSR = 4096;
    private static final int MAX_CERTIFICATE = 8192;
    private static final int MAX_PROOF = 256;
    private static final int MAX_TOKEN = 128;
    private static final int MAX_HARDWARE = 128;

    private Messages() {
    }

    /** A request from a gate. {@link #toString} leaves the token out. */
    record Request(Type type, String requestId, String serial, String hardware, String site, byte[] csr, String token,
            byte[] certificate, byte[] proof) {
        @Override
        public String toString() {
            return "Request[" + type + " " + requestId + " serial " + serial + " site " + site
                    + (token == null ? "" : ", token redacted") + "]";
        }
    }

    /** A reply of the registrar. */
    record Reply(String requestId, Status status, String reason, byte[] certificate, byte[] caCertificate,
            byte[] operatorCertificate, List<EnrolmentBundle> bundles, String deviceId, Long revokedAt,
            byte[] signature) {
        static Reply simple(String requestId, Status status, String reason) {
            return new Reply(requestId, status, reason, null, null, null, List.of(), null, null, null);
        }
    }

    static byte[] encode(Request r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", r.type().name()).put("requestId", r.requestId());
        putIf(o, "serial", r.serial());
        putIf(o, "hardware", r.hardware());
        putIf(o, "site", r.site());
        putIf(o, "csr", r.csr());
        putIf(o, "token", r.token());
        putIf(o, "certificate", r.certificate());
        putIf(o, "proof", r.proof());
        return bytes(o);
    }

    static byte[] encode(Reply r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("requestId", r.requestId()).put("status", r.status().name());
        putIf(o, "reason", r.reason());
        putIf(o, "certificate", r.certificate());
        putIf(o, "caCertificate", r.caCertificate());
        putIf(o, "operatorCertificate", r.operatorCertificate());
        if (!r.bundles().isEmpty()) {
            ArrayNode a = o.putArray("bundles");
            for (EnrolmentBundle b : r.bundles()) {
                a.addObject().put("type", b.type()).put("data", Base64.getEncoder().encodeToString(b.signedBundle()));
            }
        }
        putIf(o, "deviceId", r.deviceId());
        if (r.revokedAt() != null) {
            o.put("revokedAt", r.revokedAt());
        }
        putIf(o, "signature", r.signature());
        return bytes(o);
    }

    static Request decodeRequest(byte[] payload) {
        JsonNode o = parse(payload, "request");
        Type type = enumField(o, "type", Type.class);
        String requestId = requestId(o);
        return new Request(type, requestId, text(o, "serial", 64, false), text(o, "hardware", MAX_HARDWARE, false),
                text(o, "site", 64, false), binary(o, "csr", MAX_CSR), text(o, "token", MAX_TOKEN, false),
                binary(o, "certificate", MAX_CERTIFICATE), binary(o, "proof", MAX_PROOF));
    }

    static Reply decodeReply(byte[] payload) {
        JsonNode o = parse(payload, "reply");
        List<EnrolmentBundle> bundles = new ArrayList<>();
        JsonNode a = o.get("bundles");
        if (a != null) {
            if (!a.isArray()) {
                throw malformed("field bundles is not an array");
            }
            for (JsonNode b : a) {
                String data = b.path("data").asText("");
                try {
                    bundles.add(new EnrolmentBundle(b.path("type").asText(""), Base64.getDecoder().decode(data)));
                } catch (IllegalArgumentException e) {
                    throw malformed("bundle " + bundles.size() + ": " + e.getMessage());
                }
            }
        }
        JsonNode revokedAt = o.get("revokedAt");
        return new Reply(requestId(o), enumField(o, "status", Status.class), text(o, "reason", 512, false),
                binary(o, "certificate", MAX_CERTIFICATE), binary(o, "caCertificate", MAX_CERTIFICATE),
                binary(o, "operatorCertificate", MAX_CERTIFICATE), bundles, text(o, "deviceId", 64, false),
                revokedAt != null && revokedAt.canConvertToLong() ? revokedAt.asLong() : null,
                binary(o, "signature", MAX_PROOF));
    }

    private static JsonNode parse(byte[] payload, String what) {
        if (payload.length > MqttLink.MAX_MESSAGE_BYTES) {
            throw malformed(what + " of " + payload.length + " bytes exceeds " + MqttLink.MAX_MESSAGE_BYTES);
        }
        try {
            JsonNode node = JSON.readTree(payload);
            if (node == null || !node.isObject()) {
                throw malformed(what + " is not a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw malformed(what + " is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw malformed(what + " cannot be read: " + e.getMessage());
        }
    }

    private static String requestId(JsonNode o) {
        String id = text(o, "requestId", 64, true);
        if (!id.matches("[0-9a-f]{8,64}")) {
            throw malformed("requestId \"" + shorten(id) + "\" is not 8 to 64 lower-case hex digits");
        }
        return id;
    }

    private static <E extends Enum<E>> E enumField(JsonNode o, String name, Class<E> type) {
        String value = text(o, name, 16, true);
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw malformed("field " + name + " \"" + shorten(value) + "\" is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static String text(JsonNode o, String name, int max, boolean required) {
        JsonNode n = o.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                throw malformed("field " + name + " is missing");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw malformed("field " + name + " is a " + n.getNodeType() + ", not a string");
        }
        String s = n.asText();
        if (s.length() > max) {
            throw malformed("field " + name + " has " + s.length() + " characters; at most " + max);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw malformed("field " + name + " has character U+" + String.format("%04X", (int) c) + " at offset " + i);
            }
        }
        return s;
    }

    private static byte[] binary(JsonNode o, String name, int maxBytes) {
        String s = text(o, name, (maxBytes + 2) / 3 * 4, false);
        if (s == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw malformed("field " + name + " is not base64: " + e.getMessage());
        }
    }

    private static void putIf(ObjectNode o, String name, String value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static void putIf(ObjectNode o, String name, byte[] value) {
        if (value != null) {
            o.put(name, Base64.getEncoder().encodeToString(value));
        }
    }

    private static byte[] bytes(ObjectNode o) {
        try {
            return JSON.writeValueAsString(o).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("encoding a provisioning message failed", e);
        }
    }

    private static EnrolmentException malformed(String message) {
        return new EnrolmentException(Reason.MALFORMED_MESSAGE, message);
    }

    /** Cuts a (checked, printable) value short for an error message. */
    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
