package org.openegate.crypto.apdu;

/**
 * The narrow card interface every chip protocol talks through: one command APDU in, one response APDU out.
 * Implementations: PC/SC, the in-process eMRTD emulator, and wrappers that add status-word handling,
 * counting or secure messaging on top of another channel.
 */
@FunctionalInterface
public interface ApduChannel {

    /**
     * Sends one command and returns the card's answer, whatever its status word.
     *
     * @throws CardIoException if the transport fails (card removed, timeout, reader error)
     */
    ResponseApdu transmit(CommandApdu command);
}
