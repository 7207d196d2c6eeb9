package org.openegate.crypto.chip;

import org.openegate.crypto.apdu.ApduChannel;
import org.openegate.crypto.apdu.CommandApdu;
import org.openegate.crypto.apdu.ResponseApdu;

/** Counts what crosses the transport, for {@link ChipStats}. Sits directly on the raw channel. */
final class CountingChannel implements ApduChannel {

    private final ApduChannel raw;
    private long apdus;
    private long bytesSent;
    private long bytesReceived;

    CountingChannel(ApduChannel raw) {
        this.raw = raw;
    }

    @Override
    public ResponseApdu transmit(CommandApdu command) {
        apdus++;
        bytesSent += command.encode().length;
        ResponseApdu response = raw.transmit(command);
        bytesReceived += response.dataLength() + 2L;
        return response;
    }

    long apdus() {
        return apdus;
    }

    long bytesSent() {
        return bytesSent;
    }

    long bytesReceived() {
        return bytesReceived;
    }
}
