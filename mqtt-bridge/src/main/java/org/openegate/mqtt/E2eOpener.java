package org.openegate.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The central system's side of {@link E2eSealer}: restores the personal fields of a received record. Every
 * member of the envelope is untrusted; each refusal has an {@link E2eException.Reason}.
 */
public final class E2eOpener {

    private record Key(ECPrivateKey priv, ECPublicKey pub) { }

    private final Map<String, Key> keys;

    /** {@code keys}: private key and its public key, by key id (old ids stay while records sealed for them arrive). */
    public E2eOpener(Map<String, java.security.KeyPair> keys) {
        Map<String, Key> m = new java.util.HashMap<>();
        keys.forEach((kid, pair) -> {
            CommandCodec.checkKeyId(kid);
            PrivateKey p = pair.getPrivate();
            if (!(p instanceof ECPrivateKey ec) || !CommandCodec.isP256(ec.getParams())) {
                throw new IllegalArgumentException("key " + kid + " is not an EC P-256 private key");
            }
            m.put(kid, new Key(ec, CommandCodec.requireP256(pair.getPublic())));
        });
        this.keys = Map.copyOf(m);
    }

    /** A copy of {@code record} with its {@value E2eSealer#MEMBER} member decrypted back into the fields; unchanged if it has none. */
    public ObjectNode open(ObjectNode record) throws E2eException {
        JsonNode env = record.get(E2eSealer.MEMBER);
        if (env == null) {
            return record.deepCopy();
        }
        JsonNode id = record.get("eventId");
        if (id == null || !id.isTextual()) {
            throw new E2eException(E2eException.Reason.MALFORMED, "record has no eventId");
        }
        byte[] plain = decrypt(env, id.textValue());
        JsonNode fields;
        try {
            fields = CommandCodec.STRICT.readTree(plain);
        } catch (IOException e) {
            throw new E2eException(E2eException.Reason.MALFORMED, "decrypted fields are not JSON");
        }
        if (fields == null || !fields.isObject()) {
            throw new E2eException(E2eException.Reason.MALFORMED, "decrypted fields are not a JSON object");
        }
        ObjectNode out = record.deepCopy();
        out.remove(E2eSealer.MEMBER);
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            out.set(f.getKey(), f.getValue());
        }
        return out;
    }

    /** Decrypts one envelope bound to {@code context}. */
    public byte[] decrypt(JsonNode env, String context) throws E2eException {
        Objects.requireNonNull(context, "context");
        if (env == null || !env.isObject()) {
            throw new E2eException(E2eException.Reason.MALFORMED, "envelope is not a JSON object");
        }
        String alg = CommandCodec.text(env, "alg");
        if (!E2eCrypto.ALG.equals(alg)) {
            throw new E2eException(E2eException.Reason.UNSUPPORTED_ALGORITHM,
                    "alg " + (alg == null ? "missing" : Topics.quote(alg)));
        }
        String kid = CommandCodec.text(env, "kid");
        Key key = kid == null ? null : keys.get(kid);
        if (key == null) {
            throw new E2eException(E2eException.Reason.UNKNOWN_KEY, "no private key for kid "
                    + (kid == null ? "missing" : Topics.quote(kid)));
        }
        JsonNode epk = env.get("epk");
        if (epk == null || !epk.isObject() || !"EC".equals(CommandCodec.text(epk, "kty"))
                || !"P-256".equals(CommandCodec.text(epk, "crv"))) {
            throw new E2eException(E2eException.Reason.MALFORMED, "epk is not an EC P-256 JWK");
        }
        byte[] x = bytes(epk, "x", E2eCrypto.COORD);
        byte[] y = bytes(epk, "y", E2eCrypto.COORD);
        byte[] iv = bytes(env, "iv", E2eCrypto.IV_BYTES);
        byte[] ct = bytes(env, "ct", -1);
        if (ct.length < E2eCrypto.TAG_BITS / 8) {
            throw new E2eException(E2eException.Reason.MALFORMED, "ct of " + ct.length + " bytes is shorter than the tag");
        }
        ECPublicKey ephemeral;
        try {
            ephemeral = E2eCrypto.publicKey(x, y, key.pub().getParams());
        } catch (GeneralSecurityException e) {
            throw new E2eException(E2eException.Reason.BAD_POINT, "epk: " + e.getMessage());
        }
        try {
            byte[] k = E2eCrypto.deriveKey(key.priv(), ephemeral, ephemeral, key.pub(), kid);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k, "AES"), new GCMParameterSpec(E2eCrypto.TAG_BITS, iv));
            java.util.Arrays.fill(k, (byte) 0);
            c.updateAAD(E2eCrypto.aad(kid, context));
            return c.doFinal(ct);
        } catch (AEADBadTagException e) {
            throw new E2eException(E2eException.Reason.DECRYPT_FAILED, "authentication tag does not match for kid "
                    + Topics.quote(kid) + " and event " + Topics.quote(context));
        } catch (GeneralSecurityException e) {
            throw new E2eException(E2eException.Reason.DECRYPT_FAILED, e.getClass().getSimpleName());
        }
    }

    private static byte[] bytes(JsonNode n, String name, int expected) throws E2eException {
        String s = CommandCodec.text(n, name);
        byte[] b = s == null ? null : CommandCodec.fromBase64Url(s);
        if (b == null || (expected >= 0 && b.length != expected)) {
            throw new E2eException(E2eException.Reason.MALFORMED, name + " is not base64url"
                    + (expected >= 0 ? " of " + expected + " bytes" : ""));
        }
        return b;
    }

    @Override
    public String toString() {
        return "E2eOpener[kids=" + keys.keySet() + "]";
    }
}
