package org.openegate.crypto.pa;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Maps the three-letter codes of 9303-3 §5 to ISO 3166-1 alpha-2, as used in certificate C attributes. */
final class CountryCodes {

    private static final Map<String, String> ALPHA3_TO_ALPHA2 = new HashMap<>();

    static {
        for (String alpha2 : Locale.getISOCountries()) {
            try {
                ALPHA3_TO_ALPHA2.put(new Locale("", alpha2).getISO3Country(), alpha2);
            } catch (java.util.MissingResourceException e) {
                // a region without an alpha-3 code cannot appear in an MRZ
            }
        }
        // 9303-3 §5: Germany is "D"; British nationals' codes all belong to GB; Kosovo (RKS) certificates say XK
        ALPHA3_TO_ALPHA2.put("D", "DE");
        for (String code : new String[] {"GBD", "GBN", "GBO", "GBP", "GBS"}) {
            ALPHA3_TO_ALPHA2.put(code, "GB");
        }
        ALPHA3_TO_ALPHA2.put("RKS", "XK");
    }

    private CountryCodes() {
    }

    static Optional<String> alpha2(String mrzCode) {
        return Optional.ofNullable(ALPHA3_TO_ALPHA2.get(mrzCode));
    }
}
