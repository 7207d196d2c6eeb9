package org.openegate.mqtt;

/**
 * Carries out verified commands. Called only with a {@link SignedCommand} that passed every check, once
 * per nonce; {@link CommandType#PING} is answered by the bridge and never reaches it. Runs on the MQTT
 * client's thread, one command at a time: keep it short or hand long work off and reply {@code OK} for
 * "accepted".
 */
@FunctionalInterface
public interface CommandHandler {

    /**
     * Applies {@code command}. An exception is caught, logged (its class only) and answered with
     * {@link CommandStatus#FAILED}.
     */
    CommandReply handle(SignedCommand command) throws Exception;
}
