package org.openegate.provisioning.enrol;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A private key and its certificate: what a TLS client presents (a claim, an enrolled gate, the registrar). The key
 * may be a PKCS#11 or TPM handle; it is never printed.
 */
public record Credentials(PrivateKey key, X509Certificate certificate) {

    public Credentials {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(certificate, "certificate");
    }

    /** The certificate's CN: the MQTT user name the broker gives this client. */
    public String commonName() {
        return Names.commonName(certificate);
    }

    @Override
    public String toString() {
        return "Credentials[" + certificate.getSubjectX500Principal().getName() + ", serial "
                + certificate.getSerialNumber().toString(16) + ", key redacted]";
    }
}
