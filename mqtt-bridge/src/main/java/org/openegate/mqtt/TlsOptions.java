package org.openegate.mqtt;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS for {@code ssl://} brokers: the broker's certificate must chain to {@code caCertificates} (a PEM
 * file with one or more CA certificates; the JVM's default trust store is NOT used, so this pins the
 * broker's CA), and the host name must match. A client certificate (PEM) and its PKCS#8 PEM key
 * authenticate the gate.
 */
public record TlsOptions(Path caCertificates, Optional<Path> clientCertificate, Optional<Path> clientKey) {

    public TlsOptions {
        Objects.requireNonNull(caCertificates, "caCertificates");
        Objects.requireNonNull(clientCertificate, "clientCertificate");
        Objects.requireNonNull(clientKey, "clientKey");
        if (clientCertificate.isPresent() != clientKey.isPresent()) {
            throw new IllegalArgumentException("a client certificate needs its key and a key needs its certificate");
        }
    }

    /** Server authentication only (CA pin). */
    public static TlsOptions pinnedCa(Path caCertificates) {
        return new TlsOptions(caCertificates, Optional.empty(), Optional.empty());
    }

    /** CA pin plus client certificate authentication. */
    public static TlsOptions mutual(Path caCertificates, Path clientCertificate, Path clientKey) {
        return new TlsOptions(caCertificates, Optional.of(clientCertificate), Optional.of(clientKey));
    }
}
