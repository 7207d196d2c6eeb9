package org.openegate.gate.risk.names;

import java.util.Locale;

/** 9303-3 §5 three-letter codes; MRZ fillers are dropped ("D<<" is Germany). */
final class Nationality {

    private Nationality() {
    }

    static String normalise(String code) {
        if (code == null) {
            return "";
        }
        String c = code.trim().replace("<", "").toUpperCase(Locale.ROOT);
        if (c.length() > 3) {
            throw new NameScreeningException(NameScreeningException.Reason.BAD_NATIONALITY,
                    "nationality has " + c.length() + " letters, at most 3");
        }
        for (int i = 0; i < c.length(); i++) {
            if (c.charAt(i) < 'A' || c.charAt(i) > 'Z') {
                throw new NameScreeningException(NameScreeningException.Reason.BAD_NATIONALITY,
                        "nationality has a non-letter at offset " + i);
            }
        }
        return c;
    }

    /** Three letters into 15 bits (0 = unknown), so a million entries cost 2 MB, not a million Strings. */
    static short pack(String code) {
        int v = 0;
        for (int i = 0; i < code.length(); i++) {
            v = v * 27 + (code.charAt(i) - 'A' + 1);
        }
        return (short) v;
    }
}
