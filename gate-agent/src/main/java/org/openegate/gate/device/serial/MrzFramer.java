package org.openegate.gate.device.serial;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.openegate.gate.device.MrzRejection;
import org.openegate.gate.device.MrzRejection.Reason;

/**
 * Cuts a document reader's byte stream into MRZ frames (2 or 3 lines), resynchronising after anything it cannot use.
 *
 * <p>What readers send, and what this accepts: lines of MRZ characters (A-Z, 0-9, '&lt;'; 9303-3 §4) ended by CR,
 * LF or CR LF; optionally the whole frame between STX (0x02) and ETX (0x03), optionally followed by one block check
 * character (the XOR of every byte after STX up to and including ETX, the usual BCC of STX/ETX serial protocols).
 * Without STX a frame ends when it has its lines: 3 lines of 30 (TD1) or 2 lines of 36 (TD2, MRV-B) or 44 (TD3,
 * MRV-A). With STX it ends at ETX, and the MRZ parser judges the lines.
 *
 * <p>Resynchronisation: a byte outside the alphabet, a line longer than the maximum, a line of a length no MRZ has,
 * a new STX in the middle of a frame or a pause longer than the inter-line timeout drops the frame so far, reports
 * one {@link MrzRejection} for it, and skips to the next line end (or STX). Memory is bounded: one line of at most
 * {@code maxLineLength} characters and at most three lines are held. Not thread-safe; time comes from the caller.
 */
final class MrzFramer {

    static final int STX = 0x02;
    static final int ETX = 0x03;
    private static final int MAX_LINES = 3;

    private final int maxLineLength;
    private final long interLineMillis;
    private final boolean blockCheck;
    private final Consumer<MrzRejection> rejections;

    private final StringBuilder line;
    private final List<String> lines = new ArrayList<>(MAX_LINES);
    private boolean inStx;
    private boolean awaitingBcc;
    private int bcc;
    /** Skipping up to the next line end (or STX) after a rejection. */
    private boolean dropping;
    private boolean skipBcc;
    private long offset;
    private long lastByteAt;

    MrzFramer(int maxLineLength, Duration interLineTimeout, boolean blockCheck, Consumer<MrzRejection> rejections) {
        this.maxLineLength = maxLineLength;
        this.interLineMillis = interLineTimeout.toMillis();
        this.blockCheck = blockCheck;
        this.rejections = Objects.requireNonNull(rejections, "rejections");
        this.line = new StringBuilder(maxLineLength);
    }

    /** Feeds received bytes; returns the frames they complete (usually none or one), each its lines in order. */
    List<List<String>> feed(byte[] data, int length, long nowMillis) {
        tick(nowMillis);
        List<List<String>> frames = new ArrayList<>(1);
        for (int i = 0; i < length; i++, offset++) {
            int b = data[i] & 0xFF;
            List<String> frame = accept(b);
            if (frame != null) {
                frames.add(frame);
            }
        }
        if (length > 0) {
            lastByteAt = nowMillis;
        }
        return frames;
    }

    /** Drops a frame that has waited longer than the inter-line timeout for its next byte. */
    void tick(long nowMillis) {
        if ((pending() || dropping || skipBcc) && nowMillis - lastByteAt > interLineMillis) {
            if (dropping || skipBcc) {
                reset(); // already reported; the pause resynchronises
                return;
            }
            reject(Reason.PARTIAL_FRAME, "no byte for " + (nowMillis - lastByteAt) + " ms (limit " + interLineMillis
                    + " ms) after " + lines.size() + " complete line(s), at byte offset " + offset);
            reset();
        }
    }

    /** Whether part of a frame is held (so a timeout can drop it). */
    boolean pending() {
        return !lines.isEmpty() || line.length() > 0 || inStx || awaitingBcc;
    }

