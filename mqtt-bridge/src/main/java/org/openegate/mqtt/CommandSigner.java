package org.openegate.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Signs commands for gates: the operator side of {@link CommandType}. The payload is a JSON object
 *
 * <pre>{@code
 * {"v":1,"type":"mode","site":"s1","gate":"g7","nonce":"<22 base64url chars>",
 *  "issuedAt":"2026-11-28T12:00:00Z","expiresAt":"2026-11-28T12:05:00Z","args":{"mode":"closed"},
 *  "sig":{"alg":"ES256","kid":"ops-2026","value":"<86 base64url chars>"}}
 * }</pre>
 * signed with ECDSA P-256 / SHA-256 (RFC 7518 §3.4, r||s) over the canonical form described in
 * {@code CommandCodec}. The target site and gate are inside the signature, so a command cannot be replayed
 * to another gate; the nonce (128 random bits) and the validity window stop replays to the same gate.
 * The private key never leaves this object and is not in {@link #toString()}.
 */
public final class CommandSigner {

    private final String keyId;
    private final PrivateKey key;
    private final Clock clock;
    private final SecureRandom random;

    /**
     * @throws IllegalArgumentException if {@code key} is not an EC P-256 private key
     */
    public CommandSigner(String keyId, PrivateKey key, Clock clock, SecureRandom random) {
        CommandCodec.checkKeyId(keyId);
        if (!(key instanceof ECPrivateKey ec) || !CommandCodec.isP256(ec.getParams())) {
            throw new IllegalArgumentException("command signing key must be EC P-256, not " + key.getAlgorithm());
        }
        this.keyId = keyId;
        this.key = key;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * The signed payload of {@code type} with {@code args} (a JSON object, or null for none) for the gate
     * {@code target}, valid from now for {@code validity}.
     */
    public byte[] sign(Topics target, CommandType type, JsonNode args, Duration validity) {
        Instant now = clock.instant();
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        ObjectNode cmd = OutboxEvent.JSON.createObjectNode();
        cmd.put("v", CommandCodec.VERSION);
        cmd.put("type", type.segment());
        cmd.put("site", target.site());
        cmd.put("gate", target.gate());
        cmd.put("nonce", CommandCodec.base64Url(nonce));
        cmd.put("issuedAt", now.toString());
        cmd.put("expiresAt", now.plus(validity).toString());
        if (args != null) {
            if (!args.isObject()) {
                throw new IllegalArgumentException("args must be a JSON object, not " + args.getNodeType());
            }
            cmd.set("args", args.deepCopy());
        }
        return signObject(cmd).toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Adds (or replaces) the {@code sig} member of {@code command}, signing everything else in it. */
    public ObjectNode signObject(ObjectNode command) {
        ObjectNode copy = command.deepCopy();
        copy.remove("sig");
        byte[] value;
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initSign(key, random);
            s.update(CommandCodec.signedBytes(copy));
            value = s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ES256 signing failed: " + e.getMessage(), e);
        }
        ObjectNode sig = copy.putObject("sig");
        sig.put("alg", CommandCodec.ALG);
        sig.put("kid", keyId);
        sig.put("value", CommandCodec.base64Url(value));
        return copy;
    }

    @Override
    public String toString() {
        return "CommandSigner[kid=" + keyId + "]";
    }
}
