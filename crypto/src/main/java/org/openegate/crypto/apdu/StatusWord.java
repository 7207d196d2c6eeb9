package org.openegate.crypto.apdu;

/** Status words used by ICAO 9303 chips (ISO/IEC 7816-4 §5.6), for comparisons and messages. */
public final class StatusWord {

    public static final int OK = 0x9000;
    /** 62 82: end of file reached before Ne bytes were read (a warning: the data returned is good). */
    public static final int END_OF_FILE = 0x6282;
    /** 63 00: verification or authentication failed (MUTUAL AUTHENTICATE with a wrong BAC key). */
    public static final int AUTHENTICATION_FAILED = 0x6300;
    public static final int WRONG_LENGTH = 0x6700;
    /** 69 82: security status not satisfied (file read without the required access control). */
    public static final int SECURITY_STATUS_NOT_SATISFIED = 0x6982;
    public static final int CONDITIONS_NOT_SATISFIED = 0x6985;
    /** 69 87: expected secure messaging data objects missing. */
    public static final int SM_DATA_OBJECTS_MISSING = 0x6987;
    /** 69 88: secure messaging data objects incorrect (wrong MAC). */
    public static final int SM_DATA_OBJECTS_INCORRECT = 0x6988;
    public static final int WRONG_DATA = 0x6A80;
    public static final int FILE_NOT_FOUND = 0x6A82;
    public static final int INCORRECT_P1_P2 = 0x6A86;
    /** 6B 00: wrong parameters, offset outside the file. */
    public static final int WRONG_P1_P2 = 0x6B00;
    public static final int INS_NOT_SUPPORTED = 0x6D00;
    public static final int CLA_NOT_SUPPORTED = 0x6E00;

    private StatusWord() {
    }

    /** Four upper-case hex digits, for messages: {@code 6A82}. */
    public static String hex(int sw) {
        return String.format("%04X", sw & 0xFFFF);
    }

    /** 61 xx: more response bytes are waiting for GET RESPONSE. */
    public static boolean isMoreData(int sw) {
        return (sw >>> 8) == 0x61;
    }

    /** 6C xx: wrong Le; xx is the exact length to ask for. */
    public static boolean isWrongLe(int sw) {
        return (sw >>> 8) == 0x6C;
    }

    /** A length byte where 00 means 256 (ISO/IEC 7816-4 §5.1 for short Ne, 61xx and 6Cxx). */
    static int shortLength(int sw2) {
        return sw2 == 0 ? 256 : sw2;
    }
}