    private List<String> accept(int b) {
        if (skipBcc) {
            skipBcc = false; // the block check of a frame already dropped
            return null;
        }
        if (awaitingBcc) {
            awaitingBcc = false;
            if (b != bcc) {
                reject(Reason.FRAME_CHECKSUM, String.format("block check 0x%02X at byte offset %d, computed 0x%02X",
                        b, offset, bcc));
                reset();
                return null;
            }
            return complete();
        }
        if (b == STX) {
            if (pending() && !dropping) {
                reject(Reason.PARTIAL_FRAME, "STX at byte offset " + offset + " began a new frame after "
                        + lines.size() + " complete line(s)");
            }
            reset();
            inStx = true;
            return null;
        }
        if (inStx) {
            bcc ^= b;
        }
        if (b == ETX) {
            if (line.length() > 0 && !dropping) {
                List<String> frame = endLine();
                if (frame != null) {
                    return frame;
                }
            }
            if (dropping) {
                boolean bccFollows = inStx && blockCheck;
                reset();
                skipBcc = bccFollows;
                return null;
            }
            if (lines.isEmpty()) {
                reset(); // a stray ETX: nothing to end
                return null;
            }
            if (inStx && blockCheck) {
                awaitingBcc = true;
                return null;
            }
            return complete();
        }
        if (b == '\r' || b == '\n') {
            if (dropping) {
                // resynchronised at a line end; inside STX..ETX only ETX or a new STX ends the bad frame
                dropping = inStx;
                return null;
            }
            return line.length() == 0 ? null : endLine(); // blank lines and the LF of CR LF
        }
        if (dropping) {
            return null;
        }
        if (!isMrzChar(b)) {
            drop(Reason.GARBAGE, String.format("byte 0x%02X at byte offset %d is not an MRZ character", b, offset));
            return null;
        }
        if (line.length() >= maxLineLength) {
            drop(Reason.LINE_TOO_LONG, "line longer than " + maxLineLength + " characters at byte offset " + offset);
            return null;
        }
        line.append((char) b);
        return null;
    }

    /** Ends the current line; returns the frame if that completes one. */
    private List<String> endLine() {
        String l = line.toString();
        line.setLength(0);
        int length = l.length();
        if (length != 30 && length != 36 && length != 44) {
            drop(Reason.NOT_AN_MRZ, "a line of " + length + " characters ending at byte offset " + offset
                    + " (MRZ lines have 30, 36 or 44)");
            dropping = inStx; // the line has ended: resynchronised, unless the rest of an STX frame must go too
            return null;
        }
        if (!lines.isEmpty() && lines.get(0).length() != length) {
            // a line of another format: the frame before it was cut short; this line may begin the next one
            reject(Reason.PARTIAL_FRAME, "a line of " + length + " characters followed " + lines.size()
                    + " line(s) of " + lines.get(0).length() + ", at byte offset " + offset);
            lines.clear();
        }
        lines.add(l);
        int needed = length == 30 ? 3 : 2;
        if (inStx) {
            if (lines.size() > MAX_LINES) {
                drop(Reason.NOT_AN_MRZ, "more than " + MAX_LINES + " lines before ETX, at byte offset " + offset);
            }
            return null; // ETX ends it
        }
        return lines.size() == needed ? complete() : null;
    }

    private List<String> complete() {
        List<String> frame = List.copyOf(lines);
        reset();
        return frame;
    }

    /** Reports, drops the frame so far and skips to the next line end. */
    private void drop(Reason reason, String detail) {
        reject(reason, detail);
        boolean wasStx = inStx;
        reset();
        dropping = true;
        // inside STX..ETX the rest of this frame is skipped too: ETX or a new STX resynchronises
        inStx = wasStx;
    }

    private void reject(Reason reason, String detail) {
        rejections.accept(new MrzRejection(reason, detail));
    }

    private void reset() {
        line.setLength(0);
        lines.clear();
        inStx = false;
        awaitingBcc = false;
        bcc = 0;
        dropping = false;
        skipBcc = false;
    }

    static boolean isMrzChar(int b) {
        return (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '<';
    }
}
