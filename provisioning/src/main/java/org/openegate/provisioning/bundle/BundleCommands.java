package org.openegate.provisioning.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import java.util.Objects;
import java.util.Optional;
import org.openegate.mqtt.CommandHandler;
import org.openegate.mqtt.CommandReply;
import org.openegate.mqtt.CommandStatus;
import org.openegate.mqtt.CommandType;
import org.openegate.mqtt.OperatorKeys;
import org.openegate.mqtt.SignedCommand;
import org.tinylog.Logger;

/**
 * Bundles over MQTT. A bundle travels as the argument of the signed command of its type, the channel
 * mqtt-bridge already has for them ({@code egate/v1/<site>/<gate>/cmd/config}, {@code policy},
 * {@code trust-list}, {@code watchlist}) with {@code args = {"bundle": "<base64 of the CMS bundle>"}}. The command
 * signature (ES256 by an operator key, with target, nonce and expiry) gets it to the gate once; the bundle's own
 * CMS signature, target and version decide whether the gate installs it. The command's type must match the
 * bundle's ({@link BundleException.Reason#WRONG_TYPE} otherwise).
 *
 * <p>A command is at most 1 MiB (mqtt-bridge's limit), which base64 of the 0.9 MB German master list exceeds, so
 * the bundle may travel deflated: {@code args = {"bundle": "<base64>", "encoding": "deflate"}} (RFC 1951 raw
 * deflate; certificates shrink to about 56%). The gate inflates at most {@link BundleVerifier#MAX_BUNDLE_BYTES}
 * and refuses more as {@link BundleException.Reason#TOO_LARGE}, so a deflate bomb costs nothing. Compression is
 * transport only: the signature covers the bundle, not its compressed form.
 *
 * <p>Replies: {@code OK} with {@code {"type","version","previousVersion","sha256"}}; {@code REJECTED} with
 * {@code {"reason": "<BundleException.Reason>"}} when the bundle was refused; {@code FAILED} with the reason when
 * it could not be applied or stored (the previous bundle stays active); {@code BAD_ARGUMENTS} when the command
 * carries no bundle.
 */
public final class BundleCommands {

    /** The member of the command's {@code args} that holds the bundle. */
    public static final String ARG = "bundle";
    /** The member naming the transport encoding of {@link #ARG}: absent (none) or {@code deflate}. */
    public static final String ENCODING = "encoding";
    static final String DEFLATE = "deflate";

    private BundleCommands() {
    }

    /** The command a bundle of {@code type} travels on. */
    public static CommandType commandType(BundleType type) {
        return switch (type) {
            case CONFIG -> CommandType.CONFIG;
            case POLICY -> CommandType.POLICY;
            case TRUSTLIST -> CommandType.TRUST_LIST;
            case WATCHLIST -> CommandType.WATCHLIST;
        };
    }

    /** The bundle type a command carries, if it carries one. */
    public static Optional<BundleType> bundleType(CommandType command) {
        for (BundleType t : BundleType.values()) {
            if (commandType(t) == command) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The command arguments carrying {@code bundle}, deflated. */
    public static ObjectNode args(byte[] bundle) {
        ObjectNode args = JsonNodeFactory.instance.objectNode();
        args.put(ARG, Base64.getEncoder().encodeToString(deflate(bundle)));
        args.put(ENCODING, DEFLATE);
        return args;
    }

    /**
     * The operator key id commands are signed with: the first 8 bytes of the SHA-256 of the certificate's
     * SubjectPublicKeyInfo, in hex (as {@code DeviceIdentity.keyId}). The gate's {@link OperatorKeys} maps it back.
     */
    public static String operatorKeyId(X509Certificate operatorCert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(operatorCert.getPublicKey().getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The command keys a gate trusts: these operator certificates' keys under their {@link #operatorKeyId}. */
    public static OperatorKeys operatorKeys(List<X509Certificate> operatorCerts) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (X509Certificate cert : operatorCerts) {
            keys.put(operatorKeyId(cert), cert.getPublicKey());
        }
        return OperatorKeys.of(keys);
    }

    static byte[] deflate(byte[] bytes) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(bytes);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** Inflates at most {@code limit} bytes; more is refused before it is held in memory. */
    static byte[] inflate(byte[] bytes, int limit) throws BundleException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(bytes);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, bytes.length * 3 + 64));
            byte[] buffer = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new BundleException(BundleException.Reason.MALFORMED, "deflated bundle ends early after "
                            + out.size() + " bytes (input offset " + inflater.getBytesRead() + ")");
                }
                if (out.size() + n > limit) {
                    throw new BundleException(BundleException.Reason.TOO_LARGE, "deflated bundle inflates beyond "
                            + limit + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new BundleException(BundleException.Reason.MALFORMED, "deflated bundle is corrupt at input offset "
                    + inflater.getBytesRead() + ": " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /**
     * The gate's command handler: installs bundles arriving on the four bundle commands into {@code store} and
     * hands every other command to {@code others}.
     */
    public static CommandHandler handler(BundleStore store, CommandHandler others) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(others, "others");
        return command -> {
            Optional<BundleType> type = bundleType(command.type());
            return type.isPresent() ? install(store, type.get(), command) : others.handle(command);
        };
    }

    static CommandReply install(BundleStore store, BundleType type, SignedCommand command) {
        JsonNode arg = command.args().get(ARG);
        if (arg == null || !arg.isTextual()) {
            return new CommandReply(CommandStatus.BAD_ARGUMENTS, "args." + ARG + " is "
                    + (arg == null ? "missing" : "a " + arg.getNodeType()) + "; expected the base64 bundle", Optional.empty());
        }
        JsonNode encoding = command.args().get(ENCODING);
        if (encoding != null && !(encoding.isTextual() && encoding.textValue().equals(DEFLATE))) {
            return new CommandReply(CommandStatus.BAD_ARGUMENTS, "args." + ENCODING + " is " + encoding
                    + "; only \"" + DEFLATE + "\" is known", Optional.empty());
        }
        byte[] received;
        try {
            received = Base64.getDecoder().decode(arg.textValue());
        } catch (IllegalArgumentException e) {
            return new CommandReply(CommandStatus.BAD_ARGUMENTS, "args." + ARG + " is not base64: " + e.getMessage(),
                    Optional.empty());
        }
        try {
            byte[] bundle = encoding == null ? received : inflate(received, BundleVerifier.MAX_BUNDLE_BYTES);
            BundleStore.Installed installed = store.install(bundle, type);
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.put("type", type.wireName());
            result.put("version", installed.bundle().version());
            installed.replacedVersion().ifPresentOrElse(v -> result.put("previousVersion", v),
                    () -> result.putNull("previousVersion"));
            result.put("sha256", installed.bundle().contentSha256());
            return CommandReply.ok(result);
        } catch (BundleException e) {
            Logger.warn("{} bundle from command {} refused: {}", type.wireName(), command.nonce(), e.getMessage());
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.put("reason", e.reason().name());
            CommandStatus status = switch (e.reason()) {
                case APPLY_FAILED, STORE_FAILED -> CommandStatus.FAILED;
                default -> CommandStatus.REJECTED;
            };
            return new CommandReply(status, e.getMessage(), Optional.of(result));
        }
    }
}
