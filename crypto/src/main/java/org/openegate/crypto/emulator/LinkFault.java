package org.openegate.crypto.emulator;

import java.util.Locale;
import java.util.Objects;

/**
 * One fault on the emulator's side of a vpcd link, fired once: from the given APDU on, the next response that
 * carries secure messaging gets a flipped MAC bit ({@link Kind#MAC}) or loses the second half of its data
 * ({@link Kind#TRUNCATE}); or the card leaves the field instead of answering that APDU ({@link Kind#TEAR}: the
 * connection to vpcd is closed, pcscd reports the card removed, and the emulator comes back as a fresh card). After
 * it fired the link is clean again, so the next read of the same chip works: a gate must abort one read with a
 * reason and then read the next chip normally (issue #4, acceptance 3). Shared by the connectors of one emulation,
 * so a reconnection does not fire it again. Thread-safe.
 */
public final class LinkFault {

    /** What goes wrong. */
    public enum Kind {
        MAC, TRUNCATE, TEAR;

        /** Parses mac, truncate or tear, as the CLI's {@code --fault} takes it. */
        public static Kind parse(String text) {
            try {
                return valueOf(text.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("fault '" + text + "' is not mac, truncate or tear", e);
            }
        }
    }

    private final Kind kind;
    private final int atApdu;
    private int apdus;
    private boolean fired;

    /**
     * @param atApdu the 1-based count of command APDUs (controls do not count) from which the fault may fire
     */
    public LinkFault(Kind kind, int atApdu) {
        this.kind = Objects.requireNonNull(kind, "kind");
        if (atApdu < 1) {
            throw new IllegalArgumentException("fault APDU number " + atApdu + " is below 1");
        }
        this.atApdu = atApdu;
    }

    /** The response to send for this one, or null if the card must leave the field instead of answering. */
    synchronized byte[] apply(byte[] response) {
        apdus++;
        if (fired || apdus < atApdu) {
            return response;
        }
        if (kind == Kind.TEAR) {
            fired = true;
            return null;
        }
        if (!isSecured(response)) {
            return response;
        }
        fired = true;
        byte[] out = response.clone();
        if (kind == Kind.MAC) {
            out[out.length - 3] ^= 0x01; // last byte of DO'8E'
            return out;
        }
        int keep = (out.length - 2) / 2;
        byte[] cut = new byte[keep + 2];
        System.arraycopy(out, 0, cut, 0, keep);
        cut[keep] = out[out.length - 2];
        cut[keep + 1] = out[out.length - 1];
        return cut;
    }

    /** Whether the fault has happened. */
    public synchronized boolean fired() {
        return fired;
    }

    /** A protected response ends with DO'8E' (8E 08 + 8 bytes) before SW1 SW2. */
    static boolean isSecured(byte[] response) {
        int n = response.length;
        return n >= 12 && response[n - 12] == (byte) 0x8E && response[n - 11] == 0x08;
    }

    @Override
    public synchronized String toString() {
        return "LinkFault[" + kind + " at APDU " + atApdu + (fired ? ", fired" : "") + "]";
    }
}
