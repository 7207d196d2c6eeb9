package org.openegate.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link CommandHandler} reports; the bridge sends it to the command's response topic with the
 * request's correlation data (MQTT 5 §4.10). The detail goes over the wire: never put personal data in it.
 *
 * @param status {@link CommandStatus#OK}, {@link CommandStatus#REJECTED}, {@link CommandStatus#FAILED} or
 *               {@link CommandStatus#BAD_ARGUMENTS}; the refusal statuses belong to the bridge
 * @param detail a short human-readable explanation, may be empty
 * @param result an optional JSON result (e.g. the bundle version now active)
 */
public record CommandReply(CommandStatus status, String detail, Optional<JsonNode> result) {

    private static final Set<CommandStatus> HANDLER_STATUSES =
            EnumSet.of(CommandStatus.OK, CommandStatus.REJECTED, CommandStatus.FAILED, CommandStatus.BAD_ARGUMENTS);
    static final int MAX_DETAIL = 200;

    public CommandReply {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(result, "result");
        if (!HANDLER_STATUSES.contains(status)) {
            throw new IllegalArgumentException("a handler may reply " + HANDLER_STATUSES + ", not " + status);
        }
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL);
        }
        result = result.map(JsonNode::deepCopy);
    }

    public static CommandReply ok() {
        return new CommandReply(CommandStatus.OK, "", Optional.empty());
    }

    public static CommandReply ok(JsonNode result) {
        return new CommandReply(CommandStatus.OK, "", Optional.of(result));
    }

    public static CommandReply rejected(String detail) {
        return new CommandReply(CommandStatus.REJECTED, detail, Optional.empty());
    }

    public static CommandReply failed(String detail) {
        return new CommandReply(CommandStatus.FAILED, detail, Optional.empty());
    }
}
