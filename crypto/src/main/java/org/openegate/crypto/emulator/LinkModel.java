package org.openegate.crypto.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * What one APDU costs on a contactless link: a fixed time per exchange (frame delays, the chip's processing, the
 * PC/SC round trip) plus the transfer time of its bytes either way at the link's bit rate. ISO/IEC 14443-2 links
 * run at 106, 212, 424 or 848 kbit/s; {@link #ISO14443_424K} is the model of issue #4's efficiency target.
 *
 * <p>The model ignores ISO/IEC 14443-4 framing (block headers, CRC, chaining of frames above the reader's FSD):
 * those scale with the bytes and are part of what the per-APDU time stands for.
 *
 * @param bitsPerSecond link speed; 0 means bytes cost nothing
 * @param perApdu time of one exchange on top of its bytes
 */
public record LinkModel(long bitsPerSecond, Duration perApdu) {

    /** No cost at all: an in-process card on a desk. */
    public static final LinkModel NONE = new LinkModel(0, Duration.ZERO);
    /** 424 kbit/s plus 5 ms per APDU. */
    public static final LinkModel ISO14443_424K = new LinkModel(424_000, Duration.ofMillis(5));

    public LinkModel {
        Objects.requireNonNull(perApdu, "perApdu");
        if (bitsPerSecond < 0) {
            throw new IllegalArgumentException("link speed " + bitsPerSecond + " bit/s is negative");
        }
        if (perApdu.isNegative() || perApdu.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("per-APDU time " + perApdu + " outside 0..1 min");
        }
    }

    /**
     * Parses {@code BITS_PER_SECOND:MS_PER_APDU}, e.g. {@code 424000:5}, as the CLI's {@code --link} takes it.
     *
     * @throws IllegalArgumentException naming the bad text
     */
    public static LinkModel parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("link model '" + text + "' is not BITS_PER_SECOND:MS_PER_APDU");
        }
        try {
            long bps = Long.parseLong(text.substring(0, colon));
            long ms = Long.parseLong(text.substring(colon + 1));
            if (ms < 0) {
                throw new IllegalArgumentException("per-APDU time " + ms + " ms in '" + text + "' is negative");
            }
            return new LinkModel(bps, Duration.ofMillis(ms));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("link model '" + text + "' is not BITS_PER_SECOND:MS_PER_APDU", e);
        }
    }

    /** The modelled time of one exchange of these sizes (command and response APDU, status word included). */
    public Duration cost(long commandBytes, long responseBytes) {
        Duration took = perApdu;
        if (bitsPerSecond > 0) {
            took = took.plusNanos((commandBytes + responseBytes) * 8L * 1_000_000_000L / bitsPerSecond);
        }
        return took;
    }

    /** The pure transfer time of this many bytes at the link speed, no per-APDU cost: the floor of any read. */
    public Duration transferTime(long bytes) {
        if (bitsPerSecond == 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos(bytes * 8L * 1_000_000_000L / bitsPerSecond);
    }

    @Override
    public String toString() {
        return bitsPerSecond + " bit/s + " + perApdu.toMillis() + " ms/APDU";
    }
}
