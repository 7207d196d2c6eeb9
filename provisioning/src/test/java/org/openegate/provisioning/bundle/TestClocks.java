package org.openegate.provisioning.bundle;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Fixed clocks: the operator signs at SIGNING, the gate checks an hour later. */
final class TestClocks {
    static final Clock SIGNING = Clock.fixed(Instant.parse("2026-11-27T09:00:00Z"), ZoneOffset.UTC);
    static final Clock GATE = Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC);

    private TestClocks() {
    }
}
