package org.openegate.crypto.pa;

import org.openegate.crypto.CheckStatus;

/**
 * The result of one part of Passive Authentication: a TR-03135 status, a reason code and a short detail for
 * people (names algorithms, certificate subjects or data group numbers, never personal data).
 */
public record PaCheck(CheckStatus status, PaReason reason, String detail) {

    static PaCheck passed(String detail) {
        return new PaCheck(CheckStatus.PASSED, PaReason.OK, detail);
    }

    static PaCheck of(CheckStatus status, PaReason reason, String detail) {
        return new PaCheck(status, reason, detail);
    }
}
