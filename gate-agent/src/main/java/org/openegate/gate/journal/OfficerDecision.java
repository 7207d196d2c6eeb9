package org.openegate.gate.journal;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * An officer's resolution of a referral, as it goes into the hash-chained trail. Holds no traveller data: the
 * transaction id links to the (encrypted) crossing record.
 *
 * @param officerId the officer's staff id ({@code [A-Za-z0-9._-]{1,64}})
 * @param verdict   what the officer decided
 * @param reason    a short code for why ({@code [A-Z0-9_]{1,40}}), e.g. {@code IDENTITY_CONFIRMED}; free text is
 *                  not allowed, because it would carry personal data into an unencrypted, never-purged trail
 */
public record OfficerDecision(String transactionId, String officerId, Verdict verdict, String reason,
        Instant decidedAt) {

    /** The officer's verdict on a referred traveller. */
    public enum Verdict {
        ADMIT,
        REFUSE,
        /** Not refused: sent back through the entry to a staffed booth for a manual check (TR-03135's third response). */
        MANUAL_BOOTH
    }

    private static final Pattern OFFICER = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern REASON = Pattern.compile("[A-Z0-9_]{1,40}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    public OfficerDecision {
        if (!ID.matcher(transactionId).matches()) {
            throw new IllegalArgumentException("transaction id '" + transactionId + "' is not [A-Za-z0-9-]{1,64}");
        }
        if (!OFFICER.matcher(officerId).matches()) {
            throw new IllegalArgumentException("officer id '" + officerId + "' is not [A-Za-z0-9._-]{1,64}");
        }
        if (!REASON.matcher(reason).matches()) {
            throw new IllegalArgumentException("reason '" + reason + "' is not a code [A-Z0-9_]{1,40}");
        }
    }
}
