package org.openegate.mqtt;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The operator keys a gate trusts to sign commands: ECDSA P-256 public keys by key id. The provisioning
 * module supplies the real set (from the signed fleet bundle, with rotation); this interface is all the
 * bridge needs. Implementations must be thread-safe: lookups happen on the MQTT client's thread.
 */
@FunctionalInterface
public interface OperatorKeys {

    /** The trusted key with this id, if any. */
    Optional<ECPublicKey> find(String keyId);

    /**
     * A fixed set. Every key must be on P-256 (secp256r1): the signature is ES256, and a key on another
     * curve is refused here, as bad configuration, rather than failing every command later.
     *
     * @throws IllegalArgumentException if a key is not an EC P-256 key or a key id is not 1..64 printable ASCII
     */
    static OperatorKeys of(Map<String, ? extends PublicKey> keys) {
        Map<String, ECPublicKey> copy = new LinkedHashMap<>();
        keys.forEach((id, key) -> {
            CommandCodec.checkKeyId(id);
            copy.put(id, CommandCodec.requireP256(Objects.requireNonNull(key, "key " + id)));
        });
        Map<String, ECPublicKey> fixed = Map.copyOf(copy);
        return id -> Optional.ofNullable(fixed.get(id));
    }

    /** No trusted keys: every signed command is refused with {@link CommandStatus#UNKNOWN_KEY}. */
    static OperatorKeys none() {
        return id -> Optional.empty();
    }
}
