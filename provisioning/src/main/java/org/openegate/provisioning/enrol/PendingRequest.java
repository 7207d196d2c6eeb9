package org.openegate.provisioning.enrol;

import java.time.Instant;

/** A gate that asked to enrol with neither a valid token nor an allow-list entry: it waits for {@code fleet approve}. */
public record PendingRequest(String serial, String site, String hardware, Instant firstSeen, Instant lastSeen,
        int attempts) {
}
