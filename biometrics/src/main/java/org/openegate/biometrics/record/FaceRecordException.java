package org.openegate.biometrics.record;

/** A face record that cannot be parsed; the reason is machine-readable and the message names the bad value. */
public final class FaceRecordException extends Exception {

    /** Why a face record was refused. */
    public enum Reason {
        /** Neither the ISO/IEC 19794-5 'FAC' header nor a 39794-5 structure. */
        UNKNOWN_FORMAT,
        /** A recognised format in a version this parser does not read yet. */
        UNSUPPORTED_VERSION,
        /** The record ends before a field or block it declares. */
        TRUNCATED,
        /** A length or count that contradicts the record's size. */
        BAD_LENGTH,
        /** The record holds no face image. */
        NO_IMAGE
    }

    private final Reason reason;

    public FaceRecordException(Reason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
