package org.openegate.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A command whose signature, target, freshness and nonce have all been checked: the only form a
 * {@link CommandHandler} ever sees. {@code args} may hold personal data (a watchlist), so
 * {@link #toString()} leaves it out.
 *
 * @param type      the command
 * @param keyId     the operator key that signed it
 * @param nonce     its unique nonce (already recorded as seen)
 * @param issuedAt  when the operator signed it
 * @param expiresAt after this it would have been refused
 * @param args      the command's arguments (a JSON object; empty if the command had none)
 */
public record SignedCommand(CommandType type, String keyId, String nonce, Instant issuedAt, Instant expiresAt,
        JsonNode args) {

    public SignedCommand {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(nonce, "nonce");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(args, "args");
        if (!args.isObject()) {
            throw new IllegalArgumentException("args must be a JSON object, not " + args.getNodeType());
        }
        args = args.deepCopy();
    }

    /** A copy of the arguments. */
    @Override
    public JsonNode args() {
        return args.deepCopy();
    }

    /** For a {@link CommandType#MODE} command, the mode it sets (checked before the handler is called). */
    public Optional<CommandType.Mode> mode() {
        if (type != CommandType.MODE) {
            return Optional.empty();
        }
        return CommandType.Mode.fromWire(CommandCodec.text(args, "mode"));
    }

    @Override
    public String toString() {
        return "SignedCommand[type=" + type.segment() + ", keyId=" + keyId + ", nonce=" + nonce + ", issuedAt="
                + issuedAt + ", expiresAt=" + expiresAt + ", args=<" + args.size() + " members>]";
    }
}
