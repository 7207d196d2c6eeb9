package org.openegate.crypto.chip;

/**
 * What a chip read cost: APDUs exchanged (including GET RESPONSE and retries), bytes sent and received at the
 * transport (command bytes; response data plus status words), and wall-clock milliseconds from the injected clock.
 */
public record ChipStats(long apdus, long bytesSent, long bytesReceived, long millis) {
}
