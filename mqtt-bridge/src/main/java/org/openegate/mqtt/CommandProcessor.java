package org.openegate.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * Checks an inbound command and runs it, or says why not. The checks go cheapest first, and nothing an
 * unauthenticated sender controls is stored: the nonce is recorded only once the signature holds.
 *
 * <ol>
 *   <li>size ({@link CommandStatus#TOO_LARGE}) before any parsing;</li>
 *   <li>topic: this gate's {@code cmd/<name>} ({@link CommandStatus#UNKNOWN_TOPIC}), a known name
 *       ({@link CommandStatus#UNKNOWN_COMMAND});</li>
 *   <li>strict UTF-8 JSON object of version 1 with every required member ({@link CommandStatus#MALFORMED});</li>
 *   <li>a {@code sig} ({@link CommandStatus#UNSIGNED}) from a trusted key ({@link CommandStatus#UNKNOWN_KEY})
 *       that verifies over the canonical form ({@link CommandStatus#BAD_SIGNATURE});</li>
 *   <li>signed for this site, gate and command ({@link CommandStatus#WRONG_TARGET});</li>
 *   <li>fresh: {@code issuedAt - skew <= now < expiresAt} and a validity no longer than the gate allows
 *       ({@link CommandStatus#NOT_YET_VALID}, {@link CommandStatus#EXPIRED});</li>
 *   <li>a nonce never seen ({@link CommandStatus#REPLAYED}); the store keeps it until {@code expiresAt}
 *       plus the skew, after which the command is refused as expired anyway;</li>
 *   <li>arguments that fit the command ({@link CommandStatus#BAD_ARGUMENTS}).</li>
 * </ol>
 */
final class CommandProcessor {

    /** Limits, validated whole. */
    record Limits(int maxPayloadBytes, Duration maxSkew, Duration maxValidity) {
        static final Limits DEFAULT = new Limits(CommandCodec.MAX_PAYLOAD_BYTES, Duration.ofMinutes(2), Duration.ofDays(7));

        Limits {
            if (maxPayloadBytes < 256 || maxPayloadBytes > CommandCodec.MAX_PAYLOAD_BYTES) {
                throw new IllegalArgumentException("maxPayloadBytes " + maxPayloadBytes + " is outside 256.."
                        + CommandCodec.MAX_PAYLOAD_BYTES);
            }
            if (maxSkew.isNegative() || maxSkew.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("maxSkew " + maxSkew + " is outside 0..1h");
            }
            if (maxValidity.compareTo(Duration.ofSeconds(1)) < 0 || maxValidity.compareTo(Duration.ofDays(30)) > 0) {
                throw new IllegalArgumentException("maxValidity " + maxValidity + " is outside 1s..30d");
            }
        }
    }

    /** Remembers nonces; {@code true} if this one is new (and is now recorded durably). */
    interface NonceStore {
        boolean firstUse(String keyId, String nonce, Instant keepUntil);
    }

    /** What happened, for the reply. {@code type} and {@code nonce} are known only once parsed. */
    record Outcome(CommandStatus status, Optional<String> type, Optional<String> nonce, String detail,
            Optional<JsonNode> result) {
    }

    private final Topics topics;
    private final OperatorKeys keys;
    private final NonceStore nonces;
    private final CommandHandler handler;
    private final Clock clock;
    private final Limits limits;

    CommandProcessor(Topics topics, OperatorKeys keys, NonceStore nonces, CommandHandler handler, Clock clock,
            Limits limits) {
        this.topics = Objects.requireNonNull(topics, "topics");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    Outcome process(String topic, byte[] payload) {
        String type = null;
        String nonce = null;
        try {
            if (payload.length > limits.maxPayloadBytes()) {
                throw new CommandRefusal(CommandStatus.TOO_LARGE,
                        "payload of " + payload.length + " bytes exceeds " + limits.maxPayloadBytes());
            }
            CommandType commandType = commandType(topic);
            type = commandType.segment();
            ObjectNode cmd = parse(payload);
            nonce = CommandCodec.isNonce(CommandCodec.text(cmd, "nonce")) ? CommandCodec.text(cmd, "nonce") : null;
            SignedCommand verified = verify(commandType, cmd);
            return run(verified);
        } catch (CommandRefusal r) {
            Logger.warn("Command {} refused: {}", type == null ? Topics.quote(topic) : type, r.getMessage());
            return new Outcome(r.status(), Optional.ofNullable(type), Optional.ofNullable(nonce), r.detail(),
                    Optional.empty());
        }
    }

    private CommandType commandType(String topic) {
        Topics.Parsed parsed;
        try {
            parsed = Topics.parse(topic);
        } catch (TopicException e) {
            throw new CommandRefusal(CommandStatus.UNKNOWN_TOPIC, e.getMessage());
        }
        if (parsed.command().isEmpty() || !parsed.site().equals(topics.site()) || !parsed.gate().equals(topics.gate())) {
            throw new CommandRefusal(CommandStatus.UNKNOWN_TOPIC,
                    "topic " + Topics.quote(topic) + " is not a command topic of " + topics.site() + "/" + topics.gate());
        }
        String name = parsed.command().get();
        return CommandType.fromSegment(name).orElseThrow(() -> new CommandRefusal(CommandStatus.UNKNOWN_COMMAND,
                "no command named " + Topics.quote(name)));
    }

    private static ObjectNode parse(byte[] payload) {
        String text;
        try {
            // Strict decoding: a lenient one would turn bad bytes into U+FFFD and sign-check a different text.
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw new CommandRefusal(CommandStatus.MALFORMED, "payload is not UTF-8");
        }
        JsonNode node;
        try {
            node = CommandCodec.STRICT.readTree(text);
        } catch (IOException e) {
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            int nl = m.indexOf('\n');
            throw new CommandRefusal(CommandStatus.MALFORMED, "payload is not JSON: " + (nl > 0 ? m.substring(0, nl) : m));
        }
        if (node == null || !node.isObject()) {
            throw new CommandRefusal(CommandStatus.MALFORMED, "payload is not a JSON object");
        }
        return (ObjectNode) node;
    }

    private SignedCommand verify(CommandType topicType, ObjectNode cmd) {
        JsonNode v = cmd.get("v");
        if (v == null || !v.isInt() || v.intValue() != CommandCodec.VERSION) {
            throw new CommandRefusal(CommandStatus.MALFORMED, "member v is " + (v == null ? "missing" : Topics.quote(v.toString()))
                    + "; this gate understands version " + CommandCodec.VERSION);
        }
        String type = required(cmd, "type");
        String site = required(cmd, "site");
        String gate = required(cmd, "gate");
        String nonce = required(cmd, "nonce");
        if (!CommandCodec.isNonce(nonce)) {
            throw new CommandRefusal(CommandStatus.MALFORMED, "nonce must be 16..64 base64url characters");
        }
        Instant issuedAt = instant(cmd, "issuedAt");
        Instant expiresAt = instant(cmd, "expiresAt");
        JsonNode args = cmd.get("args");
        if (args != null && !args.isObject()) {
            throw new CommandRefusal(CommandStatus.MALFORMED, "args is " + args.getNodeType() + ", not an object");
        }
        byte[] signed = CommandCodec.signedBytes(cmd); // refuses numbers outside the canonical subset

        JsonNode sig = cmd.get("sig");
        if (sig == null || sig.isNull()) {
            throw new CommandRefusal(CommandStatus.UNSIGNED, "command has no sig member");
        }
        if (!sig.isObject()) {
            throw new CommandRefusal(CommandStatus.MALFORMED, "sig is " + sig.getNodeType() + ", not an object");
        }
        String alg = CommandCodec.text(sig, "alg");
        String kid = CommandCodec.text(sig, "kid");
        String value = CommandCodec.text(sig, "value");
        if (!CommandCodec.ALG.equals(alg)) {
            throw new CommandRefusal(CommandStatus.BAD_SIGNATURE, "sig.alg is " + (alg == null ? "missing" : Topics.quote(alg))
                    + "; only " + CommandCodec.ALG + " is accepted");
        }
        if (kid == null || kid.isEmpty() || kid.length() > 64) {
            throw new CommandRefusal(CommandStatus.UNSIGNED, "sig.kid is missing or not 1..64 characters");
        }
        ECPublicKey key = keys.find(kid).orElseThrow(() -> new CommandRefusal(CommandStatus.UNKNOWN_KEY,
                "no trusted operator key " + Topics.quote(kid)));
        byte[] raw = value == null ? null : CommandCodec.fromBase64Url(value);
        if (raw == null || raw.length != CommandCodec.SIGNATURE_BYTES) {
            throw new CommandRefusal(CommandStatus.BAD_SIGNATURE, "sig.value is not " + CommandCodec.SIGNATURE_BYTES
                    + " bytes of base64url (was " + (raw == null ? "not base64url" : raw.length + " bytes") + ")");
        }
        boolean ok;
        try {
            Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
            s.initVerify(key);
            s.update(signed);
            ok = s.verify(raw);
        } catch (GeneralSecurityException e) {
            ok = false;
        }
        if (!ok) {
            throw new CommandRefusal(CommandStatus.BAD_SIGNATURE, "signature by " + Topics.quote(kid) + " does not verify");
        }

        // Authenticated from here on: what follows is about the operator's intent, not an attacker's bytes.
        if (!type.equals(topicType.segment()) || !site.equals(topics.site()) || !gate.equals(topics.gate())) {
            throw new CommandRefusal(CommandStatus.WRONG_TARGET, "signed for " + Topics.quote(site) + "/"
                    + Topics.quote(gate) + " cmd " + Topics.quote(type) + ", received on " + topics.site() + "/"
                    + topics.gate() + " cmd " + topicType.segment());
        }
        Instant now = clock.instant();
        if (issuedAt.minus(limits.maxSkew()).isAfter(now)) {
            throw new CommandRefusal(CommandStatus.NOT_YET_VALID, "issuedAt " + issuedAt + " is after now " + now
                    + " plus the allowed skew " + limits.maxSkew());
        }
        if (!now.isBefore(expiresAt)) {
            throw new CommandRefusal(CommandStatus.EXPIRED, "expiresAt " + expiresAt + " is not after now " + now);
        }
        if (Duration.between(issuedAt, expiresAt).compareTo(limits.maxValidity()) > 0 || expiresAt.isBefore(issuedAt)) {
            throw new CommandRefusal(CommandStatus.EXPIRED, "validity " + issuedAt + ".." + expiresAt
                    + " is longer than the " + limits.maxValidity() + " this gate accepts");
        }
        boolean fresh;
        try {
            fresh = nonces.firstUse(kid, nonce, expiresAt.plus(limits.maxSkew()));
        } catch (OutboxException e) {
            throw new CommandRefusal(CommandStatus.UNAVAILABLE, "nonce store failed: " + e.reason());
        }
        if (!fresh) {
            throw new CommandRefusal(CommandStatus.REPLAYED, "nonce " + nonce + " of key " + Topics.quote(kid)
                    + " was seen before");
        }
        SignedCommand command = new SignedCommand(topicType, kid, nonce, issuedAt, expiresAt,
                args == null ? OutboxEvent.JSON.createObjectNode() : args);
        checkArgs(command);
        return command;
    }

    private static void checkArgs(SignedCommand c) {
        if (c.type() == CommandType.MODE && c.mode().isEmpty()) {
            JsonNode mode = c.args().get("mode");
            throw new CommandRefusal(CommandStatus.BAD_ARGUMENTS, "mode is " + (mode == null ? "missing"
                    : Topics.quote(mode.isTextual() ? mode.textValue() : mode.toString())) + "; expected open, closed or maintenance");
        }
    }

    private Outcome run(SignedCommand c) {
        Optional<String> type = Optional.of(c.type().segment());
        Optional<String> nonce = Optional.of(c.nonce());
        if (c.type() == CommandType.PING) {
            ObjectNode pong = OutboxEvent.JSON.createObjectNode();
            pong.put("pong", clock.instant().toString());
            return new Outcome(CommandStatus.OK, type, nonce, "", Optional.of(pong));
        }
        CommandReply reply;
        try {
            reply = handler.handle(c);
            if (reply == null) {
                reply = CommandReply.failed("handler returned no reply");
            }
        } catch (Exception | LinkageError e) {
            // The class only: a handler's message may quote the bundle it choked on.
            Logger.error("Command handler failed on {}: {}", c, e.getClass().getName());
            reply = CommandReply.failed("handler failed: " + e.getClass().getSimpleName());
        }
        Logger.info("Command {} from key {} (nonce {}): {}", c.type().segment(), c.keyId(), c.nonce(), reply.status());
        return new Outcome(reply.status(), type, nonce, reply.detail(), reply.result());
    }

    private static String required(JsonNode cmd, String name) {
        String s = CommandCodec.text(cmd, name);
        if (s == null) {
            throw new CommandRefusal(CommandStatus.MALFORMED, "member " + name + " is missing or not a string");
        }
        return s;
    }

    private static Instant instant(JsonNode cmd, String name) {
        String s = required(cmd, name);
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw new CommandRefusal(CommandStatus.MALFORMED, "member " + name + " " + Topics.quote(s)
                    + " is not an ISO 8601 instant");
        }
    }
}
