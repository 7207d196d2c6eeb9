package org.openegate.provisioning.enrol;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * The registrar's answer to an enrolment or renewal: {@link Status#ISSUED} with the device's new credentials (the
 * certificate checked against the fleet CA and the device key) and the operator's certificate (checked too, the
 * trust anchor for bundles and revocation notices); {@link Status#PENDING} until the operator approves the serial;
 * {@link Status#REFUSED} with the reason.
 */
public record EnrolmentOutcome(Status status, String reason, Optional<Credentials> credentials,
        Optional<X509Certificate> operatorCertificate) {

    public enum Status {
        ISSUED,
        PENDING,
        REFUSED
    }

    public EnrolmentOutcome {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(operatorCertificate, "operatorCertificate");
        if ((status == Status.ISSUED) != credentials.isPresent()) {
            throw new IllegalArgumentException("credentials come with ISSUED and only then");
        }
    }

    /** The credentials of an ISSUED outcome; otherwise an {@link EnrolmentException} naming the status and reason. */
    public Credentials issued() {
        return credentials.orElseThrow(() -> new EnrolmentException(
                status == Status.PENDING ? EnrolmentException.Reason.NOT_APPROVED : EnrolmentException.Reason.BROKER,
                "enrolment " + status + (reason == null ? "" : ": " + reason)));
    }
}
