package org.openegate.crypto.lds;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.util.encoders.Hex;

import javax.security.auth.x500.X500Principal;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares X.500 names the way real ePassport PKIs need: as sets of attribute values, with case folded and
 * whitespace collapsed, whatever the RDN order or string type. Issuers encode the same name differently in
 * certificates and SignerInfos (a Malaysian SOD orders C,O,ST,L,OU,CN where its certificate orders C,ST,L,O,OU,CN;
 * PrintableString here, UTF8String there), and RFC 5280 §7.1 string preparation is what a strict comparison misses.
 */
public final class DistinguishedNames {

    private DistinguishedNames() {
    }

    /** The name as a sorted set of "oid=normalised value" strings; the key used to index and compare names. */
    public static Set<String> normalise(X500Name name) {
        Set<String> key = new TreeSet<>();
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue ava : rdn.getTypesAndValues()) {
                key.add(ava.getType().getId() + "=" + value(ava.getValue()));
            }
        }
        return key;
    }

    public static Set<String> normalise(X500Principal principal) {
        return normalise(X500Name.getInstance(principal.getEncoded()));
    }

    public static boolean equivalent(X500Name a, X500Name b) {
        return normalise(a).equals(normalise(b));
    }

    public static boolean equivalent(X500Principal a, X500Principal b) {
        return a.equals(b) || normalise(a).equals(normalise(b));
    }

    public static boolean equivalent(X500Principal a, X500Name b) {
        return normalise(a).equals(normalise(b));
    }

    /** The country (C) attribute, upper case, if the name has one. */
    public static Optional<String> country(X500Principal principal) {
        RDN[] rdns = X500Name.getInstance(principal.getEncoded()).getRDNs(BCStyle.C);
        if (rdns.length == 0) {
            return Optional.empty();
        }
        return Optional.of(value(rdns[0].getFirst().getValue()).toUpperCase(Locale.ROOT));
    }

    private static String value(ASN1Encodable value) {
        if (value instanceof ASN1String string) {
            try {
                String text = Normalizer.normalize(string.getString(), Normalizer.Form.NFKC);
                return text.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
            } catch (RuntimeException e) {
                // a string that does not decode (invalid UTF-8 in a UTF8String) is compared by its encoding
            }
        }
        try {
            return "#" + Hex.toHexString(value.toASN1Primitive().getEncoded());
        } catch (java.io.IOException | RuntimeException e) {
            return "#?" + System.identityHashCode(value);
        }
    }
}
