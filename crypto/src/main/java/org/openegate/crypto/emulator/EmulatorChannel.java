package org.openegate.crypto.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.openegate.crypto.apdu.ApduChannel;
import org.openegate.crypto.apdu.ApduFormatException;
import org.openegate.crypto.apdu.CardIoException;
import org.openegate.crypto.apdu.CommandApdu;
import org.openegate.crypto.apdu.ResponseApdu;

/**
 * An in-process {@link ApduChannel} to an {@link EmrtdEmulator}: the card on the reader's desk, with the faults of
 * a real contactless link on demand.
 *
 * <p>Faults: the card leaves the field after N APDUs (until {@link #reinsert()}); the next secured response's MAC
 * is flipped on the way, or the next protected command's; the next secured response loses half its data; a slow chip whose per-APDU latency exceeds
 * the reader's timeout. Time is modelled, never slept: each APDU adds its latency (and, with a link speed, its bytes'
 * transfer time) to {@link #simulatedTime()}, which {@link #simulatedClock()} shows to a reader; a latency above the
 * timeout raises {@link CardIoException.Reason#TIMEOUT} after the card has acted on the command,
 * as a real timeout does.
 */
public final class EmulatorChannel implements ApduChannel {

    private final EmrtdEmulator card;
    private long apdus;
    private boolean removed;
    private long tearCountdown = -1;
    private boolean corruptMac;
    private boolean corruptCommandMac;
    private boolean truncate;
    private LinkModel link = LinkModel.NONE;
    private Duration timeout = Duration.ofSeconds(5);
    private Duration simulated = Duration.ZERO;

    public EmulatorChannel(EmrtdEmulator card) {
        this.card = card;
    }

    @Override
    public synchronized ResponseApdu transmit(CommandApdu command) {
        if (removed) {
            throw new CardIoException(CardIoException.Reason.CARD_REMOVED, "no card in the field");
        }
        if (tearCountdown == 0) {
            removed = true;
            tearCountdown = -1;
            card.reset();
            throw new CardIoException(CardIoException.Reason.CARD_REMOVED, "card left the field after " + apdus
                    + " APDUs");
        }
        if (tearCountdown > 0) {
            tearCountdown--;
        }
        apdus++;
        byte[] in = command.encode();
        if (corruptCommandMac && (command.cla() & 0x0C) == 0x0C && command.nc() >= 10) {
            corruptCommandMac = false;
            // DO'8E' ends the command data; its last byte sits before Le (1 byte short, 2 or 3 extended)
            int le = command.ne() == 0 ? 0 : command.isExtended() ? 2 : 1;
            in[in.length - le - 1] ^= 0x01;
        }
        byte[] out = card.process(in);
        Duration took = link.cost(in.length, out.length);
        simulated = simulated.plus(took);
        if (took.compareTo(timeout) > 0) {
            throw new CardIoException(CardIoException.Reason.TIMEOUT, "no answer within " + timeout.toMillis()
                    + " ms (chip took " + took.toMillis() + " ms)");
        }
        if (corruptMac && isSecured(out)) {
            corruptMac = false;
            out[out.length - 3] ^= 0x01; // last byte of DO'8E'
        }
        if (truncate && isSecured(out)) {
            truncate = false;
            int keep = (out.length - 2) / 2;
            byte[] cut = new byte[keep + 2];
            System.arraycopy(out, 0, cut, 0, keep);
            cut[keep] = out[out.length - 2];
            cut[keep + 1] = out[out.length - 1];
            out = cut;
        }
        try {
            return ResponseApdu.parse(out);
        } catch (ApduFormatException e) {
            throw new CardIoException(CardIoException.Reason.MALFORMED_RESPONSE, e.getMessage(), e);
        }
    }

    /** A protected response ends with DO'8E' (8E 08 + 8 bytes) before SW1 SW2. */
    private static boolean isSecured(byte[] response) {
        int n = response.length;
        return n >= 12 && response[n - 12] == (byte) 0x8E && response[n - 11] == 0x08;
    }

    /** The card leaves the field after this many more APDUs; 0 means before the next one. */
    public synchronized void tearAfter(long moreApdus) {
        if (moreApdus < 0) {
            throw new IllegalArgumentException("APDU count " + moreApdus + " is negative");
        }
        this.tearCountdown = moreApdus;
    }

    /** Puts the card back: powered up fresh, no session. */
    public synchronized void reinsert() {
        removed = false;
        tearCountdown = -1;
        card.reset();
    }

    /** Flips a bit in the MAC of the next response that carries secure messaging. */
    public synchronized void corruptNextMac() {
        corruptMac = true;
    }

    /** Flips a bit in the MAC of the next protected command on its way to the card (the card answers 69 88). */
    public synchronized void corruptNextCommandMac() {
        corruptCommandMac = true;
    }

    /** Drops the second half of the data of the next response that carries secure messaging. */
    public synchronized void truncateNextSecuredResponse() {
        truncate = true;
    }

    /** Models a slow chip: each APDU takes {@code perApdu}; above {@code readerTimeout} the reader gives up. */
    public synchronized void setLatency(Duration perApdu, Duration readerTimeout) {
        if (perApdu.isNegative() || readerTimeout.isNegative()) {
            throw new IllegalArgumentException("latency " + perApdu + " and timeout " + readerTimeout
                    + " must not be negative");
        }
        this.link = new LinkModel(link.bitsPerSecond(), perApdu);
        this.timeout = readerTimeout;
    }

    /**
     * Models the radio link: every byte either way costs 8 / bitsPerSecond on top of the per-APDU latency
     * (ISO/IEC 14443 runs at 106 to 848 kbit/s). 0 switches the byte cost off.
     */
    public synchronized void setLinkSpeed(long bitsPerSecondOrZero) {
        if (bitsPerSecondOrZero < 0) {
            throw new IllegalArgumentException("link speed " + bitsPerSecondOrZero + " is negative");
        }
        this.link = new LinkModel(bitsPerSecondOrZero, link.perApdu());
    }

    /** Models the link as a whole (for example {@link LinkModel#ISO14443_424K}); the reader timeout stays. */
    public synchronized void setLinkModel(LinkModel model) {
        this.link = java.util.Objects.requireNonNull(model, "model");
    }

    /**
     * A clock that stands still except when this channel carries an APDU, then moves by the modelled time. Give it
     * to the {@code ChipReader} and its {@code ChipStats.millis} show how long the read would take on a real link,
     * without sleeping. It measures durations; its instants start at the epoch.
     */
    public Clock simulatedClock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("the simulated clock measures durations only");
            }

            @Override
            public Instant instant() {
                return Instant.EPOCH.plus(simulatedTime());
            }
        };
    }

    /** APDUs the card has received. */
    public synchronized long apdus() {
        return apdus;
    }

    /** Sum of the modelled latencies. */
    public synchronized Duration simulatedTime() {
        return simulated;
    }

    public EmrtdEmulator card() {
        return card;
    }
}
