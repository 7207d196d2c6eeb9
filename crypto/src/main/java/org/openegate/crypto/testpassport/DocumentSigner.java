package org.openegate.crypto.testpassport;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A test Document Signer: certificate issued by a test CSCA, and its key. {@link #toString()} hides the key. */
public record DocumentSigner(X509Certificate certificate, PrivateKey privateKey, KeyAlgorithm algorithm) {

    @Override
    public String toString() {
        return "DocumentSigner[subject=" + certificate.getSubjectX500Principal().getName() + ", algorithm="
                + algorithm + ", privateKey=<redacted>]";
    }
}
