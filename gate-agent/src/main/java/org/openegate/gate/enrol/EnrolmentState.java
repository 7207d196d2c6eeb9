package org.openegate.gate.enrol;

/** Where the gate stands with its fleet, as {@code /health} shows it under {@code enrolment.state}. */
public enum EnrolmentState {
    /** Asking the registrar with the claim certificate. */
    CLAIMING,
    /** The registrar answered PENDING: the serial waits for {@code egate fleet approve}; the gate retries with backoff. */
    PENDING_APPROVAL,
    /** The registrar refused (a bad token, a revoked serial): named in {@code enrolment.detail}. */
    REFUSED,
    /** The registrar or the broker could not be reached; the gate retries with backoff. */
    UNREACHABLE,
    /** Enrolled: the gate reports with its own certificate and admits travellers. */
    ENROLLED,
    /** Revoked by the operator: keys and personal data wiped, gate out of service. */
    REVOKED;

    /** Whether the gate may admit travellers in this state. */
    public boolean serving() {
        return this == ENROLLED;
    }
}
