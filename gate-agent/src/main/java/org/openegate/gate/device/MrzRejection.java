package org.openegate.gate.device;

import java.util.Objects;

/**
 * Why the document reader's output was not taken as an MRZ; the reader then waits for the next read. Reported to a
 * listener so that the traveller can be asked to present the document again.
 *
 * @param reason why
 * @param detail what was seen, with offsets and lengths; never the MRZ characters themselves (personal data)
 */
public record MrzRejection(Reason reason, String detail) {

    /** Why a read was rejected. */
    public enum Reason {
        /** Bytes outside the MRZ alphabet and the framing characters; the line was dropped. */
        GARBAGE,
        /** A line longer than the configured maximum; dropped up to its end. */
        LINE_TOO_LONG,
        /** A frame stopped part-way (no more lines within the inter-line timeout, or a new frame began). */
        PARTIAL_FRAME,
        /** The frame's trailing checksum (block check character) did not match. */
        FRAME_CHECKSUM,
        /** The lines are not the shape of any MRZ (line count or lengths). */
        NOT_AN_MRZ,
        /** An MRZ, but a check digit is wrong (9303-3 §4.9): probably an OCR misread. */
        CHECK_DIGIT
    }

    public MrzRejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }
}
