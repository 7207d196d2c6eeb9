package org.openegate.crypto.tlv;

/** Malformed BER-TLV input. The reason is machine-readable; the message names the offending value and offset. */
public final class TlvException extends IllegalArgumentException {

    /** Why a TLV encoding was refused. */
    public enum Reason {
        /** The input ended inside a tag, a length or a value. */
        TRUNCATED,
        /** A declared length runs past the end of the input; refused before anything is allocated. */
        LENGTH_EXCEEDS_INPUT,
        /** Indefinite length (0x80) is not allowed in DER and not used by ICAO 9303. */
        INDEFINITE_LENGTH,
        /** A length field of more than four octets, or one that does not fit a signed 32-bit int. */
        LENGTH_TOO_LONG,
        /** A tag of more than three octets. */
        TAG_TOO_LONG,
        /** Bytes were left after the last object where exactly one object was expected. */
        TRAILING_DATA,
        /** Nesting deeper than the parser allows. */
        TOO_DEEP,
        /** A primitive object was asked for its children, or a required child is missing. */
        UNEXPECTED_STRUCTURE
    }

    private final Reason reason;
    private final int offset;

    public TlvException(Reason reason, int offset, String detail) {
        super(reason + " at offset " + offset + ": " + detail);
        this.reason = reason;
        this.offset = offset;
    }

    public Reason reason() {
        return reason;
    }

    /** Offset in the input where the problem was found. */
    public int offset() {
        return offset;
    }
}
