package org.openegate.provisioning.enrol;

import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Reading single attributes (CN, OU) out of X.500 names. */
final class Names {

    private Names() {
    }

    static String commonName(X509Certificate certificate) {
        return attribute(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), "CN");
    }

    static String organisationalUnit(X509Certificate certificate) {
        return attribute(X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), "OU");
    }

    /** The one value of {@code CN} or {@code OU} in {@code name}, or null if there is none or more than one. */
    static String attribute(X500Name name, String type) {
        RDN[] rdns = name.getRDNs("CN".equals(type) ? BCStyle.CN : BCStyle.OU);
        if (rdns.length != 1 || rdns[0].isMultiValued()) {
            return null;
        }
        return IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }
}
