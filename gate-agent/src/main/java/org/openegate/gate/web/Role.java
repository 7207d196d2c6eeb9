package org.openegate.gate.web;

/** Who may do what on the console. Every route names the roles it admits; anything else is 403. */
public enum Role {
    /** Resolves referrals: sees a case's personal data while it is open, and decides. */
    OFFICER,
    /** Watches the officers' gates and cases (no personal data, no decisions) and the status page. */
    SUPERVISOR,
    /** Keeps the gates running: the status page only. */
    OPERATOR
}
