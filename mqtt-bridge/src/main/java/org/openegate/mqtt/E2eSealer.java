package org.openegate.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the fields of a record that identify a traveller for the central system's public key, so the
 * broker, its operator and any bridge between see only metadata (outcome, reasons, times, gate). Each record
 * gets a fresh ephemeral P-256 key (ECDH-ES), so one leaked message key opens one record only; the gate keeps
 * no key that could decrypt what it sent. Format: docs/mqtt-e2e.md.
 *
 * <pre>{@code
 * E2eSealer sealer = new E2eSealer("central-2026", centralPublicKey, secureRandom);
 * ObjectNode wire = sealer.seal(record, E2eSealer.TRAVELLER_FIELDS);   // record must carry its eventId
 * }</pre>
 */
public final class E2eSealer {

    /** The member that carries the encrypted fields. */
    public static final String MEMBER = "personal";

    /**
     * Top-level fields treated as identifying a traveller when present: document and MRZ data, names, birth
     * date, images and templates. Statistics (age band, nationality, sex as aggregated) are not in it.
     */
    public static final Set<String> TRAVELLER_FIELDS = Set.of("documentNumber", "mrz", "surname", "givenNames",
            "name", "dateOfBirth", "personalNumber", "faceImage", "portrait", "liveImage", "template", "traveller");

    private final String kid;
    private final ECPublicKey recipient;
    private final SecureRandom random;

    /**
     * @throws IllegalArgumentException if {@code central} is not a P-256 key
     */
    public E2eSealer(String kid, ECPublicKey central, SecureRandom random) {
        CommandCodec.checkKeyId(kid);
        this.kid = kid;
        this.recipient = CommandCodec.requireP256(Objects.requireNonNull(central, "central"));
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * A copy of {@code record} with each of {@code fields} that is present moved into one encrypted member
     * {@value #MEMBER}, bound to the record's {@code eventId}. A record with none of them is returned unchanged.
     *
     * @throws IllegalArgumentException if the record has no text {@code eventId} or already has {@value #MEMBER}
     */
    public ObjectNode seal(ObjectNode record, Collection<String> fields) {
        JsonNode id = record.get("eventId");
        if (id == null || !id.isTextual()) {
            throw new IllegalArgumentException("the record needs its eventId before sealing (it is the associated data)");
        }
        if (record.has(MEMBER)) {
            throw new IllegalArgumentException("the record already has a " + MEMBER + " member");
        }
        ObjectNode out = record.deepCopy();
        ObjectNode personal = OutboxEvent.JSON.createObjectNode();
        for (String f : fields) {
            JsonNode v = out.remove(f);
            if (v != null) {
                personal.set(f, v);
            }
        }
        if (personal.isEmpty()) {
            return out;
        }
        out.set(MEMBER, encrypt(personal.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), id.textValue()));
        return out;
    }

    /** The envelope for {@code plaintext}, bound to {@code context} (the record's event id). */
    public ObjectNode encrypt(byte[] plaintext, String context) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair eph = g.generateKeyPair();
            ECPublicKey epk = (ECPublicKey) eph.getPublic();
            byte[] key = E2eCrypto.deriveKey(eph.getPrivate(), recipient, epk, recipient, kid);
            byte[] iv = new byte[E2eCrypto.IV_BYTES];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(E2eCrypto.TAG_BITS, iv));
            java.util.Arrays.fill(key, (byte) 0);
            c.updateAAD(E2eCrypto.aad(kid, context));
            byte[] ct = c.doFinal(plaintext);
            ObjectNode env = OutboxEvent.JSON.createObjectNode();
            env.put("alg", E2eCrypto.ALG);
            env.put("kid", kid);
            ObjectNode jwk = env.putObject("epk");
            jwk.put("kty", "EC");
            jwk.put("crv", "P-256");
            jwk.put("x", CommandCodec.base64Url(E2eCrypto.fixed(epk.getW().getAffineX())));
            jwk.put("y", CommandCodec.base64Url(E2eCrypto.fixed(epk.getW().getAffineY())));
            env.put("iv", CommandCodec.base64Url(iv));
            env.put("ct", CommandCodec.base64Url(ct));
            return env;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("end-to-end encryption failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "E2eSealer[kid=" + kid + "]";
    }
}
